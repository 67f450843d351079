"""Search your own history: artists, tracks and albums you played whose name matches."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy.orm import Session

from data.queries.listening import arrays
from data.queries.listening.frame import load_listening

MIN_CHARS = 2
COLUMNS = ["id", "name", "artist_id", "artist", "plays", "minutes"]


def search_history(
    session: Session, user_id: int, text: str, tz: str, limit: int = 20
) -> dict[str, pd.DataFrame]:
    """For "artists", "tracks" and "albums": the ones whose name contains ``text`` (any case),
    most played first, with every play counted (music, podcasts, audiobooks, skips)."""
    needle = " ".join((text or "").split())
    empty = {e: pd.DataFrame(columns=COLUMNS) for e in arrays.CODES}
    lst = load_listening(session, user_id, tz)
    if len(needle) < MIN_CHARS or lst.empty:
        return empty
    ms = arrays.column(lst.plays, "ms").astype(np.float64)
    artist_codes = arrays.column(lst.plays, "artist_ix")
    out = {}
    for entity, column in arrays.CODES.items():
        dim: pa.Table = getattr(lst, entity)
        hit = np.flatnonzero(
            pc.match_substring(dim.column("name"), needle, ignore_case=True)
            .fill_null(False)
            .to_numpy(zero_copy_only=False)
        )
        codes = arrays.column(lst.plays, column)
        played = codes >= 0
        plays = np.bincount(codes[played], minlength=dim.num_rows)
        minutes = np.bincount(codes[played], weights=ms[played], minlength=dim.num_rows) / 60000
        hit = hit[plays[hit] > 0]
        hit = hit[np.lexsort((hit, -plays[hit]))][:limit]
        # the artist of each hit: the one credited on its first play
        first = [int(np.argmax(codes == h)) for h in hit]
        artist_rows = artist_codes[first] if entity != "artists" else hit
        out[entity] = pd.DataFrame(
            {
                "id": dim.column("id").take(pa.array(hit)).to_pylist(),
                "name": dim.column("name").take(pa.array(hit)).to_pylist(),
                "artist_id": lst.artists.column("id").take(pa.array(artist_rows)).to_pylist(),
                "artist": lst.artists.column("name").take(pa.array(artist_rows)).to_pylist(),
                "plays": plays[hit].astype(np.int64),
                "minutes": minutes[hit],
            },
            columns=COLUMNS,
        )
    return out
