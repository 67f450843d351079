"""The reasons behind an event's score, in the words the product promises."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data.ranking.affinity import Affinity
from data.ranking.score import NO_LISTENING, WEEKDAYS, Candidates, Feedback, similar_saved

MIN_GENRE_PERCENT = 1


REASON_PARTS = ("artist", "genre", "distance", "km", "time", "feedback")


def reasons_for(
    event_ids: list[int],
    parts: pd.DataFrame,
    cands: Candidates,
    affinity: Affinity,
    feedback: Feedback,
    today: date,
) -> dict[int, list[str]]:
    """Every applicable reason per event, strongest part first.

    Forms: "You played {artist} {n} times", "{genre} is {p}% of your listening",
    "{d} km away", "Tonight" / "This {weekday}" (within six days), "Like {event} you saved".
    Without listening data the first reason says the ranking fell back to popularity and date.
    """
    wanted = set(event_ids)
    lineups = cands.lineups[cands.lineups["event_id"].isin(wanted)]
    genres = cands.genres[cands.genres["event_id"].isin(wanted)]
    artist_words = _artist_words(lineups, affinity)
    genre_words = _genre_words(genres, affinity)
    saved = feedback.saved
    like = {
        **similar_saved(genres, saved[saved["genre_id"].notna()], "genre_id"),
        **similar_saved(lineups, saved[saved["artist_id"].notna()], "artist_id"),
    }
    dates = dict(zip(cands.events["id"], cands.events["local_date"], strict=True))
    # One slice to plain dicts: a .loc per event costs more than the rest of the loop.
    table = parts.loc[list(event_ids), list(REASON_PARTS)].to_dict("index")
    out = {}
    for event_id in event_ids:
        row = table[event_id]
        found = [
            (row["artist"], artist_words.get(event_id)),
            (row["genre"], genre_words.get(event_id)),
            (row["distance"], _km_words(float(row["km"])) if pd.notna(row["km"]) else None),
            (row["time"], _when_words(dates[event_id], today)),
            (row["feedback"], _like_words(like.get(event_id), row["feedback"])),
        ]
        words = [w for _, w in sorted(found, key=lambda pair: -pair[0]) if w]
        out[event_id] = [NO_LISTENING, *words] if affinity.empty else words
    return out


def _like_words(title: str | None, part: float) -> str | None:
    return f"Like {title} you saved" if title and part > 0 else None


def _artist_words(lineups: pd.DataFrame, affinity: Affinity) -> dict[int, str]:
    """The lineup artist the listener likes most, per event (pages are small: plain loops)."""
    if affinity.empty or lineups.empty:
        return {}
    known = {
        int(a): (int(p), float(w))
        for a, p, w in zip(
            affinity.artists["artist_id"],
            affinity.artists["plays"],
            affinity.artists["weight"],
            strict=True,
        )
    }
    best: dict[int, tuple[float, str, int]] = {}
    for event_id, artist_id, name in zip(
        lineups["event_id"], lineups["artist_id"], lineups["name"], strict=True
    ):
        found = known.get(int(artist_id))
        if found and found[0] > 0 and (event_id not in best or found[1] > best[event_id][0]):
            best[int(event_id)] = (found[1], str(name), found[0])
    return {e: f"You played {name} {_times(n)}" for e, (_w, name, n) in best.items()}


def _times(n: int) -> str:
    return "1 time" if n == 1 else f"{n:,} times"


def _genre_words(genres: pd.DataFrame, affinity: Affinity) -> dict[int, str]:
    if affinity.genres.empty or genres.empty:
        return {}
    shares = {
        int(g): (str(n), float(s))
        for g, n, s in zip(
            affinity.genres["genre_id"],
            affinity.genres["name"],
            affinity.genres["share"],
            strict=True,
        )
    }
    best: dict[int, tuple[str, float]] = {}
    for event_id, genre_id in zip(genres["event_id"], genres["genre_id"], strict=True):
        found = shares.get(int(genre_id))
        enough = found is not None and round(found[1] * 100) >= MIN_GENRE_PERCENT
        if enough and (event_id not in best or found[1] > best[event_id][1]):
            best[int(event_id)] = found
    return {
        e: f"{name} is {round(share * 100)}% of your listening" for e, (name, share) in best.items()
    }


def _km_words(km: float) -> str:
    return f"{km:.1f} km away" if km < 1 else f"{km:,.0f} km away"


def _when_words(day: date, today: date) -> str | None:
    delta = (day - today).days
    if delta == 0:
        return "Tonight"
    if 0 < delta < 7:
        return f"This {WEEKDAYS[day.weekday()]}"
    return None
