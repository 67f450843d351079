"""year_summary: plays vs streams, minutes, music-only stats, time-zone years, tie-breaking."""

from __future__ import annotations

from datetime import datetime

import pytest

from data.importers.rows import PlayRow
from data.importers.store import insert_plays
from data.models import User
from data.queries.summary import play_years, year_summary


@pytest.fixture
def user_id(db_session) -> int:
    user = User(email="me@example.org", password_hash="x", display_name="me")
    db_session.add(user)
    db_session.commit()
    rows = [
        # 2021 in Berlin (ends 00:30 local on Jan 1st), still 2020 in UTC.
        PlayRow(datetime(2020, 12, 31, 23, 30), 180_000, "music", "Alpha", "Zed"),
        PlayRow(datetime(2021, 3, 1, 12, 0), 180_000, "music", "Beta", "Abe"),
        PlayRow(datetime(2021, 3, 1, 12, 5), 20_000, "music", "Beta", "Abe"),  # play, no stream
        PlayRow(datetime(2021, 3, 2, 12, 0), 30_000, "music", "Gamma", "Abe"),  # exactly 30 s
        PlayRow(datetime(2021, 4, 1, 9, 0), 3_600_000, "podcast", "Ep 1", "Show"),
        PlayRow(datetime(2021, 4, 2, 9, 0), 600_000, "audiobook", "Chapter 1", "Book"),
        PlayRow(datetime(2022, 1, 1, 12, 0), 60_000, "music", "Delta", "Abe"),
    ]
    insert_plays(db_session, user.id, rows, source="live", import_id=None)
    db_session.commit()
    return user.id


def test_year_in_the_listeners_time_zone(db_session, user_id):
    berlin = year_summary(db_session, user_id, 2021, "Europe/Berlin")
    utc = year_summary(db_session, user_id, 2021, "UTC")
    assert berlin["plays"] == 4 and utc["plays"] == 3
    assert berlin["first_play"] == "2021-01-01T00:30:00+01:00"


def test_plays_streams_minutes_and_music_only_counts(db_session, user_id):
    summary = year_summary(db_session, user_id, 2021, "UTC")
    assert summary["plays"] == 3
    assert summary["streams"] == 2  # 20 s is a play but not a stream; 30 s is a stream
    assert summary["minutes"] == round((180_000 + 20_000 + 30_000) / 60_000, 1)
    assert summary["distinct_tracks"] == 2 and summary["distinct_artists"] == 1
    assert summary["podcast_minutes"] == 60.0
    assert summary["audiobook_minutes"] == 10.0
    assert [a["name"] for a in summary["top_artists"]] == ["Abe"]


def test_all_time_and_ties_broken_by_name(db_session, user_id):
    summary = year_summary(db_session, user_id, None, "UTC")
    assert summary["plays"] == 5
    # Beta: 3:00 + 0:20 beats Alpha's 3:00; music only, all years.
    assert [(t["name"], t["minutes"]) for t in summary["top_tracks"]] == [
        ("Beta", 3.3),
        ("Alpha", 3.0),
        ("Delta", 1.0),
        ("Gamma", 0.5),
    ]
    tied = [
        PlayRow(datetime(2023, 5, 1, 10, 0), 120_000, "music", "Song", "Mars"),
        PlayRow(datetime(2023, 5, 1, 11, 0), 120_000, "music", "Song", "Apollo"),
        PlayRow(datetime(2023, 5, 1, 12, 0), 120_000, "music", "Other", "Mars"),
    ]
    insert_plays(db_session, user_id, tied, source="live", import_id=None)
    year = year_summary(db_session, user_id, 2023, "UTC")
    assert [a["name"] for a in year["top_artists"]] == ["Mars", "Apollo"]
    assert [(t["name"], t["artist"]) for t in year["top_tracks"]] == [
        ("Other", "Mars"),
        ("Song", "Apollo"),
        ("Song", "Mars"),
    ]


def test_empty_year_and_years_list(db_session, user_id):
    empty = year_summary(db_session, user_id, 2015, "UTC")
    assert (empty["plays"], empty["minutes"], empty["top_artists"]) == (0, 0.0, [])
    assert play_years(db_session, user_id, "UTC") == [2020, 2021, 2022]
    assert play_years(db_session, user_id, "Europe/Berlin") == [2021, 2022]
