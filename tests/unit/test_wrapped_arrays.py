"""The time-sorted, coded plays table and the numpy aggregates over it, against DuckDB SQL."""

# ruff: noqa: S608  (test SQL built from this module's constants; values are parameters)

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from data.queries.listening import arrays, discovery, habits
from data.queries.listening.filters import Filters
from data.queries.listening.frame import Listening, _firsts, localise, with_codes
from data.queries.listening.overview import recently_played, top_items, totals

BERLIN = "Europe/Berlin"
KINDS = ["music", "podcast"]


def _dims(ids: list[int], prefix: str) -> pa.Table:
    return pa.table(
        {
            "id": pa.array(ids, pa.int32()),
            "name": [f"{prefix}{i}" for i in ids],
            "image_url": [None] * len(ids),
            "spotify_id": [None] * len(ids),
            "spotify_uri": [f"spotify:track:{prefix}{i}" for i in ids],
        }
    )


def _listening(n: int = 4000, seed: int = 7, days: int = 3 * 365) -> Listening:
    """Random plays over 2023-2025 with sparse database ids, ties and missing ids."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-01-01T00:00:00", "ms")
    ended = start + rng.integers(0, days * 86_400_000, n).astype("timedelta64[ms]")
    track = rng.choice(np.arange(10, 400, 7), n)
    utc = pa.table(
        {
            "ended_at": pa.array(np.sort(ended)),
            "ms": pa.array(rng.choice([10_000, 60_000, 180_000, 240_000], n), pa.int32()),
            "kind": pc.dictionary_encode(
                pa.array(rng.choice(["music", "podcast"], n, p=[0.9, 0.1]))
            ),
            "track_id": pa.array(np.where(rng.random(n) < 0.02, None, track), pa.int32()),
            "artist_id": pa.array(track // 21 * 3 + 5, pa.int32()),
            "album_id": pa.array(track // 14 + 1000, pa.int32()),
            "platform": pc.dictionary_encode(pa.array(rng.choice(["ios", "web"], n))),
        }
    )
    dims = {
        "artists": _dims(sorted({int(v) for v in utc["artist_id"].to_pylist()}), "artist"),
        "tracks": _dims(sorted({int(v) for v in track}), "track"),
        "albums": _dims(sorted({int(v) for v in utc["album_id"].to_pylist()}), "album"),
    }
    plays = with_codes(localise(utc, BERLIN), dims)
    return Listening(plays=plays, firsts=_firsts(plays), **dims)


def _sql(lst: Listening, sql: str, params: list) -> list[tuple]:
    """Run ``sql`` (built from this module's constants) over the plays."""
    con = duckdb.connect()
    con.register("p", lst.plays)
    return con.execute(sql, params).fetchall()


def test_localise_sorts_plays_across_the_autumn_clock_change():
    # 00:45 UTC is 02:45 CEST; 01:15 UTC is 02:15 CET (the hour repeats on 2024-10-27).
    ended = np.array(["2024-10-27T00:45", "2024-10-27T01:15"], dtype="datetime64[ms]")
    utc = pa.table({"ended_at": pa.array(ended), "ms": pa.array([1, 2], pa.int32())})
    local = localise(utc, BERLIN)
    assert local["ms"].to_pylist() == [2, 1]
    assert [str(t) for t in local["ts"].to_pylist()] == [
        "2024-10-27 02:15:00",
        "2024-10-27 02:45:00",
    ]


def test_codes_point_at_dimension_rows_and_missing_ids_get_minus_one():
    lst = _listening(500)
    codes = arrays.column(lst.plays, "track_ix")
    ids = lst.plays["track_id"].to_pylist()
    names = lst.tracks["id"].to_pylist()
    assert all((c == -1) == (i is None) for c, i in zip(codes, ids, strict=True))
    assert all(names[c] == i for c, i in zip(codes, ids, strict=True) if c >= 0)


def test_period_rows_are_whole_local_days():
    lst = _listening()
    lo, hi = lst.rows_between(date(2024, 3, 1), date(2024, 3, 31))
    ts = lst.plays["ts"].to_pylist()
    assert all(date(2024, 3, 1) <= t.date() <= date(2024, 3, 31) for t in ts[lo:hi])
    assert ts[lo - 1].date() < date(2024, 3, 1) and ts[hi].date() > date(2024, 3, 31)


@pytest.mark.parametrize("measure", ["minutes", "plays"])
@pytest.mark.parametrize("skips", [False, True])
def test_totals_and_tops_match_sql(measure, skips, monkeypatch):
    lst = _listening()
    f = Filters(date(2024, 4, 1), date(2024, 9, 30), measure, "music", skips, BERLIN)
    cond = "kind = 'music' AND ts >= ? AND ts < ?" + ("" if skips else " AND ms >= 30000")
    params = ["2024-04-01", "2024-10-01"]
    mins, plays, artists, tracks = _sql(
        lst,
        f"SELECT sum(ms) / 60000.0, count(*), count(DISTINCT artist_id),"
        f" count(DISTINCT track_id) FROM p WHERE {cond}",
        params,
    )[0]
    got = totals(lst, f)
    assert (got["minutes"], got["plays"], got["artists"], got["tracks"]) == pytest.approx(
        (mins, plays, artists, tracks)
    )
    monkeypatch.setattr("data.queries.listening.overview.load_listening", lambda *a: lst)
    value = "count(*)::DOUBLE" if measure == "plays" else "sum(ms) / 60000.0"
    prev = ["2023-10-01", "2024-04-01"]  # the 183 days before
    for entity, column in (("tracks", "track_id"), ("albums", "album_id")):
        rank = (
            f"SELECT {column}, row_number() OVER (ORDER BY {value} DESC, {column}) FROM p "
            f"WHERE {cond} AND {column} IS NOT NULL GROUP BY 1"
        )
        now, before = dict(_sql(lst, rank, params)), dict(_sql(lst, rank, prev))
        top = top_items(None, 1, f, entity, 15)
        assert top["id"].tolist() == sorted(now, key=now.get)[:15]
        expected = [before.get(i) for i in top["id"]]
        assert [None if np.isnan(r) else r for r in top["previous_rank"]] == expected


def test_recently_played_pages_newest_first(monkeypatch):
    lst = _listening()
    monkeypatch.setattr("data.queries.listening.overview.load_listening", lambda *a: lst)
    f = Filters(date(2025, 1, 1), date(2025, 6, 30), tz=BERLIN)
    page, total = recently_played(None, 1, f, 2, 10)
    rows = _sql(
        lst,
        "SELECT ts, ms FROM p WHERE kind = 'music' AND ms >= 30000 AND ts >= ? AND ts < ?"
        " ORDER BY ts DESC",
        ["2025-01-01", "2025-07-01"],
    )
    assert total == len(rows)
    assert page["ended"].tolist() == [r[0] for r in rows[20:30]]
    assert page["minutes"].tolist() == [round(r[1] / 60000, 2) for r in rows[20:30]]


def test_days_and_hour_cells_match_sql():
    lst = _listening()
    f = Filters(date(2024, 1, 1), date(2024, 12, 31), tz=BERLIN, include_skips=True)
    params = ["2024-01-01", "2025-01-01"]
    cond = "kind = 'music' AND ts >= ? AND ts < ?"
    days = _sql(
        lst, f"SELECT ts::DATE, sum(ms), count(*) FROM p WHERE {cond} GROUP BY 1 ORDER BY 1", params
    )
    got = arrays.days(lst, f)
    assert list(got.itertuples(index=False, name=None)) == [
        (d, pytest.approx(ms / 60000), n) for d, ms, n in days
    ]
    cells = _sql(
        lst,
        f"SELECT isodow(ts) - 1 w, hour(ts) h, count(*) FROM p WHERE {cond} GROUP BY w, h"
        " ORDER BY w, h",
        params,
    )
    got = arrays.hour_cells(lst, f)
    assert list(got[["weekday", "hour", "plays"]].itertuples(index=False, name=None)) == cells


def test_sessions_match_sql(monkeypatch):
    lst = _listening(3000, days=10)  # plays minutes apart: sessions of many plays
    monkeypatch.setattr("data.queries.listening.habits.load_listening", lambda *a: lst)
    got = habits.sessions(None, 1, Filters(tz=BERLIN, include_skips=True), limit=5)
    expected = _sql(
        lst,
        """WITH q AS (SELECT ts, ts - to_milliseconds(ms) AS s FROM p WHERE kind = 'music'),
        m AS (SELECT *, CASE WHEN s - lag(ts) OVER (ORDER BY ts) <= INTERVAL 10 MINUTE
              THEN 0 ELSE 1 END AS n FROM q),
        g AS (SELECT *, sum(n) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING) AS id FROM m)
        SELECT min(s) AS st, date_diff('second', min(s), max(ts)) / 60.0 AS mi, count(*)
        FROM g GROUP BY id ORDER BY mi DESC, st LIMIT 5""",
        [],
    )
    assert list(zip(got["start"], got["minutes"], got["plays"], strict=True)) == expected
    assert all(len(t) == n for t, n in zip(got["tracks"], got["plays"], strict=True))
    assert got["plays"].min() > 1


def test_obsessions_of_a_period_match_the_all_time_months(monkeypatch):
    """Only the period's slice (plus six months of baseline) is scanned: same answer."""
    lst = _listening(6000, days=400)
    monkeypatch.setattr("data.queries.listening.discovery.load_listening", lambda *a: lst)
    monkeypatch.setattr("data.queries.listening.discovery.SPIKE_MIN_PLAYS", 2)
    monkeypatch.setattr("data.queries.listening.discovery.SPIKE_FACTOR", 1.05)
    f = Filters(date(2023, 9, 15), date(2023, 11, 20), tz=BERLIN, include_skips=True)
    keys = ["month", "artist_id", "plays", "baseline"]
    part = discovery.obsessions(None, 1, f, 10_000).sort_values(keys, ignore_index=True)
    whole = discovery.obsessions(None, 1, Filters(tz=BERLIN, include_skips=True), 10_000)
    whole = whole[(whole["month"] >= date(2023, 9, 1)) & (whole["month"] <= f.end)]
    assert len(part) > 10
    assert part.equals(whole.sort_values(keys, ignore_index=True))
