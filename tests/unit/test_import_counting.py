"""Counting and dedupe rules: exact counts within and across files, imports and sources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from data.importers.rows import PlayRow
from data.importers.sources import Limits
from data.importers.store import insert_plays
from data.models import Artist, Play, Track, User
from data.queries.integrity import orphan_plays
from data.services.imports import delete_listening_data, import_history
from tests import import_samples as s

LIMITS = Limits.for_upload_limit(50 * 1024 * 1024)


def plays(session, user_id: int) -> int:
    return session.scalar(select(func.count()).where(Play.user_id == user_id))


def test_duplicates_within_a_file_and_same_timestamp_different_tracks(
    db_session, user_id, tmp_path
):
    row = s.audio_row("2024-01-01T12:00:00Z", "One", "Band", 60_000, "spotify:track:1")
    same_time = s.audio_row("2024-01-01T12:00:00Z", "Two", "Band", 60_000, "spotify:track:2")
    other_ms = s.audio_row("2024-01-01T12:00:00Z", "One", "Band", 1_000, "spotify:track:1")
    path = s.write_json(tmp_path / "a.json", [row, row, same_time, other_ms, row])
    report = import_history(db_session, user_id, [path], LIMITS)
    assert (report["rows_seen"], report["plays_added"], report["duplicates"]) == (5, 3, 2)
    assert plays(db_session, user_id) == 3


def test_reimport_adds_nothing_and_overlapping_imports_add_only_new_rows(
    db_session, user_id, tmp_path
):
    rows = [
        s.audio_row(f"2024-01-0{d}T12:00:00Z", f"T{d}", "Band", 60_000, f"spotify:track:{d}")
        for d in range(1, 10)
    ]
    first = s.write_json(tmp_path / "first.json", rows[:6])
    second = s.write_json(tmp_path / "second.json", rows[3:])
    a = import_history(db_session, user_id, [first], LIMITS)
    b = import_history(db_session, user_id, [second], LIMITS)
    c = import_history(db_session, user_id, [first, second], LIMITS)
    assert (a["plays_added"], a["duplicates"]) == (6, 0)
    assert (b["plays_added"], b["duplicates"]) == (3, 3)
    assert (c["plays_added"], c["duplicates"], c["rows_seen"]) == (0, 12, 12)
    assert plays(db_session, user_id) == 9


def test_rejected_rows_are_counted_by_reason_while_good_rows_import(db_session, user_id, tmp_path):
    good = s.audio_row("2024-01-01T12:00:00Z", "One", "Band", 60_000, "spotify:track:1")
    rows = [
        good,
        {**good, "ts": None},
        {**good, "ts": "yesterday"},
        {**good, "ts": "1999-01-01T00:00:00Z"},
        {**good, "ms_played": -5},
        {**good, "ms_played": "lots"},
        {k: v for k, v in good.items() if k != "ms_played"},
        {**good, "master_metadata_track_name": None, "spotify_track_uri": None},
        {**good, "master_metadata_album_artist_name": None},
        "not a row",
    ]
    report = import_history(db_session, user_id, [s.write_json(tmp_path / "a.json", rows)], LIMITS)
    assert (report["rows_seen"], report["plays_added"], report["rejected"]) == (10, 1, 9)
    assert report["rejected_reasons"] == {
        "missing end time": 1,
        "unreadable end time": 1,
        "end time out of range": 1,
        "ms played out of range": 1,
        "ms played not a whole number": 1,
        "missing ms played": 1,
        "no track, episode or chapter": 1,
        "missing artist, show or book name": 1,
        "not an object": 1,
    }


def test_account_data_overlapping_extended_history_is_the_same_play(db_session, user_id, tmp_path):
    extended = s.write_json(
        tmp_path / "ext.json",
        [
            s.audio_row("2023-01-05T18:42:37Z", "Hello", "Adele", 295_000, "spotify:track:H"),
            s.audio_row("2023-01-05T18:50:10Z", "Halo", "Beyoncé", 261_000, "spotify:track:B"),
        ],
    )
    account = s.write_json(
        tmp_path / "StreamingHistory0.json",
        [
            s.account_music("2023-01-05 18:42", "Adele", "Hello", 295_000),  # same play
            s.account_music("2023-01-05 18:50", "BEYONCE", "halo", 261_000),  # same, other case
            s.account_music("2023-01-05 18:50", "Beyoncé", "Halo", 100_000),  # other ms: new
            s.account_music("2023-01-05 19:00", "Adele", "Hello", 295_000),  # other minute: new
        ],
    )
    # Both in one import, account file named first: content decides the order.
    report = import_history(db_session, user_id, [account, extended], LIMITS)
    assert (report["plays_added"], report["duplicates"]) == (4, 2)
    again = import_history(db_session, user_id, [account], LIMITS)
    assert (again["plays_added"], again["duplicates"]) == (0, 4)
    # The uri-less account play shares the track row of the extended history.
    hello = db_session.scalars(select(Track).where(Track.name == "Hello")).all()
    assert len(hello) == 1 and hello[0].spotify_uri == "spotify:track:H"


def test_artists_resolve_by_normalised_name(db_session, user_id, tmp_path):
    path = s.write_json(
        tmp_path / "StreamingHistory0.json",
        [
            s.account_music("2023-01-05 18:42", "Beyoncé", "Halo", 1_000),
            s.account_music("2023-01-05 18:43", "BEYONCE", "Halo", 2_000),
            s.account_music("2023-01-05 18:44", "Beyonce ", "Halo!", 3_000),
        ],
    )
    import_history(db_session, user_id, [path], LIMITS)
    assert db_session.scalar(select(func.count(Artist.id))) == 1
    assert db_session.scalar(select(func.count(Track.id))) == 1
    assert db_session.scalar(select(Track.track_key)) == "music|beyonce|halo"


def test_insert_plays_from_live_sync_dedupes_against_imports(db_session, user_id, tmp_path):
    path = s.write_json(
        tmp_path / "a.json",
        [s.audio_row("2024-01-01T12:00:00Z", "One", "Band", 60_000, "spotify:track:1")],
    )
    import_history(db_session, user_id, [path], LIMITS)
    live = [
        PlayRow(
            datetime(2024, 1, 1, 12), 60_000, "music", "One", "Band", track_uri="spotify:track:1"
        ),
        PlayRow(
            datetime(2024, 1, 2, 12),
            61_000,
            "music",
            "Two",
            "Band",
            album_name="Second",
            track_uri="spotify:track:2",
            artist_uri="spotify:artist:BAND",
        ),
    ]
    result = insert_plays(db_session, user_id, live, source="live", import_id=None)
    assert (result.added, result.duplicates) == (1, 1)
    precise = PlayRow(datetime(2024, 1, 3, 12, 0, 0, 123000), 5_000, "music", "One", "Band")
    assert insert_plays(db_session, user_id, [precise], source="live", import_id=None).added == 1
    assert insert_plays(db_session, user_id, [precise], source="live", import_id=None).added == 0
    assert db_session.scalar(select(func.max(Play.ended_at))) == precise.ended_at
    assert db_session.scalar(select(Artist.spotify_id)) == "BAND"
    assert db_session.scalar(select(func.count(Artist.id))) == 1


def test_delete_listening_data_removes_only_that_users_plays(db_session, user_id, tmp_path):
    other = User(email="o@example.org", password_hash="x", display_name="o")
    db_session.add(other)
    db_session.commit()
    zip_path = s.full_zip(tmp_path / "my.zip")
    import_history(db_session, user_id, [zip_path], LIMITS)
    import_history(db_session, other.id, [zip_path], LIMITS)
    version = db_session.get(User, user_id).data_version
    assert delete_listening_data(db_session, user_id) == 5
    db_session.expire_all()
    assert plays(db_session, user_id) == 0 and plays(db_session, other.id) == 5
    assert orphan_plays(db_session) == 0
    assert db_session.get(User, user_id).data_version == version + 1


def test_extended_history_imported_after_account_data_replaces_the_same_plays(
    db_session, user_id, tmp_path
):
    account = s.write_json(
        tmp_path / "StreamingHistory_music_0.json",
        [
            s.account_music("2023-01-05 18:42", "Adele", "Hello", 295_000),
            s.account_music("2023-01-05 19:00", "Adele", "Someone Like You", 285_000),
        ],
    )
    extended = s.write_json(
        tmp_path / "endsong_0.json",
        [
            s.audio_row("2023-01-05T18:42:37Z", "Hello", "Adele", 295_000, "spotify:track:H"),
            s.audio_row("2023-01-06T10:00:00Z", "Hello", "Adele", 295_000, "spotify:track:H"),
        ],
    )
    first = import_history(db_session, user_id, [account], LIMITS)
    assert first["plays_added"] == 2
    second = import_history(db_session, user_id, [extended], LIMITS)
    # The 18:42 play was already there at minute resolution: it is upgraded, not doubled.
    assert (second["plays_added"], second["duplicates"]) == (1, 1)
    stored = db_session.execute(
        select(Play.ended_at, Play.source).where(Play.user_id == user_id).order_by(Play.ended_at)
    ).all()
    assert stored == [
        (datetime(2023, 1, 5, 18, 42, 37), "extended"),
        (datetime(2023, 1, 5, 19, 0), "account"),
        (datetime(2023, 1, 6, 10, 0), "extended"),
    ]
    again = import_history(db_session, user_id, [account, extended], LIMITS)
    assert (again["plays_added"], again["duplicates"]) == (0, 4)
    assert orphan_plays(db_session) == 0


def test_orphan_check_finds_plays_whose_rows_are_gone(db_session, user_id, tmp_path):
    import_history(db_session, user_id, [s.full_zip(tmp_path / "my.zip")], LIMITS)
    assert orphan_plays(db_session) == 0
    # The plays table has no foreign keys; this check is what catches a writer's mistake.
    db_session.execute(update(Play).where(Play.user_id == user_id).values(track_id=10**9))
    assert orphan_plays(db_session) == plays(db_session, user_id) == 5


def test_a_play_ending_on_the_minute_is_upgraded_not_lost(db_session, user_id, tmp_path):
    """Account data's minute is the extended play's own end time when it ended on :00, so
    both rows have one natural key; the play stays, with the export's details."""
    account = s.write_json(
        tmp_path / "StreamingHistory_music_0.json",
        [s.account_music("2023-01-05 19:00", "Adele", "Someone Like You", 285_000)],
    )
    extended = s.write_json(
        tmp_path / "endsong_0.json",
        [
            s.audio_row("2023-01-05T19:00:00Z", "Someone Like You", "Adele", 285_000),
            s.audio_row("2023-01-06T10:00:00Z", "Hello", "Adele", 295_000),
        ],
    )
    import_history(db_session, user_id, [account], LIMITS)
    second = import_history(db_session, user_id, [extended], LIMITS)
    assert (second["plays_added"], second["duplicates"]) == (1, 1)
    stored = db_session.execute(
        select(Play.ended_at, Play.source, Play.platform)
        .where(Play.user_id == user_id)
        .order_by(Play.ended_at)
    ).all()
    assert stored == [
        (datetime(2023, 1, 5, 19, 0), "extended", "android"),
        (datetime(2023, 1, 6, 10, 0), "extended", "android"),
    ]
