"""A year in review: minutes, tops, biggest day, longest streak, genre phases, Spotify's own."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Artist, SpotifyWrapped, Track
from data.queries.listening import genres, overview, timeline
from data.queries.listening.filters import Filters
from data.queries.listening.frame import load_listening


def year_filters(year: int, tz: str, measure: str = "minutes") -> Filters:
    """A calendar year counted like ``data.queries.summary.year_summary`` (the CLI's numbers):
    music only, every stored play including skips, minutes = all ms played."""
    return Filters(
        start=date(year, 1, 1), end=date(year, 12, 31), tz=tz, measure=measure, include_skips=True
    )


def phases(monthly_genres: pd.DataFrame) -> list[dict]:
    """Runs of consecutive months led by the same genre: [{genre, start, end, share}]."""
    if monthly_genres.empty:
        return []
    named = monthly_genres[monthly_genres["genre"] != genres.OTHER]
    leaders = named.sort_values(["month", "share"], ascending=[True, False]).groupby("month")
    runs: list[dict] = []
    for month, rows in leaders:
        lead = rows.iloc[0]
        if runs and runs[-1]["genre"] == lead["genre"]:
            runs[-1]["end"] = month
            runs[-1]["shares"].append(float(lead["share"]))
        else:
            runs.append(
                {"genre": lead["genre"], "start": month, "end": month, "shares": [lead["share"]]}
            )
    for run in runs:
        run["share"] = sum(run.pop("shares")) / (
            (run["end"].year - run["start"].year) * 12 + run["end"].month - run["start"].month + 1
        )
    return runs


def year_recap(session: Session, user_id: int, year: int, tz: str) -> dict:
    """Everything the recap shows for one calendar year in zone ``tz``."""
    f = year_filters(year, tz)
    lst = load_listening(session, user_id, tz)
    totals = overview.totals(lst, f)
    days = timeline.daily_from(lst, f)
    biggest = days.loc[days["minutes"].idxmax()] if not days.empty else None
    months = genres.raw_genre_months(session, user_id, f)
    return {
        "year": year,
        "tz": tz,
        "minutes": totals["minutes"],
        "plays": int(totals["plays"]),
        "artists": int(totals["artists"]),
        "tracks": int(totals["tracks"]),
        "new_artists": int(totals["new_artists"]),
        "top_artists": overview.top_items(session, user_id, f, "artists", 5, compare=False),
        "top_tracks": overview.top_items(session, user_id, f, "tracks", 5, compare=False),
        "top_genres": genres.top_genres_from(months, 5),
        "biggest_day": None
        if biggest is None
        else {"day": biggest["day"], "minutes": float(biggest["minutes"])},
        "longest_streak": timeline.streaks_from_days(days["day"].tolist(), f.end)["longest"],
        "monthly": timeline.monthly_from(days),
        "phases": phases(genres.fold_months(months)),
    }


def _names(node, lookup: dict[str, str], keys: tuple[str, ...]) -> list[str]:
    """Names from a Wrapped list: uris resolved through ``lookup``, dicts by their name key."""
    for key in keys:
        if isinstance(node, dict) and key in node:
            node = node[key]
    if isinstance(node, dict):
        node = next((v for v in node.values() if isinstance(v, list)), [])
    names = []
    for item in node if isinstance(node, list) else []:
        if isinstance(item, str):
            names.append(lookup.get(item, item if not item.startswith("spotify:") else None))
        elif isinstance(item, dict):
            found = next(
                (item[k] for k in ("name", "artistName", "trackName", "genre") if k in item), None
            )
            uri = item.get("uri") or item.get("artistUri") or item.get("trackUri")
            names.append(found or lookup.get(uri))
    return [n for n in names if n]


def spotify_wrapped(session: Session, user_id: int, year: int) -> dict | None:
    """Spotify's own figures from an imported Wrapped<YEAR>.json, as far as they are present."""
    row = session.get(SpotifyWrapped, (user_id, year))
    if row is None:
        return None
    payload = row.payload or {}
    artists = {
        f"spotify:artist:{sid}": name
        for sid, name in session.execute(
            select(Artist.spotify_id, Artist.name).where(Artist.spotify_id.isnot(None))
        )
    }
    uris = _uris(payload)
    tracks = dict(
        session.execute(
            select(Track.spotify_uri, Track.name).where(Track.spotify_uri.in_(uris))
        ).all()
    )
    metrics = payload.get("yearlyMetrics") or {}
    ms = metrics.get("totalMsListened") if isinstance(metrics, dict) else None
    return {
        "minutes": ms / 60000 if isinstance(ms, int | float) else None,
        "top_artists": _names(payload.get("topArtists"), artists, ("topArtists",))[:5],
        "top_tracks": _names(payload.get("topTracks"), tracks, ("topTracks",))[:5],
        "top_genres": _names(payload.get("topGenres"), {}, ("topGenres",))[:5],
    }


def _uris(payload: dict) -> list[str]:
    found: list[str] = []

    def walk(node):
        if isinstance(node, str) and node.startswith("spotify:track:"):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.get("topTracks"))
    return found[:200]
