"""A user's listening history as Arrow tables, cached by (user, data version, time zone).

Listening queries read these tables through DuckDB (the hottest through numpy, see ``arrays``).
The plays table holds one row per play, sorted by ``ts`` = the local (naive) time the play ended
in the requested zone, so a period is one contiguous slice; names live in small dimension
tables (artists, tracks, albums, sorted by id) joined after aggregating, and each play carries
the row of its artist, track and album there (``artist_ix``, ``track_ix``, ``album_ix``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from data.frame_cache import get_frame_cache
from data.models import User
from data.queries.listening.filters import SKIP_MS, Filters

SCHEMA_VERSION = 4  # bump when the cached table layout changes
_PLAYS_SQL = text(
    "SELECT ended_at, ms_played, kind, track_id, artist_id, album_id, skipped, shuffle, "
    "platform FROM plays WHERE user_id = :uid ORDER BY ended_at"
)
_CHUNK = 200_000


@dataclass(frozen=True)
class Listening:
    """One user's history: plays plus the names of what they played."""

    plays: pa.Table
    artists: pa.Table
    tracks: pa.Table
    albums: pa.Table
    # First play per (artist, kind) in local time: any play, and the first of 30 s or more.
    firsts: pa.Table

    def con(self, *names: str, period: Filters | None = None) -> duckdb.DuckDBPyConnection:
        """A DuckDB cursor with plays registered as ``p`` (zero-copy) and, when named, the
        tables ``a`` (artists), ``t`` (tracks), ``al`` (albums) and ``f`` (firsts).

        With ``period``, ``p`` holds only the plays of its local days (a slice of the sorted
        table), so the scan skips the rest; the query still filters on its own."""
        cur = duckdb.default_connection().cursor()
        if period is None:
            cur.register("p", self.plays)
        else:
            lo, hi = self.rows_between(period.start, period.end)
            cur.register("p", self.plays.slice(lo, hi - lo))
        tables = {"a": self.artists, "t": self.tracks, "al": self.albums, "f": self.firsts}
        for name in names:
            cur.register(name, tables[name])
        return cur

    @property
    def empty(self) -> bool:
        return self.plays.num_rows == 0

    def rows_between(self, start: date | None, end: date | None) -> tuple[int, int]:
        """Row range [lo, hi) of the plays on local days ``start`` to ``end`` (inclusive)."""
        if self.plays.num_rows == 0:
            return 0, 0
        col = self.plays.column("ts")
        ts = (col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()).to_numpy()
        lo, hi = 0, len(ts)
        if start is not None:
            lo = int(np.searchsorted(ts, np.datetime64(start, "ms"), "left"))
        if end is not None:
            hi = int(np.searchsorted(ts, np.datetime64(end + timedelta(days=1), "ms"), "left"))
        return lo, max(lo, hi)


def data_version(session: Session, user_id: int) -> int:
    return int(session.scalar(select(User.data_version).where(User.id == user_id)) or 0)


def cache_key(session: Session, user_id: int) -> str:
    """Names this user's data at its current version in this database.

    The account's creation time and the database URL are part of it so a reused user id
    (after a deletion, or another database sharing the cache directory) never sees old rows.
    """
    row = session.execute(
        select(User.data_version, User.created_at).where(User.id == user_id)
    ).first()
    version, created = (row.data_version, row.created_at) if row else (0, None)
    bind = session.get_bind().url.render_as_string(hide_password=True)
    place = hashlib.sha1(f"{bind}|{created}".encode(), usedforsecurity=False).hexdigest()[:12]
    return f"listening:v{SCHEMA_VERSION}:{user_id}:{place}:{version}"


def forget_user(user_id: int) -> int:
    """Drop every cached table of a user (call when their account or history is deleted)."""
    cache = get_frame_cache()
    return cache.forget(f"listening:v{SCHEMA_VERSION}:{user_id}:") if cache is not None else 0


def load_listening(session: Session, user_id: int, tz: str) -> Listening:
    """The user's tables in zone ``tz``: from the cache when their data version still matches.

    Remembered on the session (``session.info``) so the several queries of one request share
    one lookup; a new session (request) checks the data version again.
    """
    memo = session.info.setdefault("listening", {})
    if (user_id, tz) not in memo:
        memo[(user_id, tz)] = _load(session, user_id, tz)
    return memo[(user_id, tz)]


def prepare_listening(session: Session, user_id: int) -> int:
    """Build and cache the user's tables in their own zone, the one Wrapped opens in.

    Called as the last step of an import (under its progress bar): at a million plays the
    build takes seconds, which the first dashboard view would otherwise wait for.

    Returns:
        The number of plays in the tables.
    """
    tz = session.scalar(select(User.timezone).where(User.id == user_id)) or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        tz = "UTC"
    return load_listening(session, user_id, tz).plays.num_rows


