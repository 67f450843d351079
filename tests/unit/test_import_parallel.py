"""Parse helpers (data.importers.parallel): an import that uses them stores exactly what the
one-process import stores, reports the same, and still explains a broken file."""

from __future__ import annotations

import json
import marshal
import zipfile
from datetime import datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from data.importers import helper, parallel
from data.importers.formats import ImportFileError
from data.models import Play
from data.queries.integrity import orphan_plays, orphan_tracks
from data.services import imports
from data.services.imports import import_history
from tests import import_samples as s
from tests.bench.synthetic_export import write_export
from tests.import_helpers import LIMITS, REPORTED, Spy, add_user, both_ways


def test_helpers_store_and_report_what_one_process_does(db_session, monkeypatch, tmp_path):
    paths = write_export(tmp_path / "export", 40_000, seed=11)
    fast, slow, fast_rows, slow_rows, spy = both_ways(db_session, monkeypatch, paths)
    assert spy.compact == len(paths)  # every file went through a helper
    assert fast_rows == slow_rows and len(fast_rows) == fast["plays_added"]
    assert {k: fast[k] for k in REPORTED} == {k: slow[k] for k in REPORTED}
    assert (fast["first_play_at"], fast["last_play_at"]) == (
        slow["first_play_at"],
        slow["last_play_at"],
    )
    assert fast["duplicates"] > 0  # the export repeats rows; helpers dedupe like the rest
    assert orphan_plays(db_session) == orphan_tracks(db_session) == 0


def test_reimporting_through_helpers_adds_nothing(db_session, monkeypatch, tmp_path):
    paths = write_export(tmp_path / "export", 20_000, seed=12)
    spy = Spy(monkeypatch, 2)
    user_id = add_user(db_session, "again@example.org")
    first = import_history(db_session, user_id, paths, LIMITS)
    again = import_history(db_session, user_id, paths, LIMITS)
    db_session.commit()
    assert spy.compact == 2 * len(paths)
    assert first["plays_added"] > 0
    assert again["plays_added"] == 0
    assert again["duplicates"] == again["rows_seen"] - again["rejected"]


def test_a_zip_mixing_eras_account_data_and_odd_files(db_session, monkeypatch, tmp_path):
    """Zip members are read by the helpers; what the fast path refuses is parsed here."""
    odd = [s.audio_row("2024-05-01T10:00:00Z", "Odd", "Band", 1000)]
    odd[0]["ms_played"] = "1000"  # a string: the general path rejects it with its reason
    odd.append(s.audio_row("2024-05-01T11:00:00Z", "Fine", "Band", 90_000, "spotify:track:F"))
    members = {
        f"{s.EXT}/Streaming_History_Audio_2019-2021_0.json": [
            s.endsong_row("2020-06-01T10:00:00Z", "Hello", "Adele", 295_000),
            s.endsong_row("2019-12-31T23:30:00Z", "Halo", "Beyoncé", 261_000),
        ],
        f"{s.EXT}/Streaming_History_Video_2024.json": [
            s.episode_row("2024-03-01T07:00:00Z", "Ep 1", "Morning Show", 1_800_000),
            s.chapter_row("2024-03-02T07:00:00Z", "Chapter 1", "A Book", 600_000),
        ],
        f"{s.EXT}/Streaming_History_Audio_2024_1.json": odd,
        f"{s.ACC}/StreamingHistory_music_0.json": [
            s.account_music("2020-06-01 10:00", "Adele", "Hello", 295_000),  # the same play
            s.account_music("2021-01-01 09:00", "Adele", "Skyfall", 200_000),
        ],
        f"{s.ACC}/Userdata.json": {"username": s.SECRET_USER},
    }
    paths = [s.spotify_zip(tmp_path / "my_spotify_data.zip", members)]
    fast, slow, fast_rows, slow_rows, spy = both_ways(db_session, monkeypatch, paths)
    assert spy.compact == 2  # the odd file went back to the general path
    assert fast_rows == slow_rows
    assert {k: fast[k] for k in REPORTED} == {k: slow[k] for k in REPORTED}
    assert fast["rejected_reasons"] == {"ms played not a whole number": 1}
    assert fast["kinds"] == {"music": 5, "podcast": 1, "audiobook": 1}  # rows kept, by kind
    assert fast["plays_added"] == 6 and fast["duplicates"] == 1


def test_a_broken_zip_member_reads_as_broken(db_session, monkeypatch, tmp_path):
    """A member whose bytes fail the CRC: the helper hands it back and the user is told why."""
    rows = [s.audio_row("2024-05-01T10:00:00Z", "Song", "Band", 90_000, "spotify:track:S")]
    path = tmp_path / "broken.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{s.EXT}/Streaming_History_Audio_2024_0.json", json.dumps(rows * 2000))
    data = bytearray(path.read_bytes())
    spot = data.rindex(b"Band")  # late in the member: the first 64 KB still sniff as history
    data[spot : spot + 4] = b"Bend"
    path.write_bytes(bytes(data))
    spy = Spy(monkeypatch, 1)
    user_id = add_user(db_session, "broken@example.org")
    with pytest.raises(ImportFileError, match=r"Audio_2024_0\.json: cannot be unpacked"):
        import_history(db_session, user_id, [path], LIMITS)
    assert (spy.asked, spy.compact) == (1, 0)


