"""Shared SQL pieces: the filter's WHERE clause, the measure expression, Spotify links."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from data.queries.listening.filters import SKIP_MS, Filters


def where(f: Filters, *, period: bool = True, skips: bool | None = None) -> tuple[str, list]:
    """WHERE clause over ``p`` for content, skips and (optionally) the period."""
    conds, params = ["p.kind = ?"], [f.content]
    include = f.include_skips if skips is None else skips
    if not include:
        conds.append(f"p.ms >= {SKIP_MS}")
    if period and f.start is not None:
        conds.append("p.ts >= ?")
        params.append(pd.Timestamp(f.start))
    if period and f.end is not None:
        conds.append("p.ts < ?")
        params.append(pd.Timestamp(f.end + timedelta(days=1)))
    return " AND ".join(conds), params


def measure(f: Filters) -> str:
    """The aggregate ranking by: minutes played or number of plays."""
    return "count(*)::DOUBLE" if f.measure == "plays" else "sum(p.ms) / 60000.0"


def spotify_url(uri_or_id: str | None, kind: str = "artist") -> str | None:
    """Https link for a Spotify uri (spotify:track:ID) or a bare artist id."""
    if not uri_or_id or not isinstance(uri_or_id, str):
        return None
    parts = uri_or_id.split(":")
    if len(parts) == 3 and parts[0] == "spotify":
        return f"https://open.spotify.com/{parts[1]}/{parts[2]}"
    if len(parts) == 1:
        return f"https://open.spotify.com/{kind}/{uri_or_id}"
    return None
