"""Every export era is recognised by content and normalised to the same PlayRows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data.importers.fast import parse_extended_fast
from data.importers.formats import detect, load_json, parse_document
from data.importers.sources import Limits
from data.models import Import, Play, SpotifyWrapped, Track, User
from data.services.imports import import_history
from tests import import_samples as s

LIMITS = Limits.for_upload_limit(50 * 1024 * 1024)


def parse(path: Path):
    doc = load_json(path.name, path.read_bytes())
    return parse_document(path.name, doc, detect(doc))


def test_endsong_era_drops_personal_fields_and_keeps_play_details(tmp_path):
    path = s.write_json(
        tmp_path / "endsong_0.json",
        [s.endsong_row("2020-06-01T10:00:00Z", "Hello", "Adele", 295_000, shuffle=True)],
    )
    parsed = parse(path)
    assert parsed.format == "extended (2018-2022 fields)"
    (row,) = parsed.rows
    assert row.ended_at == datetime(2020, 6, 1, 10, 0, 0)
    assert (row.kind, row.artist_name, row.track_name, row.ms_played) == (
        "music",
        "Adele",
        "Hello",
        295_000,
    )
    assert row.track_uri.startswith("spotify:track:")
    assert row.skipped is None and row.shuffle is True and row.country == "DE"
    assert row.platform == "Android OS 9 API 28 (samsung, SM-G960F)"
    assert s.SECRET_IP not in repr(row) and s.SECRET_USER not in repr(row)


def test_2024_audio_era_with_seconds_offline_timestamp(tmp_path):
    path = s.write_json(
        tmp_path / "Streaming_History_Audio_2024_3.json",
        [
            s.audio_row("2024-02-02T08:00:00Z", "Song A", "Band", 200_000, "spotify:track:A"),
            s.chapter_row("2024-02-03T21:00:00Z", "Chapter 1", "The Book", 600_000),
        ],
    )
    parsed = parse(path)
    assert parsed.format == "extended (2024+ fields)"
    music, chapter = parsed.rows
    assert music.track_uri == "spotify:track:A" and music.skipped is False
    assert (chapter.kind, chapter.artist_name, chapter.track_name) == (
        "audiobook",
        "The Book",
        "Chapter 1",
    )
    assert chapter.track_uri.startswith("spotify:chapter:")


def test_video_file_holds_music_or_video_podcast_rows(tmp_path):
    path = s.write_json(
        tmp_path / "Streaming_History_Video_2023-2024.json",
        [
            s.episode_row("2024-03-01T07:00:00Z", "Ep 1", "Morning Show", 1_800_000),
            s.audio_row("2024-03-01T08:00:00Z", "Video Song", "Band", 180_000, "spotify:track:V"),
        ],
    )
    rows = parse(path).rows
    assert [(r.kind, r.artist_name, r.track_name) for r in rows] == [
        ("podcast", "Morning Show", "Ep 1"),
        ("music", "Band", "Video Song"),
    ]
    assert rows[0].track_uri.startswith("spotify:episode:")


def test_account_data_files_of_every_kind(tmp_path):
    music = s.write_json(
        tmp_path / "StreamingHistory0.json",
        [s.account_music("2023-01-05 18:42", "Adele", "Hello", 295_000)],
    )
    podcast = s.write_json(
        tmp_path / "StreamingHistory_podcast_0.json",
        [s.account_podcast("2023-01-05 07:10", "Morning Show", "Ep 9", 1_200_000)],
    )
    book = s.write_json(
        tmp_path / "StreamingHistory_audiobook_0.json",
        [s.account_audiobook("2023-01-06 22:00", "The Book", "Chapter 2", 900_000)],
    )
    assert parse(music).format == "account data: music"
    assert parse(podcast).format == "account data: podcasts"
    assert parse(book).format == "account data: audiobooks"
    (row,) = parse(music).rows
    assert row.ended_at == datetime(2023, 1, 5, 18, 42) and row.minute_resolution
    assert row.track_uri is None and row.album_name is None
    assert parse(podcast).rows[0].kind == "podcast"
    assert (parse(book).rows[0].kind, parse(book).rows[0].artist_name) == ("audiobook", "The Book")


def test_file_names_are_ignored_content_decides(tmp_path):
    misleading = s.write_json(
        tmp_path / "StreamingHistory_podcast_9.json",
        [s.audio_row("2024-02-02T08:00:00Z", "Song A", "Band", 200_000, "spotify:track:A")],
    )
    assert parse(misleading).format.startswith("extended")
    assert parse(misleading).rows[0].kind == "music"


def test_offsets_are_converted_to_utc(tmp_path):
    path = s.write_json(
        tmp_path / "x.json",
        [s.audio_row("2024-02-02T10:00:00+02:00", "Song A", "Band", 1_000, "spotify:track:A")],
    )
    assert parse(path).rows[0].ended_at == datetime(2024, 2, 2, 8, 0, 0)


def test_full_zip_imports_history_keeps_wrapped_and_ignores_the_rest(db_session, user_id, tmp_path):
    report = import_history(db_session, user_id, [s.full_zip(tmp_path / "my.zip")], LIMITS)
    db_session.commit()
    assert report["rows_seen"] == 5
    assert report["plays_added"] == 5
    assert report["kinds"] == {"music": 4, "podcast": 1}
    assert report["formats"] == {
        "extended (2018-2022 fields)": 1,
        "extended (2024+ fields)": 2,
        "wrapped": 1,
    }
    assert sorted(Path(n.split(":", 1)[1]).name for n in report["ignored"]) == [
        "Playlist1.json",
        "Userdata.json",
    ]
    assert report["first_play_at"] == "2019-12-31T23:30:00"
    wrapped = db_session.scalars(select(SpotifyWrapped)).one()
    assert (wrapped.user_id, wrapped.year) == (user_id, 2023)
    record = db_session.scalars(select(Import)).one()
    assert (record.rows_seen, record.plays_added, record.status) == (5, 5, "finished")
    assert db_session.scalar(select(func.count()).select_from(Play)) == 5


def test_several_files_and_a_folder(db_session, user_id, tmp_path):
    folder = tmp_path / "export" / "Spotify Extended Streaming History"
    s.write_json(
        folder / "a.json",
        [s.audio_row("2024-01-01T00:00:00Z", "One", "Band", 60_000, "spotify:track:1")],
    )
    s.write_json(
        folder / "nested" / "b.json",
        [s.audio_row("2024-01-02T00:00:00Z", "Two", "Band", 60_000, "spotify:track:2")],
    )
    (folder / "notes.txt").write_text("not json")
    report = import_history(db_session, user_id, [tmp_path / "export"], LIMITS)
    assert report["plays_added"] == 2
    extra = s.write_json(
        tmp_path / "c.json",
        [s.audio_row("2024-01-03T00:00:00Z", "Three", "Band", 60_000, "spotify:track:3")],
    )
    report = import_history(db_session, user_id, [extra, folder / "a.json"], LIMITS)
    assert (report["plays_added"], report["duplicates"]) == (1, 1)


def test_no_ip_address_or_user_agent_reaches_the_database(db_session, user_id, tmp_path):
    import_history(db_session, user_id, [s.full_zip(tmp_path / "my.zip")], LIMITS)
    db_session.commit()
    db_file = Path(db_session.get_bind().url.database)
    db_session.get_bind().dispose()
    raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
    assert s.SECRET_IP.encode() not in raw
    assert s.SECRET_AGENT.encode() not in raw
    assert s.SECRET_USER.encode() not in raw
    assert b"Adele" in raw  # the check reads the data that was written


def test_tracks_resolve_to_shared_rows(db_session, user_id, tmp_path):
    other = User(email="other@example.org", password_hash="x", display_name="o")
    db_session.add(other)
    db_session.commit()
    zip_path = s.full_zip(tmp_path / "my.zip")
    import_history(db_session, user_id, [zip_path], LIMITS)
    import_history(db_session, other.id, [zip_path], LIMITS)
    assert db_session.scalar(select(func.count()).select_from(Play)) == 10
    assert db_session.scalar(select(func.count(Track.id))) == 5


def test_fast_path_reads_exactly_what_the_general_path_reads(tmp_path):
    rows = [
        s.endsong_row("2020-06-01T10:00:00Z", "Hello", "Adele", 295_000, shuffle=True),
        s.endsong_row("2020-06-01T10:00:00Z", "Hello", "Adele", 295_000),  # exact duplicate
        s.endsong_row("2003-01-01T00:00:00Z", "Too", "Early", 1_000),  # before Spotify
        s.endsong_row("2020-13-01T00:00:00Z", "Bad", "Month", 1_000),  # unreadable end time
        s.endsong_row("2020-06-02T10:00:00Z", "Long", "Play", 25 * 3600 * 1000),
        s.endsong_row("2020-06-03T10:00:00Z", "Nameless", "", 1_000),  # missing artist
        s.endsong_row("2020-06-04T10:00:00+02:00", "Offset", "Band", 1_000),  # not ...Z
        s.endsong_row("2020-06-05T10:00:00Z", "", "", 1_000, master_metadata_track_name=None),
        s.endsong_row("2020-06-06T10:00:00Z", "Big", "Band", 9, platform="p" * 60, skipped=True),
    ]
    path = s.write_json(tmp_path / "endsong_0.json", rows)
    fast, general = parse_extended_fast(path.name, path.read_bytes()), parse(path)
    assert fast is not None, "a well-formed extended-history file takes the fast path"
    assert (fast.format, fast.rows, fast.rejected) == (
        general.format,
        general.rows,
        general.rejected,
    )
    assert len(fast.rows) == 4 and sum(fast.rejected.values()) == 5


@pytest.mark.parametrize(
    "odd",
    [
        {"ms_played": 1000.0},  # a float
        {"skipped": "true"},  # a string where a boolean belongs
        {"ts": None},
    ],
)
def test_unusual_files_fall_back_to_the_general_path(odd, db_session, user_id, tmp_path):
    rows = [s.audio_row("2024-02-02T08:00:00Z", "Song A", "Band", 200_000, "spotify:track:A")]
    rows.append({**rows[0], "ts": "2024-02-02T09:00:00Z", **odd})
    path = s.write_json(tmp_path / "Streaming_History_Audio_2024.json", rows)
    assert parse_extended_fast(path.name, path.read_bytes()) is None
    report = import_history(db_session, user_id, [path], LIMITS)
    assert report["rows_seen"] == 2
    assert report["plays_added"] + report["rejected"] == 2