def _load(session: Session, user_id: int, tz: str) -> Listening:
    base = cache_key(session, user_id)
    cache = get_frame_cache()
    names = ("plays", "artists", "tracks", "albums", "firsts")
    keys = {n: f"{base}:{n}" for n in names}
    keys["plays"] = f"{base}:plays:{tz}"
    keys["firsts"] = f"{base}:firsts:{tz}"
    if cache is not None:
        found = {n: cache.get(k) for n, k in keys.items()}
        if all(v is not None for v in found.values()):
            return Listening(**found)
    utc = cache.get(f"{base}:plays-utc") if cache is not None else None
    if utc is None:
        utc = _read_plays(session, user_id)
        if cache is not None:
            cache.put(f"{base}:plays-utc", utc)
    dims = _read_dims(session, utc)
    plays = with_codes(localise(utc, tz), dims)
    tables = {"plays": plays, "firsts": _firsts(plays), **dims}
    if cache is not None:
        for name, table in tables.items():
            cache.put(keys[name], table)
    return Listening(**tables)


def localise(utc: pa.Table, tz: str) -> pa.Table:
    """Replace ``ended_at`` (UTC) by ``ts``: the naive local time in ``tz``, sorted by it.

    UTC order is local order except in the hour a clock falls back, hence the re-sort."""
    ended = pd.Series(utc.column("ended_at").to_numpy(), copy=False)
    local = ended.dt.tz_localize("UTC").dt.tz_convert(tz).dt.tz_localize(None)
    values = local.to_numpy().astype("datetime64[ms]")
    table = utc.drop_columns(["ended_at"]).add_column(0, "ts", pa.array(values))
    if len(values) > 1 and (values[1:] < values[:-1]).any():
        table = table.take(pa.array(np.argsort(values, kind="stable")))
    return table.combine_chunks()


def with_codes(plays: pa.Table, dims: dict[str, pa.Table]) -> pa.Table:
    """Add each play's row in the (id-sorted) artists, tracks and albums tables; -1 if none."""
    for column, dim in (("artist_id", "artists"), ("track_id", "tracks"), ("album_id", "albums")):
        ids = dims[dim].column("id").to_numpy()
        values = plays.column(column)
        raw = values.fill_null(-1).to_numpy() if values.null_count else values.to_numpy()
        codes = np.searchsorted(ids, raw).astype(np.int32)
        known = codes < len(ids)
        known[known] = ids[codes[known]] == raw[known]
        codes[~known] = -1
        plays = plays.append_column(column.replace("_id", "_ix"), pa.array(codes))
    return plays


def _firsts(plays: pa.Table) -> pa.Table:
    cur = duckdb.default_connection().cursor()
    cur.register("p", plays)
    return cur.sql(
        f"""
        SELECT artist_id, kind::VARCHAR AS kind, min(ts) AS first_any,
               min(CASE WHEN ms >= {SKIP_MS} THEN ts END) AS first_long
        FROM p GROUP BY 1, 2
        """  # noqa: S608  (a constant)
    ).to_arrow_table()


def _read_plays(session: Session, user_id: int) -> pa.Table:
    result = session.connection().execute(_PLAYS_SQL, {"uid": user_id})
    parts = []
    while rows := result.fetchmany(_CHUNK):
        parts.append(_plays_chunk(rows))
    table = pa.concat_tables(parts) if parts else _plays_chunk([])
    # One dictionary per column for the whole table: IPC files allow no replacements.
    table = table.combine_chunks()
    for name in ("kind", "platform"):
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, pc.dictionary_encode(table.column(name)))
    return table


def _plays_chunk(rows) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [()] * 9
    ended = pd.to_datetime(pd.Series(cols[0], dtype=object), format="ISO8601")
    return pa.table(
        {
            "ended_at": pa.array(ended.to_numpy().astype("datetime64[ms]")),
            "ms": pa.array(cols[1], pa.int32()),
            "kind": pa.array(cols[2], pa.string()),
            "track_id": pa.array(cols[3], pa.int32()),
            "artist_id": pa.array(cols[4], pa.int32()),
            "album_id": pa.array(cols[5], pa.int32()),
            "skipped": pa.array([None if v is None else bool(v) for v in cols[6]], pa.bool_()),
            "shuffle": pa.array([None if v is None else bool(v) for v in cols[7]], pa.bool_()),
            "platform": pa.array(cols[8], pa.string()),
        }
    )


def _read_dims(session: Session, plays: pa.Table) -> dict[str, pa.Table]:
    """Names of the artists, tracks and albums that appear in ``plays``."""
    conn = session.connection()
    out = {}
    specs = {
        "artists": ("artist_id", "SELECT id, name, image_url, spotify_id FROM artists"),
        "tracks": ("track_id", "SELECT id, name, spotify_uri, duration_ms, artist_id FROM tracks"),
        "albums": ("album_id", "SELECT id, name, image_url FROM albums"),
    }
    for name, (column, sql) in specs.items():
        wanted = pc.unique(plays.column(column).drop_null()).to_pylist()
        rows = []
        for i in range(0, len(wanted), 5000):
            chunk = wanted[i : i + 5000]
            marks = ",".join(str(int(v)) for v in chunk)  # ints from our own table
            rows += conn.execute(text(f"{sql} WHERE id IN ({marks})")).all()
        frame = pd.DataFrame(rows, columns=_dim_columns(sql))
        frame["id"] = frame["id"].astype("int32")
        frame = frame.sort_values("id", ignore_index=True)
        out[name] = pa.Table.from_pandas(frame, preserve_index=False)
    return out


def _dim_columns(sql: str) -> list[str]:
    return [c.strip() for c in sql.split("SELECT", 1)[1].split("FROM", 1)[0].split(",")]
