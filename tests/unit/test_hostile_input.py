"""Any bytes in, a clean answer out (issue #12, point 7 and the property tests).

The export detector and the iCalendar parser get arbitrary and near-valid bytes from
hypothesis: each either rejects the input with a message meant for a person (ImportFileError,
FeedError) or parses it, and a rejected import leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import zipfile
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.feeds.http import FeedError
from data.feeds.ical import ICalAdapter
from data.feeds.model import NormalisedEvent, check
from data.importers.formats import ImportFileError
from data.importers.helper import compact
from data.importers.sources import Limits
from data.services.imports import import_history
from tests.unit.test_import_bad_input import rejected, snapshot

LIMITS = Limits.for_upload_limit(5 * 1024 * 1024)
WINDOW = {"start": "2027-01-01", "end": "2027-12-31"}
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_names = count()

# --- near-valid inputs: the shapes an attacker or a broken tool would actually send ---------

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_json_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_play_keys = st.sampled_from(
    ["ts", "ms_played", "endTime", "msPlayed", "master_metadata_track_name", "trackName",
     "master_metadata_album_artist_name", "artistName", "episode_name", "spotify_track_uri",
     "skipped", "shuffle", "platform", "topArtists"]
)  # fmt: skip
_play_rows = st.lists(st.dictionaries(_play_keys, _json_values, max_size=8), max_size=5)


@st.composite
def _export_bytes(draw) -> bytes:
    doc = draw(_play_rows | _json_values)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    data = json.dumps(doc, ensure_ascii=draw(st.booleans())).encode(encoding, "replace")
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) else data


_export_inputs = st.binary(max_size=2048) | _export_bytes()

ICAL_NAMES = [
    "DTSTART", "DTEND", "RRULE", "RDATE", "EXDATE", "UID", "SUMMARY", "LOCATION", "GEO",
    "CATEGORIES", "STATUS", "URL", "RECURRENCE-ID", "DTSTART;TZID=Europe/Berlin",
    "DTSTART;VALUE=DATE", "BEGIN", "END",
]  # fmt: skip
ICAL_VALUES = [
    "20270105T200000Z", "20270105", "FREQ=DAILY", "FREQ=SECONDLY", "FREQ=WEEKLY;COUNT=3",
    "FREQ=", "x", "", "52.5;13.4", "VEVENT", "VTIMEZONE", "CANCELLED", "javascript:1",
    "00010101T000000", "99991231T235959Z",
]  # fmt: skip
_ical_lines = st.lists(
    st.tuples(st.sampled_from(ICAL_NAMES), st.sampled_from(ICAL_VALUES) | st.text(max_size=15)),
    max_size=12,
)


@st.composite
def _ical_bytes(draw) -> bytes:
    lines = "".join(f"{name}:{value}\r\n" for name, value in draw(_ical_lines))
    text = (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    data = text.encode(encoding, "replace")
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


# --- properties -------------------------------------------------------------------------------


@PROPERTY
@given(data=_export_inputs, zipped=st.booleans())
def test_any_bytes_are_imported_or_cleanly_rejected(db_session, user_id, tmp_path, data, zipped):
    path = tmp_path / f"upload{next(_names)}.json"
    path.write_bytes(data)
    if zipped:
        archive = path.with_suffix(".zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(path, "Spotify Extended Streaming History/Streaming_History_Audio_0.json")
        path = archive
    before = snapshot(db_session)
    report, message = None, None
    try:
        report = import_history(db_session, user_id, [path], LIMITS)
    except ImportFileError as exc:
        message = str(exc)
    db_session.rollback()  # a rejection must leave nothing; a valid parse is not kept here
    if report is None:
        assert snapshot(db_session) == before
        assert message and "Traceback" not in message
    else:
        assert report["rows_seen"] >= report["plays_added"] >= 0


@PROPERTY
@given(data=_export_inputs)
def test_the_parse_helper_never_raises(data):
    # The helper process parses full-resolution files; anything unusual goes back unparsed.
    assert isinstance(compact("f.json", data, {}), bytes)
    assert isinstance(compact("f.json", data, {}, True), bytes)


@PROPERTY
@given(data=st.binary(max_size=2048) | _ical_bytes())
def test_any_bytes_are_a_calendar_or_a_clean_rejection(data):
    try:
        page = ICalAdapter(None, time_budget=5).parse_file(data, WINDOW)
    except FeedError as exc:
        page, message = None, str(exc)
    if page is None:
        assert message
        return
    for event in page.events:
        assert isinstance(event, NormalisedEvent)
        check(event)
    for ident, reason in page.failures:
        assert isinstance(ident, str) and isinstance(reason, str) and reason


# --- examples the issue names ---------------------------------------------------------------


def test_non_utf8_calendar_gets_a_sentence():
    raw = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Motörhead\r\nEND:VEVENT\r\n"
    latin1 = (raw + "END:VCALENDAR\r\n").encode("latin-1")
    with pytest.raises(FeedError) as info:
        ICalAdapter(None).parse_file(latin1, WINDOW)
    assert str(info.value) == "not UTF-8 text (at byte 49); iCalendar files are UTF-8"


def test_non_utf8_zip_member_gets_a_sentence(db_session, user_id, tmp_path):
    archive = tmp_path / "my_spotify_data.zip"
    row = '[{"endTime": "2023-01-01 10:00", "artistName": "Motörhead", "msPlayed": 1}]'
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Spotify Account Data/StreamingHistory_music_0.json", row.encode("cp1252"))
    message = rejected(db_session, user_id, [archive], LIMITS)
    assert message == (
        "my_spotify_data.zip:Spotify Account Data/StreamingHistory_music_0.json: "
        "not UTF-8 text; Spotify exports are UTF-8 JSON."
    )


def _many_small_members(path, members: int, member_bytes: int, name: str = "part{}.json"):
    """A zip of many small, highly compressible members (valid empty JSON lists)."""
    body = b"[" + b" " * (member_bytes - 2) + b"]"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for i in range(members):
            out.writestr(name.format(i), body)
    return path


def test_many_small_members_that_unpack_huge_are_refused(db_session, user_id, tmp_path):
    # Scaled down from a 6.6 MB zip unpacking to 2 GB (300:1): 100 members of 100 KB, each
    # under the per-member size floor, unpack to 10 MB from a few tens of KB.
    limits = Limits(max_file_bytes=5 * 1024 * 1024, max_total_bytes=20 * 1024 * 1024)
    archive = _many_small_members(tmp_path / "bomb.zip", 100, 100 * 1024)
    assert archive.stat().st_size * 100 < 10 * 1024 * 1024
    message = rejected(db_session, user_id, [archive], limits)
    assert "its 100 files unpack to 10 MB, more than 100:1" in message
    assert "looks like a zip bomb" in message


def test_members_that_are_not_json_count_towards_the_total(db_session, user_id, tmp_path):
    limits = Limits(max_file_bytes=5 * 1024 * 1024, max_total_bytes=1024 * 1024, max_ratio=10**6)
    archive = _many_small_members(tmp_path / "pics.zip", 20, 100 * 1024, "photo{}.jpg")
    assert "unpacks to more than 1 MB" in rejected(db_session, user_id, [archive], limits)


def test_an_ordinary_export_zip_still_imports(db_session, user_id, tmp_path):
    rows = [
        {"endTime": f"2023-01-{d:02d} 10:00", "artistName": f"Band {d}", "trackName": "Song",
         "msPlayed": 60_000 + d}
        for d in range(1, 29)
    ]  # fmt: skip
    archive = tmp_path / "my_spotify_data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("Spotify Account Data/StreamingHistory_music_0.json", json.dumps(rows) * 1)
        out.writestr("Spotify Account Data/Read Me First.pdf", b"%PDF-1.4 " + bytes(range(256)))
    assert import_history(db_session, user_id, [archive], LIMITS)["plays_added"] == 28
