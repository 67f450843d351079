"""Listening aggregates against a hand-computed history (tests/unit/wrapped_fixtures.py).

Berlin is UTC+1 in winter: P1 ended 2024-12-31 23:30 UTC, which is 2025-01-01 00:30 in Berlin.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from data.queries.listening import discovery, genres, habits, overview, timeline
from data.queries.listening.filters import Filters
from tests.unit.wrapped_fixtures import add_history, add_user

BERLIN = "Europe/Berlin"
Y2025 = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}


@pytest.fixture
def listener(db_session):
    uid = add_user(db_session, "fixture@example.test")
    ids = add_history(db_session, uid)
    db_session.commit()
    return db_session, uid, ids


def metrics(session, uid, f) -> dict:
    frame = overview.overview(session, uid, f)
    return dict(zip(frame["metric"], frame["value"], strict=True))


def test_year_totals_follow_the_time_zone(listener):
    session, uid, _ = listener
    berlin = metrics(session, uid, Filters(**Y2025, tz=BERLIN, include_skips=True))
    # P1 P2 P3 P4 P5 P9 P10 P6: 180+240+10+200+300+300+300+120 = 1650 s·1000 -> 27.5 minutes
    assert berlin["plays"] == 8
    assert berlin["minutes"] == pytest.approx(27.5)
    assert berlin["artists"] == 3
    assert berlin["tracks"] == 4
    utc = metrics(session, uid, Filters(**Y2025, tz="UTC", include_skips=True))
    # In UTC P1 belongs to 2024: 1650 - 180 = 1470 -> 24.5 minutes
    assert utc["plays"] == 7
    assert utc["minutes"] == pytest.approx(24.5)


def test_skips_and_podcasts_are_filtered(listener):
    session, uid, _ = listener
    music = metrics(session, uid, Filters(**Y2025, tz=BERLIN))
    assert music["plays"] == 7  # P3 (10 s) is a skip
    assert music["minutes"] == pytest.approx(1640 / 60)
    podcasts = metrics(session, uid, Filters(**Y2025, tz=BERLIN, content="podcast"))
    assert podcasts["plays"] == 1
    assert podcasts["minutes"] == pytest.approx(20.0)


def test_change_against_previous_equal_period(listener):
    session, uid, _ = listener
    f = Filters(start=date(2025, 1, 1), end=date(2025, 1, 5), tz=BERLIN)
    assert f.previous() == Filters(start=date(2024, 12, 27), end=date(2024, 12, 31), tz=BERLIN)
    frame = overview.overview(session, uid, f).set_index("metric")
    # Previous 5 Berlin days hold only P7 (1 minute); P1 moved into the current period.
    assert frame.loc["plays", "previous"] == 1
    assert frame.loc["plays", "change"] == pytest.approx(600.0)
    assert frame.loc["minutes", "previous"] == pytest.approx(1.0)
    # Bravo and Charlie were heard for the first time ever in the period.
    assert frame.loc["new_artists", "value"] == 2
    assert frame.loc["new_artists", "previous"] == 1


def test_top_artists_with_rank_movement(listener):
    session, uid, _ = listener
    f = Filters(start=date(2025, 1, 1), end=date(2025, 1, 5), tz=BERLIN)
    top = overview.top_items(session, uid, f, "artists")
    assert top["name"].tolist() == ["Alpha", "Bravo", "Charlie"]
    assert top["value"].tolist() == pytest.approx([17.0, 500 / 60, 2.0])
    assert top["movement"].iloc[0] == 0  # Alpha was #1 before too
    assert top["movement"].iloc[1:].isna().all()  # the others are new
    by_plays = overview.top_items(
        session, uid, Filters(**Y2025, tz=BERLIN, measure="plays"), "tracks"
    )
    assert by_plays.iloc[0]["name"] in ("A one", "A two")
    assert by_plays["plays"].tolist() == [2, 2, 2, 1]
    assert by_plays.iloc[0]["spotify_url"].startswith("https://open.spotify.com/track/")


def test_recently_played_pages(listener):
    session, uid, _ = listener
    first, total = overview.recently_played(session, uid, Filters(**Y2025, tz=BERLIN), 0, 3)
    assert total == 7
    assert first["track"].tolist() == ["C one", "B one", "A two"]
    # Shown in Berlin time: P6 ended 12:00 UTC.
    assert first["ended"].iloc[0] == pd.Timestamp("2025-01-05 13:00:00")
    last, _ = overview.recently_played(session, uid, Filters(**Y2025, tz=BERLIN), 2, 3)
    assert last["track"].tolist() == ["A one"]  # P1, 00:30 on New Year's Day


def test_listening_clock_cells(listener):
    session, uid, _ = listener
    cells = timeline.clock(session, uid, Filters(tz=BERLIN)).set_index(["weekday", "hour"])
    assert cells.loc[(2, 0), "plays"] == 1  # P1: Wednesday 00:30 in Berlin
    assert cells.loc[(4, 10), "plays"] == 3  # P5, P9, P10: Friday 10:xx
    assert cells.loc[(4, 10), "minutes"] == pytest.approx(15.0)
    assert cells["plays"].sum() == 8


def test_daily_and_monthly(listener):
    session, uid, _ = listener
    days = timeline.daily(session, uid, Filters(tz=BERLIN))
    assert days["day"].tolist() == [
        date(2024, 12, 30),
        date(2025, 1, 1),
        date(2025, 1, 2),
        date(2025, 1, 3),
        date(2025, 1, 5),
    ]
    months = timeline.monthly(session, uid, Filters(tz="UTC"))
    assert months["month"].tolist() == [date(2024, 12, 1), date(2025, 1, 1)]
    assert months["minutes"].tolist() == pytest.approx([4.0, 1460 / 60])


def test_streaks_cross_the_year_boundary(listener):
    session, uid, _ = listener
    utc = timeline.streaks(session, uid, Filters(tz="UTC"), today=date(2025, 1, 6))
    assert utc["longest"] == (5, date(2024, 12, 30), date(2025, 1, 3))
    assert utc["current"] == (1, date(2025, 1, 5), date(2025, 1, 5))  # yesterday counts
    berlin = timeline.streaks(session, uid, Filters(tz=BERLIN), today=date(2025, 1, 8))
    # In Berlin nothing was played on Dec 31, so the run is Jan 1-3.
    assert berlin["longest"] == (3, date(2025, 1, 1), date(2025, 1, 3))
    assert berlin["current"] == (0, None, None)


def test_streaks_from_days_edges():
    assert timeline.streaks_from_days([], date(2025, 1, 1)) == {
        "longest": (0, None, None),
        "current": (0, None, None),
    }
    run = timeline.streaks_from_days([date(2025, 1, 1), date(2025, 1, 1)], date(2025, 1, 1))
    assert run["current"] == (1, date(2025, 1, 1), date(2025, 1, 1))


def test_sessions_use_a_ten_minute_gap(listener):
    session, uid, _ = listener
    found = habits.sessions(session, uid, Filters(tz="UTC"), limit=3)
    top = found.iloc[0]
    # P5 started 08:55, P9 started 09:10 = exactly 10 min after P5 ended: same session.
    assert top["start"] == pd.Timestamp("2025-01-03 08:55:00")
    assert top["end"] == pd.Timestamp("2025-01-03 09:15:00")
    assert top["minutes"] == pytest.approx(20.0)
    assert top["plays"] == 2
    assert top["tracks"] == ["Alpha - A one", "Alpha - A two"]
    # P10 started 10 min 1 s after P9 ended: a session of its own (5 minutes).
    assert found.iloc[1]["minutes"] == pytest.approx(5.0)
    with_skips = habits.sessions(session, uid, Filters(tz="UTC", include_skips=True), limit=10)
    joined = with_skips[with_skips["start"] == pd.Timestamp("2025-01-01 09:56:00")]
    assert joined["plays"].tolist() == [2]  # P2 then the P3 skip 2 min 50 s later


def test_skip_rate_shuffle_and_platforms(listener):
    session, uid, _ = listener
    rates = habits.skip_shuffle(session, uid, Filters(tz=BERLIN)).set_index("month")
    jan = rates.loc[date(2025, 1, 1)]
    assert jan["plays"] == 8
    assert jan["skip_rate"] == pytest.approx(1 / 8)
    assert jan["shuffle"] == pytest.approx(2 / 7)  # P6 has no shuffle flag
    devices = habits.platforms(session, uid, Filters(tz=BERLIN)).set_index("platform")
    assert devices.loc["Android", "plays"] == 1
    assert devices.loc["iPhone / iPad", "plays"] == 7


def test_genre_months_split_artists_across_genres(listener):
    session, uid, _ = listener
    frame = genres.genre_months(session, uid, Filters(tz=BERLIN))
    jan = frame[frame["month"] == date(2025, 1, 1)].set_index("genre")
    # Alpha: 17 min over Rock and Pop; Bravo 500/60 min Jazz; Charlie has no genre.
    total = 17 + 500 / 60
    assert jan.loc["Rock", "value"] == pytest.approx(8.5)
    assert jan.loc["Jazz", "share"] == pytest.approx((500 / 60) / total)
    assert jan["share"].sum() == pytest.approx(1.0)
    links = genres.artist_genre_links(session, uid, Filters(tz=BERLIN))
    assert set(links["genre"]) == {"Rock", "Pop", "Jazz"}


def test_new_artists_per_month(listener):
    session, uid, _ = listener
    frame = discovery.new_artists(session, uid, Filters(tz=BERLIN))
    assert frame["artists"].tolist() == [1, 2]  # Alpha in Dec; Bravo and Charlie in Jan


def test_obsessions_and_forgotten_favourites(db_session):
    uid = add_user(db_session, "obsessed@example.test")
    plays = {
        f"D{i}": (f"2025-03-{i + 1:02d} 12:00:00", 200_000, "b1", None, "ios") for i in range(20)
    }
    plays["old"] = ("2025-01-10 12:00:00", 200_000, "a1", None, "ios")
    add_history(db_session, uid, plays, prefix="x")
    db_session.commit()
    spikes = discovery.obsessions(db_session, uid, Filters(tz="UTC"))
    assert spikes["artist"].tolist() == ["xBravo"]
    assert spikes.iloc[0]["plays"] == 20
    assert spikes.iloc[0]["month"] == date(2025, 3, 1)
    f = Filters(start=date(2025, 6, 1), end=date(2025, 6, 30), tz="UTC")
    gone = discovery.forgotten(db_session, uid, f)
    # Both went quiet more than 90 days before June 30.
    assert set(gone["artist"]) == {"xAlpha", "xBravo"}
    recent = discovery.forgotten(db_session, uid, f.with_range(None, date(2025, 5, 1)))
    assert recent["artist"].tolist() == ["xAlpha"]  # Bravo played 6 weeks before May 1
    assert datetime(2025, 1, 10, 12) == recent.iloc[0]["last_played"]


def test_year_recap_and_spotifys_own_wrapped(listener):
    from data.models import Artist, SpotifyWrapped
    from data.queries.listening.year import spotify_wrapped, year_recap

    session, uid, ids = listener
    recap = year_recap(session, uid, 2025, BERLIN)
    assert (recap["plays"], recap["minutes"]) == (8, pytest.approx(27.5))  # skips count here
    assert recap["top_artists"]["name"].tolist()[:2] == ["Alpha", "Bravo"]
    assert recap["biggest_day"]["day"] == date(2025, 1, 3)  # P5 + P9 + P10 = 15 minutes
    assert recap["longest_streak"] == (3, date(2025, 1, 1), date(2025, 1, 3))
    # Alpha splits 17 min over Rock and Pop (8.5 each); Bravo is all Jazz: 500 s + the skip.
    assert [p["genre"] for p in recap["phases"]] == ["Jazz"]
    assert spotify_wrapped(session, uid, 2025) is None
    empty = year_recap(session, uid, 2019, BERLIN)
    assert (empty["plays"], empty["biggest_day"], empty["monthly"].empty) == (0, None, True)
    session.get(Artist, ids["A"]).spotify_id = "alpha123"
    payload = {
        "topArtists": {"topArtistUris": ["spotify:artist:alpha123", "spotify:artist:nobody"]},
        "topTracks": {"topTrackUris": ["spotify:track:b1"]},
        "topGenres": {"topGenres": [{"genre": "rock"}, "jazz"]},
        "yearlyMetrics": {"totalMsListened": 6_000_000},
    }
    session.add(SpotifyWrapped(user_id=uid, year=2025, payload=payload))
    session.flush()
    theirs = spotify_wrapped(session, uid, 2025)
    assert theirs["minutes"] == pytest.approx(100.0)
    assert theirs["top_artists"] == ["Alpha"]  # unknown uris are left out, not shown raw
    assert theirs["top_tracks"] == ["B one"]
    assert theirs["top_genres"] == ["rock", "jazz"]


def test_frames_read_in_chunks_are_cached_and_reused(listener, tmp_path, monkeypatch):
    import diskcache

    from data.frame_cache import FrameCache
    from data.queries.listening import frame

    session, uid, _ = listener
    cache = FrameCache(diskcache.Cache(str(tmp_path / "frames")))
    monkeypatch.setattr(frame, "get_frame_cache", lambda: cache)
    monkeypatch.setattr(frame, "_CHUNK", 4)  # several chunks with their own dictionaries
    built = frame.load_listening(session, uid, BERLIN)
    assert built.plays.num_rows == 10
    session.info.clear()
    monkeypatch.setattr(frame, "_read_plays", lambda *_: pytest.fail("database read again"))
    cached = frame.load_listening(session, uid, BERLIN)
    assert cached.plays.equals(built.plays)
    assert cached.plays.column("ts")[1].as_py() == datetime(2025, 1, 1, 0, 30)  # P1 in Berlin
