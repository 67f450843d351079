"""One track or album in one listener's history: plays over time, first and last play, its
share of the artist's plays, and the listening sessions it was part of."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Album, Artist, Track
from data.queries.listening import arrays
from data.queries.listening.base import spotify_url
from data.queries.listening.filters import Filters
from data.queries.listening.frame import Listening, load_listening
from data.queries.listening.habits import GAP_MS

KINDS = ("track", "album")
_CODES = {"track": ("track_ix", "tracks"), "album": ("album_ix", "albums")}
SESSION_COLUMNS = ["start", "end", "minutes", "plays", "item_plays"]


def item_info(session: Session, kind: str, item_id: int) -> dict | None:
    """Name, artist, album (for a track), image, Spotify link and content kind (music,
    podcast, audiobook); None when unknown."""
    if kind == "track":
        row = session.execute(
            select(Track.name, Track.artist_id, Artist.name, Track.album_id, Album.name,
                   Album.image_url, Track.spotify_uri, Track.kind)
            .join(Artist, Artist.id == Track.artist_id)
            .outerjoin(Album, Album.id == Track.album_id)
            .where(Track.id == item_id)
        ).first()  # fmt: skip
    else:
        found = session.execute(
            select(Album.name, Album.artist_id, Artist.name, Album.image_url)
            .join(Artist, Artist.id == Album.artist_id)
            .where(Album.id == item_id)
        ).first()
        row = (*found[:3], None, None, found[3], None, "music") if found else None
    if row is None:
        return None
    name, artist_id, artist, album_id, album, image, uri, content = row
    return {
        "kind": kind,
        "id": item_id,
        "name": name,
        "artist_id": artist_id,
        "artist": artist,
        "album_id": album_id,
        "album": album,
        "image_url": image,
        "spotify_url": spotify_url(uri, "track") if uri else None,
        "content": content or "music",
    }


def _mine(
    lst: Listening, f: Filters, kind: str, item_id: int
) -> tuple[arrays.Selection, np.ndarray]:
    """The selection of the period and the positions in it of this item's plays."""
    column, dim = _CODES[kind]
    ids = arrays.column(getattr(lst, dim), "id")
    code = int(np.searchsorted(ids, item_id))
    sel = arrays.select(lst, f)
    if code >= len(ids) or ids[code] != item_id:
        return sel, np.array([], dtype=np.int64)
    return sel, np.flatnonzero(sel.values(arrays.column(lst.plays, column)) == code)


def item_summary(
    session: Session, user_id: int, kind: str, item_id: int, artist_id: int, f: Filters
) -> dict:
    """Plays, minutes, first and last play, and the share of the artist's plays it holds."""
    lst = load_listening(session, user_id, f.tz)
    sel, mine = _mine(lst, f, kind, item_id)
    if not len(mine):
        return {"plays": 0, "minutes": 0.0, "first": None, "last": None, "share": None}
    ts = sel.values(arrays.column(lst.plays, "ts"))
    ms = sel.values(arrays.column(lst.plays, "ms"))
    artists = sel.values(arrays.column(lst.plays, "artist_ix"))
    artist_ids = arrays.column(lst.artists, "id")
    code = int(np.searchsorted(artist_ids, artist_id))
    by_artist = int(np.count_nonzero(artists == code)) if code < len(artist_ids) else 0
    return {
        "plays": len(mine),
        "minutes": float(ms[mine].sum()) / 60000.0,
        "first": pd.Timestamp(ts[mine[0]]).to_pydatetime(),
        "last": pd.Timestamp(ts[mine[-1]]).to_pydatetime(),
        "share": len(mine) / by_artist if by_artist else None,
    }


def item_months(
    session: Session, user_id: int, kind: str, item_id: int, f: Filters
) -> pd.DataFrame:
    """Columns month (first day), plays, minutes: the item's plays per month."""
    lst = load_listening(session, user_id, f.tz)
    sel, mine = _mine(lst, f, kind, item_id)
    if not len(mine):
        return pd.DataFrame({"month": [], "plays": [], "minutes": []})
    ts = sel.values(arrays.column(lst.plays, "ts"))[mine].astype("datetime64[M]")
    ms = sel.values(arrays.column(lst.plays, "ms"))[mine].astype(np.int64)
    frame = pd.DataFrame({"month": ts.astype("datetime64[D]"), "ms": ms})
    out = frame.groupby("month", as_index=False).agg(plays=("ms", "size"), ms=("ms", "sum"))
    out["month"] = out["month"].dt.date
    return out.assign(minutes=out.pop("ms") / 60000.0)


def item_sessions(
    session: Session, user_id: int, kind: str, item_id: int, f: Filters, limit: int = 10
) -> tuple[pd.DataFrame, int]:
    """The longest listening sessions (10-minute gap rule) this item was part of, and how many
    sessions it was part of in all. Columns: start, end, minutes, plays, item_plays."""
    lst = load_listening(session, user_id, f.tz)
    sel, mine = _mine(lst, f, kind, item_id)
    if not len(mine):
        return pd.DataFrame(columns=SESSION_COLUMNS), 0
    ts = sel.values(arrays.column(lst.plays, "ts")).astype(np.int64)
    ms = sel.values(arrays.column(lst.plays, "ms")).astype(np.int64)
    started = ts - ms
    first = np.flatnonzero(np.r_[True, started[1:] - ts[:-1] > GAP_MS])
    session_of = np.searchsorted(first, mine, side="right") - 1
    hit, item_plays = np.unique(session_of, return_counts=True)
    bounds = np.r_[first, len(ts)]
    start = np.array([started[bounds[s] : bounds[s + 1]].min() for s in hit])
    end = np.array([ts[bounds[s] : bounds[s + 1]].max() for s in hit])
    frame = pd.DataFrame(
        {
            "start": start.astype("datetime64[ms]"),
            "end": end.astype("datetime64[ms]"),
            "minutes": (end // 1000 - start // 1000) / 60.0,
            "plays": (bounds[hit + 1] - bounds[hit]).astype(np.int64),
            "item_plays": item_plays.astype(np.int64),
        }
    )
    longest = frame.sort_values(["minutes", "start"], ascending=[False, True]).head(int(limit))
    return longest.reset_index(drop=True), len(hit)