def test_helpers_are_not_used_for_a_small_import_or_a_single_core(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 4)
    assert parallel.helper_count(1024, "sqlite") == 0
    assert parallel.helper_count(1 << 30, "sqlite") == 4
    assert parallel.helper_count(1 << 30, "postgresql") == 3  # the server's backend works too
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    assert parallel.helper_count(1 << 30, "postgresql") == 1
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    assert parallel.helper_count(1 << 30, "sqlite") == 0


def test_a_containers_cpu_quota_caps_the_cores(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(8)))
    cpu_max = tmp_path / "cpu.max"
    assert parallel.usable_cores(cpu_max) == 8  # no cgroup file: affinity decides
    cpu_max.write_text("max 100000\n")
    assert parallel.usable_cores(cpu_max) == 8
    cpu_max.write_text("150000 100000\n")  # docker run --cpus 1.5
    assert parallel.usable_cores(cpu_max) == 1
    cpu_max.write_text("400000 100000\n")
    assert parallel.usable_cores(cpu_max) == 4


def test_a_user_with_account_plays_imports_without_helpers(db_session, monkeypatch, tmp_path):
    """Account-data plays are replaced by full-resolution rows, which needs whole rows."""
    spy = Spy(monkeypatch, 2)
    user_id = add_user(db_session, "account@example.org")
    account = s.write_json(
        tmp_path / "StreamingHistory_music_0.json",
        [s.account_music("2020-06-01 10:00", "Adele", "Hello", 295_000)],
    )
    extended = s.write_json(
        tmp_path / "Streaming_History_Audio_2020_0.json",
        [s.endsong_row("2020-06-01T10:00:42Z", "Hello", "Adele", 295_000)],
    )
    import_history(db_session, user_id, [account], LIMITS)
    report = import_history(db_session, user_id, [extended], LIMITS)
    db_session.commit()
    assert spy.compact == 0
    assert report["plays_added"] == 0 and report["duplicates"] == 1  # it replaced the account play
    assert [row.source for row in db_session.scalars(select(Play))] == ["extended"]


def test_a_helper_that_dies_leaves_the_import_to_finish_in_process(
    db_session, monkeypatch, tmp_path, caplog
):
    paths = write_export(tmp_path / "export", 40_000, seed=14)
    result = parallel.ParseHelpers.result

    def kill_first_helper(helpers):
        if not helpers.stopped:
            helpers._procs[0].kill()
            helpers._procs[0].wait()
        return result(helpers)

    monkeypatch.setattr(parallel.ParseHelpers, "result", kill_first_helper)
    monkeypatch.setattr(imports, "helper_count", lambda total, dialect: 2)
    user_id = add_user(db_session, "killed@example.org")
    report = import_history(db_session, user_id, paths, LIMITS)
    monkeypatch.setattr(imports, "helper_count", lambda total, dialect: 0)
    again = import_history(db_session, add_user(db_session, "calm@example.org"), paths, LIMITS)
    assert {k: report[k] for k in REPORTED} == {k: again[k] for k in REPORTED}
    assert report["plays_added"] > 0
    assert "a parse helper stopped" in caplog.text


def test_helpers_tell_postgresql_which_plays_repeat_and_send_microseconds():
    at, later = "2024-05-01T10:00:00Z", "2024-05-01T10:03:00Z"
    rows = [
        s.audio_row(at, "A", "Band", 1000, "spotify:track:A"),
        s.audio_row(at, "B", "Band", 1000, "spotify:track:B"),
        s.audio_row(at, "A", "Band", 1000, "spotify:track:A", platform="ios"),  # A again
        s.audio_row(at, "A", "Band", 2000, "spotify:track:A"),  # a different length
        s.audio_row(later, "A", "Band", 1000, "spotify:track:A"),  # another end time
        s.audio_row(later, "A", "Band", 1000, "spotify:track:A"),  # again, in another run
    ]
    frame = helper.compact("f.json", json.dumps(rows).encode(), {}, postgres=True)
    *_, plays, repeats, (ended, ms, _, tracks, *_) = marshal.loads(frame)  # noqa: S302
    assert plays == 6
    assert repeats == [2, 5]  # left out by the storing process, as the database would
    sent = [(0, 1000), (1, 1000), (0, 1000), (0, 2000), (0, 1000), (0, 1000)]
    assert list(zip(tracks, ms, strict=True)) == sent
    since_2000 = np.frombuffer(ended, np.int64).tolist()
    assert since_2000 == [767_872_800_000_000] * 4 + [767_872_980_000_000] * 2
    assert datetime(2000, 1, 1) + timedelta(microseconds=since_2000[0]) == datetime(
        2024, 5, 1, 10, 0
    )


@pytest.mark.parametrize("postgres", [False, True])
def test_helpers_reject_an_impossible_date_as_the_general_path_does(postgres):
    rows = [
        s.audio_row("2023-02-28T10:00:00Z", "A", "Band", 1000, "spotify:track:A"),
        s.audio_row("2023-02-30T10:00:00Z", "B", "Band", 1000, "spotify:track:B"),
    ]
    frame = helper.compact("f.json", json.dumps(rows).encode(), {}, postgres=postgres)
    _, rejected, *_, plays, _, (ended, *_) = marshal.loads(frame)  # noqa: S302
    assert plays == 1
    assert rejected == {"unreadable end time": 1}
    assert len(ended) == (8 if postgres else 1)  # one end time: 8 bytes, or one text
