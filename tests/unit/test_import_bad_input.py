"""Bad input gets a clear message and leaves the database exactly as it was."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from data.importers.formats import ImportFileError
from data.importers.sources import Limits
from data.models import Album, Artist, Import, Play, SpotifyWrapped, Track
from data.services.imports import import_history
from tests import import_samples as s

LIMITS = Limits.for_upload_limit(5 * 1024 * 1024)
TABLES = (Play, Track, Artist, Album, Import, SpotifyWrapped)


@pytest.fixture
def good(tmp_path):
    """A valid file imported alongside the bad one: it must not be written either."""
    return s.write_json(
        tmp_path / "good.json",
        [s.audio_row("2024-01-01T12:00:00Z", "One", "Band", 60_000, "spotify:track:1")],
    )


def snapshot(session) -> dict:
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in TABLES}


def rejected(session, user_id, paths, limits=LIMITS) -> str:
    """Run an import the way the CLI and job do (one transaction) and return its error."""
    before = snapshot(session)

    def run() -> None:
        try:
            import_history(session, user_id, paths, limits)
            session.commit()
        except BaseException:
            session.rollback()
            raise

    with pytest.raises(ImportFileError) as info:
        run()
    assert snapshot(session) == before
    return str(info.value)


def test_baseline_good_file_imports(db_session, user_id, good):
    assert import_history(db_session, user_id, [good], LIMITS)["plays_added"] == 1


def test_not_json(db_session, user_id, good, tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text("these are my notes")
    assert "notes.json: not JSON" in rejected(db_session, user_id, [good, bad])


def test_truncated_json(db_session, user_id, good, tmp_path):
    bad = tmp_path / "cut.json"
    bad.write_bytes(good.read_bytes()[:-40])
    assert "cut.json: the JSON is truncated" in rejected(db_session, user_id, [good, bad])


@pytest.mark.parametrize("content", ['{"hello": "world"}', "[1, 2, 3]", '"text"', '[{"a": 1}]'])
def test_json_of_the_wrong_shape(db_session, user_id, good, tmp_path, content):
    bad = tmp_path / "shape.json"
    bad.write_text(content)
    assert "not Spotify listening history" in rejected(db_session, user_id, [good, bad])


def test_empty_file(db_session, user_id, good, tmp_path):
    bad = tmp_path / "empty.json"
    bad.write_bytes(b"")
    assert "empty.json: the file is empty" in rejected(db_session, user_id, [good, bad])


def test_non_utf8_file(db_session, user_id, good, tmp_path):
    bad = tmp_path / "latin1.json"
    bad.write_bytes(
        '[{"endTime": "2023-01-01 10:00", "artistName": "Motörhead"}]'.encode("latin-1")
    )
    assert "latin1.json: not UTF-8" in rejected(db_session, user_id, [good, bad])


def test_file_over_the_size_limit(db_session, user_id, good, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * (2 * 1024 * 1024) + b"]")
    small = Limits.for_upload_limit(1024 * 1024)
    assert "over the size limit of 1 MB" in rejected(db_session, user_id, [good, big], small)


def test_missing_path(db_session, user_id, tmp_path):
    assert "no such file" in rejected(db_session, user_id, [tmp_path / "nope.zip"])


def _zip(path, members: dict[str, bytes], method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_bomb_by_compression_ratio(db_session, user_id, good, tmp_path):
    bomb = _zip(tmp_path / "bomb.zip", {"a.json": b"[" + b" " * (4 * 1024 * 1024) + b"]"})
    assert "looks like a zip bomb" in rejected(db_session, user_id, [good, bomb])


def test_zip_over_total_uncompressed_size(db_session, user_id, good, tmp_path):
    limits = Limits(max_file_bytes=5 * 1024 * 1024, max_total_bytes=100_000)
    rows = good.read_bytes()
    members = {f"part{i}.json": rows + b" " * 30_000 for i in range(5)}
    archive = _zip(tmp_path / "big.zip", members, zipfile.ZIP_STORED)
    assert "unpacks to more than" in rejected(db_session, user_id, [archive], limits)


def test_zip_with_too_many_members(db_session, user_id, good, tmp_path):
    limits = Limits(max_file_bytes=5 * 1024 * 1024, max_total_bytes=50_000_000, max_members=10)
    archive = _zip(tmp_path / "many.zip", {f"f{i}.json": b"[]" for i in range(11)})
    assert "11 files in the zip; at most 10" in rejected(db_session, user_id, [archive], limits)


@pytest.mark.parametrize("name", ["../evil.json", "/etc/evil.json", "a/../../evil.json"])
def test_zip_member_with_unsafe_path(db_session, user_id, good, tmp_path, name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ok.json", good.read_bytes())
        info = zipfile.ZipInfo("placeholder.json")
        info.filename = name  # ZipInfo normalises leading slashes; set the raw name as attackers do
        archive.writestr(info, b"[]")
    path = tmp_path / "evil.zip"
    path.write_bytes(buffer.getvalue())
    assert "unsafe path" in rejected(db_session, user_id, [path])


def test_corrupt_zip_member(db_session, user_id, good, tmp_path):
    archive = _zip(tmp_path / "c.zip", {"a.json": good.read_bytes() * 3})
    data = bytearray(archive.read_bytes())
    start = data.index(b"a.json") + len(b"a.json") + 10
    data[start : start + 20] = b"\x00" * 20
    archive.write_bytes(bytes(data))
    message = rejected(db_session, user_id, [archive])
    assert "c.zip" in message


def test_bad_member_inside_a_zip_rejects_the_whole_import(db_session, user_id, good, tmp_path):
    archive = s.spotify_zip(
        tmp_path / "my_spotify_data.zip",
        {
            f"{s.EXT}/Streaming_History_Audio_2024_0.json": [
                s.audio_row("2024-01-01T12:00:00Z", "One", "Band", 60_000, "spotify:track:1")
            ],
            f"{s.EXT}/Streaming_History_Audio_2024_1.json": b'[{"ts": "2024-01-01T1',
        },
    )
    assert "Streaming_History_Audio_2024_1.json: the JSON is truncated" in rejected(
        db_session, user_id, [archive]
    )


def test_upload_with_nothing_to_import(db_session, user_id, tmp_path):
    archive = _zip(tmp_path / "x.zip", {"ReadMe.pdf": b"%PDF"})
    assert "No JSON files found" in rejected(db_session, user_id, [archive])
