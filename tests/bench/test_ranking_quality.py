"""Offline evaluation of "For you": synthetic listeners whose true tastes are known.

Run: ``.venv/bin/pytest tests/bench/test_ranking_quality.py -s`` (about a minute at full size;
REWRAPPED_EVAL=50,2000 for a quick run: listeners, events).

Each listener has favourite artists and favourite genres (the truth), and a listening history
sampled from them with noise (what the ranking sees). Over the events of their city in the
next 30 days, an event is relevant (gain 2) when a favourite artist plays, or (gain 1) when it
is in a favourite genre. Reported: precision@10 and NDCG@10 of For you, date order and
popularity order, and the share of For you's top 10 whose reasons name a lineup artist the
listener really played.
"""

from __future__ import annotations

import math
import os
import random
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from data.ranking.affinity import build_affinity
from data.ranking.reasons import reasons_for
from data.ranking.score import Candidates, Feedback, rank, score_parts, scored_keys, scored_links

pytestmark = pytest.mark.bench
LISTENERS, EVENTS = (int(n) for n in os.environ.get("REWRAPPED_EVAL", "500,10000").split(","))
ARTISTS, GENRES, CITIES = 2000, 30, 10
TODAY, NOW = date(2026, 12, 7), datetime(2026, 12, 7, 12)
K = 10


def _world(rng: random.Random):
    artist_genres = {a: rng.sample(range(GENRES), rng.choice((1, 2))) for a in range(ARTISTS)}
    names = {a: f"Artist {a}" for a in range(ARTISTS)}
    cities = [(48 + rng.random() * 6, 2 + rng.random() * 12) for _ in range(CITIES)]
    rows, lineups, genres = [], [], []
    for e in range(EVENTS):
        city = e % CITIES
        lat, lng = cities[city]
        rows.append(
            (
                e,
                f"Show {e}",
                TODAY + timedelta(days=rng.randrange(120)),
                lat + rng.uniform(-0.05, 0.05),
                lng + rng.uniform(-0.05, 0.05),
                rng.random() ** 2,
                city,
            )
        )
        bill = rng.sample(range(ARTISTS), rng.choice((1, 2, 3)))
        lineups += [(e, a, names[a], pos) for pos, a in enumerate(bill)]
        genres += [(e, g, f"Genre {g}") for g in artist_genres[bill[0]]]
    events = pd.DataFrame(
        rows, columns=["id", "title", "local_date", "lat", "lng", "popularity", "city"]
    )
    lineups = pd.DataFrame(lineups, columns=["event_id", "artist_id", "name", "position"])
    genres = pd.DataFrame(genres, columns=["event_id", "genre_id", "name"])
    links = pd.DataFrame(
        [(a, g, f"Genre {g}") for a, gs in artist_genres.items() for g in gs],
        columns=["artist_id", "genre_id", "name"],
    )
    return events, lineups, genres, links, cities, artist_genres


def _listener(rng, artist_genres):
    """True taste (favourite artists and genres) and a noisy history sampled from it."""
    fav_genres = set(rng.sample(range(GENRES), 2))
    in_genre = [a for a, gs in artist_genres.items() if fav_genres & set(gs)]
    favourites = set(rng.sample(in_genre, min(40, len(in_genre))))
    plays = [rng.choice(sorted(favourites)) for _ in range(1500)]
    plays += [rng.randrange(ARTISTS) for _ in range(500)]  # noise: artists they do not love
    ids = np.array(plays)
    ended = np.array([np.datetime64(NOW - timedelta(days=rng.randrange(700)), "ms") for _ in plays])
    return favourites, fav_genres, ids, ended


def _gains(cands: Candidates, favourites, fav_genres) -> pd.Series:
    by_artist = cands.lineups[cands.lineups["artist_id"].isin(favourites)]["event_id"]
    by_genre = cands.genres[cands.genres["genre_id"].isin(fav_genres)]["event_id"]
    gain = pd.Series(0.0, index=cands.events["id"])
    gain[gain.index.isin(by_genre)] = 1.0
    gain[gain.index.isin(by_artist)] = 2.0
    return gain


def _metrics(order, gain: pd.Series) -> tuple[float, float]:
    top = gain.loc[list(order[:K])].to_numpy()
    ideal = np.sort(gain.to_numpy())[::-1][:K]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(top))
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return float((top > 0).mean()), (dcg / idcg if idcg else 0.0)


def test_for_you_beats_date_and_popularity_order():
    rng = random.Random(7)
    events, lineups, genres, links, cities, artist_genres = _world(rng)
    results = {name: [] for name in ("foryou", "pre-scored", "date", "popularity")}
    named = []
    for i in range(LISTENERS):
        favourites, fav_genres, ids, ended = _listener(rng, artist_genres)
        affinity = build_affinity(ids, np.full(len(ids), 200_000), ended, NOW, links)
        city = i % CITIES
        mine = events[(events["city"] == city) & (events["local_date"] <= TODAY + timedelta(30))]
        cands = Candidates(
            mine,
            lineups[lineups["event_id"].isin(mine["id"])],
            genres[genres["event_id"].isin(mine["id"])],
        )
        parts = score_parts(cands, affinity, Feedback(), cities[city], TODAY)
        gain = _gains(cands, favourites, fav_genres)
        orders = {
            "foryou": list(rank(parts, "foryou")),
            "pre-scored": _pre_scored(cands, affinity, cities[city]),
            "date": list(mine.sort_values(["local_date", "id"])["id"]),
            "popularity": list(mine.sort_values("popularity", ascending=False)["id"]),
        }
        for name, order in orders.items():
            results[name].append(_metrics(order, gain))
        top = orders["foryou"][:K]
        reasons = reasons_for(top, parts, cands, affinity, Feedback(), TODAY)
        played = set(affinity.artists["artist_id"])
        for event_id in top:
            bill = set(cands.lineups[cands.lineups["event_id"] == event_id]["name"])
            said = [r for r in reasons[event_id] if r.startswith("You played ")]
            real = any(
                r.startswith(f"You played {n} ") and int(n.split()[-1]) in played
                for r in said
                for n in bill
            )
            named.append(real)
    print(f"\n{LISTENERS} listeners x {EVENTS} events; their city, next 30 days; k={K}")
    print(f"{'order':<12} {'precision@10':>13} {'NDCG@10':>9}")
    for name, values in results.items():
        p, n = np.mean(values, axis=0)
        print(f"{name:<12} {p:>13.3f} {n:>9.3f}")
    share = float(np.mean(named))
    print(f"For you top 10 naming a lineup artist the listener really plays: {share:.1%}")
    assert np.mean(results["foryou"], axis=0)[1] > np.mean(results["date"], axis=0)[1]
    assert results["pre-scored"] == results["foryou"]


def _pre_scored(cands: Candidates, affinity, home) -> list[int]:
    """For you as the explorer ranks it: only the links to the listener's artists and genres."""
    lineups, genres = scored_links(cands.lineups, cands.genres, scored_keys(affinity, Feedback()))
    parts = score_parts(
        Candidates(cands.events, lineups, genres), affinity, Feedback(), home, TODAY
    )
    return list(rank(parts, "foryou"))
