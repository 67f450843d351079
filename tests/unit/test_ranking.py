"""Ranking: each reason appears when and only when it applies; no listening falls back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from data.ranking.affinity import Affinity, build_affinity
from data.ranking.reasons import reasons_for
from data.ranking.score import NO_LISTENING, Candidates, Feedback, rank, score_parts

TODAY = date(2026, 12, 7)  # a Monday
NOW = datetime(2026, 12, 7, 12)
BERLIN = (52.52, 13.405)


def _affinity(plays: dict[int, int], genres: list[tuple[int, int, str]]) -> Affinity:
    ids = np.concatenate([np.full(n, a) for a, n in plays.items()])
    ms = np.full(len(ids), 180_000)
    ended = np.full(len(ids), np.datetime64(NOW - timedelta(days=3), "ms"))
    links = pd.DataFrame(genres, columns=["artist_id", "genre_id", "name"])
    return build_affinity(ids, ms, ended, NOW, links)


def _cands() -> Candidates:
    events = pd.DataFrame(
        [
            (1, "Radiohead", TODAY + timedelta(days=4), 52.52, 13.41, 0.2),  # Friday, near
            (2, "Unknown Band", TODAY + timedelta(days=40), 48.85, 2.35, 0.9),  # Paris
            (3, "Jazz Night", TODAY + timedelta(days=20), 52.50, 13.30, 0.1),
        ],
        columns=["id", "title", "local_date", "lat", "lng", "popularity"],
    )
    lineups = pd.DataFrame(
        [(1, 10, "Radiohead", 0), (2, 20, "Unknown Band", 0), (3, 30, "Miles Trio", 0)],
        columns=["event_id", "artist_id", "name", "position"],
    )
    genres = pd.DataFrame(
        [(1, 100, "Rock"), (2, 200, "Polka"), (3, 300, "Jazz")],
        columns=["event_id", "genre_id", "name"],
    )
    return Candidates(events, lineups, genres)


def _reasons(affinity, feedback=Feedback(), home=BERLIN):
    cands = _cands()
    parts = score_parts(cands, affinity, feedback, home, TODAY)
    return parts, reasons_for([1, 2, 3], parts, cands, affinity, feedback, TODAY)


def test_played_artist_and_genre_reasons_only_where_they_apply():
    affinity = _affinity({10: 12, 40: 4}, [(10, 100, "Rock"), (40, 300, "Jazz")])
    parts, reasons = _reasons(affinity)
    assert "You played Radiohead 12 times" in reasons[1]
    assert "Rock is 75% of your listening" in reasons[1]
    assert not any(r.startswith("You played") for r in reasons[2] + reasons[3])
    assert "Jazz is 25% of your listening" in reasons[3]
    assert not any("% of your listening" in r for r in reasons[2])
    assert NO_LISTENING not in reasons[1]
    assert rank(parts, "foryou")[0] == 1


def test_distance_and_weekday_reasons():
    affinity = _affinity({10: 1}, [])
    _parts, reasons = _reasons(affinity)
    assert "You played Radiohead 1 time" in reasons[1]
    assert "This Friday" in reasons[1]
    assert not any(r.startswith("This ") or r == "Tonight" for r in reasons[2] + reasons[3])
    assert any(r.endswith(" km away") for r in reasons[1])
    assert "878 km away" in reasons[2]  # Berlin to Paris
    _parts, no_home = _reasons(affinity, home=None)
    assert not any("km away" in r for rs in no_home.values() for r in rs)


def test_saved_event_pulls_similar_up_and_says_so():
    saved = pd.DataFrame(
        [(99, "Miles Trio Live", 30, None), (99, "Miles Trio Live", None, 300)],
        columns=["saved_id", "title", "artist_id", "genre_id"],
    )
    affinity = _affinity({10: 5}, [])
    before, _ = _reasons(affinity)
    parts, reasons = _reasons(affinity, Feedback(saved=saved))
    assert "Like Miles Trio Live you saved" in reasons[3]
    assert not any(r.startswith("Like ") for r in reasons[1] + reasons[2])
    assert parts.loc[3, "score"] > before.loc[3, "score"]


def test_hidden_artist_pushes_down():
    affinity = _affinity({10: 50}, [])
    parts, _ = _reasons(affinity, Feedback(hidden_artists=frozenset({10})))
    assert parts.loc[1, "feedback"] < 0
    assert rank(parts, "foryou")[0] != 1


def test_without_listening_falls_back_to_popularity_and_date_and_says_so():
    parts, reasons = _reasons(Affinity.none(), home=None)
    assert all(rs[0] == NO_LISTENING for rs in reasons.values())
    assert (parts["artist"] == 0).all() and (parts["genre"] == 0).all()
    # The popular show far away beats nothing here: popularity and date decide.
    assert parts.loc[2, "popularity"] > parts.loc[1, "popularity"]


def test_tonight_is_named():
    cands = _cands()
    cands.events.loc[0, "local_date"] = TODAY
    parts = score_parts(cands, Affinity.none(), Feedback(), None, TODAY)
    words = reasons_for([1], parts, cands, Affinity.none(), Feedback(), TODAY)
    assert "Tonight" in words[1]
