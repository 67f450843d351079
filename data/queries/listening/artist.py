"""One artist in one user's history: first/last play, rank over time, tracks, hours, shows."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Artist, Event, EventArtist
from data.queries.event_places import read_frame, with_place
from data.queries.listening import arrays
from data.queries.listening.base import spotify_url, where
from data.queries.listening.filters import Filters
from data.queries.listening.frame import load_listening


def artist_info(session: Session, artist_id: int) -> dict | None:
    """Name, image and Spotify link of an artist (artists are shared, not private)."""
    row = session.execute(
        select(Artist.id, Artist.name, Artist.image_url, Artist.spotify_id).where(
            Artist.id == artist_id
        )
    ).first()
    if row is None:
        return None
    return {
        "id": row.id,
        "name": row.name,
        "image_url": row.image_url,
        "spotify_url": spotify_url(row.spotify_id),
    }


def artist_summary(session: Session, user_id: int, artist_id: int, f: Filters) -> dict:
    """First and last play, plays, minutes and all-time rank (by the filter's measure)."""
    lst = load_listening(session, user_id, f.tz)
    cond, params = where(f)
    value = "count(*)::DOUBLE" if f.measure == "plays" else "sum(ms)"
    row = (
        lst.con(period=f)
        .execute(
            f"""
            WITH per AS (SELECT artist_id, {value} AS value, count(*) AS plays,
                                sum(ms) / 60000.0 AS minutes, min(ts) AS first, max(ts) AS last
                         FROM p WHERE {cond} GROUP BY 1),
            ranked AS (SELECT *, rank() OVER (ORDER BY value DESC) AS rank FROM per)
            SELECT first, last, plays, minutes, rank, (SELECT count(*) FROM per)
            FROM ranked WHERE artist_id = ?
            """,  # noqa: S608
            [*params, int(artist_id)],
        )
        .fetchone()
    )
    if row is None:
        return {"plays": 0, "minutes": 0.0, "first": None, "last": None, "rank": None, "of": 0}
    keys = ("first", "last", "plays", "minutes", "rank", "of")
    return dict(zip(keys, row, strict=True))


_MONTHS = {"month": object, "plays": "int64", "minutes": "float64", "rank": "int64"}


def artist_months(session: Session, user_id: int, artist_id: int, f: Filters) -> pd.DataFrame:
    """Per month: the artist's plays, minutes and rank among all artists that month.

    The plays are in time order, so a month is a run of rows found by binary search: its
    totals per artist are one ``np.bincount``, and the rank is one more than the artists above
    this one (as SQL's ``rank()``: ties share a rank). Grouping every play by month and artist
    in DuckDB took 100 ms at a million plays.
    """
    lst = load_listening(session, user_id, f.tz)
    ids = arrays.column(lst.artists, "id")
    code = int(np.searchsorted(ids, artist_id))
    sel = arrays.select(lst, f)
    codes = sel.values(arrays.column(lst.plays, "artist_ix"))
    mine = np.flatnonzero(codes == code) if code < len(ids) and ids[code] == artist_id else []
    out: dict[str, list] = {"month": [], "plays": [], "minutes": [], "rank": []}
    if not len(mine):
        return pd.DataFrame(out).astype(_MONTHS)
    ts = sel.values(arrays.column(lst.plays, "ts"))
    ms = sel.values(arrays.column(lst.plays, "ms")).astype(np.int64)
    months = np.arange(
        ts[mine[0]].astype("datetime64[M]"), ts[mine[-1]].astype("datetime64[M]") + 2
    )
    bounds = np.searchsorted(ts, months.astype(ts.dtype)).tolist()
    heard = np.searchsorted(mine, bounds).tolist()  # the artist's plays in each month
    for i, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        plays = heard[i + 1] - heard[i]
        if not plays:
            continue
        played = int(ms[mine[heard[i] : heard[i + 1]]].sum())
        run = codes[lo:hi]
        known = run >= 0
        if f.measure == "plays":
            above = np.count_nonzero(np.bincount(run[known]) > plays)
        else:
            above = np.count_nonzero(np.bincount(run[known], weights=ms[lo:hi][known]) > played)
        out["month"].append(months[i].astype("datetime64[D]").item())
        out["plays"].append(plays)
        out["minutes"].append(played / 60000.0)
        out["rank"].append(1 + int(above))
    return pd.DataFrame(out).astype(_MONTHS)


def artist_tracks(
    session: Session, user_id: int, artist_id: int, f: Filters, limit: int = 10
) -> pd.DataFrame:
    """The artist's most played tracks: columns track_id, track, plays, minutes, spotify_url."""
    lst = load_listening(session, user_id, f.tz)
    cond, params = where(f)
    order = "plays" if f.measure == "plays" else "minutes"
    frame = (
        lst.con("t", period=f)
        .execute(
            f"""
            SELECT p.track_id, any_value(t.name) AS track, count(*) AS plays,
                   sum(ms) / 60000.0 AS minutes, any_value(t.spotify_uri) AS uri
            FROM p LEFT JOIN t ON t.id = p.track_id
            WHERE {cond} AND p.artist_id = ? GROUP BY 1 ORDER BY {order} DESC, 1 LIMIT ?
            """,  # noqa: S608
            [*params, int(artist_id), int(limit)],
        )
        .df()
    )
    frame["spotify_url"] = frame.pop("uri").map(spotify_url)
    return frame


def artist_hours(session: Session, user_id: int, artist_id: int, f: Filters) -> pd.DataFrame:
    """Columns hour (0-23, local), plays, minutes for this artist; all 24 hours present."""
    lst = load_listening(session, user_id, f.tz)
    cond, params = where(f)
    frame = (
        lst.con(period=f)
        .execute(
            f"""
            SELECT hour(ts) AS hour, count(*) AS plays, sum(ms) / 60000.0 AS minutes
            FROM p WHERE {cond} AND artist_id = ? GROUP BY 1
            """,  # noqa: S608
            [*params, int(artist_id)],
        )
        .df()
    )
    hours = pd.DataFrame({"hour": range(24)})
    return hours.merge(frame, on="hour", how="left").fillna({"plays": 0, "minutes": 0.0})


def artist_shows(session: Session, artist_id: int, today: date, limit: int = 10) -> pd.DataFrame:
    """Upcoming, non-cancelled events with this artist on the lineup (events are public)."""
    statement = (
        with_place(Event.id, Event.title, Event.local_date, Event.local_time, Event.ticket_url)
        .join(EventArtist, EventArtist.event_id == Event.id)
        .where(
            EventArtist.artist_id == artist_id,
            Event.local_date >= today,
            Event.status != "cancelled",
        )
        .order_by(Event.local_date, Event.local_time)
        .limit(limit)
    )
    return read_frame(session, statement)
