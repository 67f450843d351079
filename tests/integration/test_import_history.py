"""Imports into real PostgreSQL, and an import killed midway (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from data.db import make_engine
from data.importers import parallel
from data.importers.sources import Limits
from data.importers.store import PlayStore
from data.models import Artist, Base, Import, Play, Track, User
from data.queries.integrity import orphan_plays, orphan_tracks
from data.queries.summary import year_summary
from data.services import imports
from data.services.imports import import_history
from tests import import_samples as s
from tests.bench.synthetic_export import write_export
from tests.import_helpers import REPORTED, both_ways

ROOT = Path(__file__).resolve().parents[2]
LIMITS = Limits.for_upload_limit(50 * 1024 * 1024)


def _session(url: str):
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    session = sessionmaker(engine, expire_on_commit=False)()
    user = User(email="me@example.org", password_hash="x", display_name="me")
    session.add(user)
    session.commit()
    return engine, session, user.id


@pytest.fixture
def pg(postgres_url):
    """A session on a fresh PostgreSQL schema and the id of its one user."""
    engine, session, user_id = _session(postgres_url)
    try:
        yield session, user_id
    finally:
        session.close()
        engine.dispose()


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_import_into_postgresql(pg, tmp_path):
    session, user_id = pg
    zip_path = s.full_zip(tmp_path / "my_spotify_data.zip")
    account = s.write_json(
        tmp_path / "StreamingHistory_music_0.json",
        [
            s.account_music("2024-02-02 08:00", "Band", "Song A", 200_000),  # same play
            s.account_music("2024-02-03 09:00", "Band", "Song C", 100_000),  # new
        ],
    )
    report = import_history(session, user_id, [zip_path, account], LIMITS)
    session.commit()
    assert (report["rows_seen"], report["plays_added"], report["duplicates"]) == (7, 6, 1)
    again = import_history(session, user_id, [zip_path, account], LIMITS)
    session.commit()
    assert (again["plays_added"], again["duplicates"]) == (0, 7)
    assert _count(session, Play) == 6 and _count(session, Import) == 2
    summary = year_summary(session, user_id, 2024, "UTC")
    assert (summary["plays"], summary["streams"], summary["podcast_minutes"]) == (3, 2, 30.0)
    assert summary["top_tracks"][0]["name"] == "Song A"
    assert orphan_plays(session) == orphan_tracks(session) == 0


def test_concurrent_overlapping_imports_of_one_user_count_exactly(postgres_url, tmp_path):
    engine, session, user_id = _session(postgres_url)
    session.close()
    rows = [
        s.audio_row(f"2024-01-{d:02d}T12:00:00Z", f"T{d}", "Band", 60_000, f"spotify:track:{d}")
        for d in range(1, 29)
    ]
    files = [
        s.write_json(tmp_path / "a.json", rows[:20]),
        s.write_json(tmp_path / "b.json", rows[8:]),
    ]
    reports: list[dict] = []

    def run(path) -> None:
        with sessionmaker(engine)() as own:
            reports.append(import_history(own, user_id, [path], LIMITS))
            own.commit()

    threads = [threading.Thread(target=run, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert len(reports) == 2
        assert sum(r["plays_added"] for r in reports) == 28
        assert sum(r["duplicates"] for r in reports) == 12
        with sessionmaker(engine)() as check:
            assert _count(check, Play) == 28
            assert orphan_plays(check) == 0
    finally:
        engine.dispose()


def test_synthetic_export_into_postgresql_matches_sqlite(postgres_url, tmp_path):
    paths = write_export(tmp_path / "export", 5_000, seed=3)
    counts = []
    for url in (postgres_url, f"sqlite:///{tmp_path / 'same.db'}"):
        engine, session, user_id = _session(url)
        try:
            report = import_history(session, user_id, paths, LIMITS)
            session.commit()
            year = year_summary(session, user_id, 2020, "UTC")["plays"]
            tracks, artists = _count(session, Track), _count(session, Artist)
            counts.append((report["plays_added"], report["duplicates"], tracks, artists, year))
        finally:
            session.close()
            engine.dispose()
    assert counts[0] == counts[1]
    assert counts[0][0] + counts[0][1] == 5_000 and counts[0][1] > 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_import_leaves_nothing_and_a_rerun_completes(backend, request, tmp_path):
    url = (
        f"sqlite:///{tmp_path / 'kill.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    engine, session, user_id = _session(url)
    paths = write_export(tmp_path / "export", 80_000, seed=5)
    assert len(paths) >= 5
    marker = tmp_path / "progress.txt"
    command = [sys.executable, "-m", "tests.integration.import_child", url, str(user_id)]
    child = subprocess.Popen(
        [*command, str(marker), *map(str, paths)], cwd=ROOT, env={**os.environ}
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            if marker.exists() and len(marker.read_text().splitlines()) >= 2:
                break
            time.sleep(0.01)
        assert child.poll() is None, "the import finished before it could be killed"
        helpers = psutil.Process(child.pid).children()  # parse helpers, where it uses them
        dialect = "sqlite" if backend == "sqlite" else "postgresql"
        size = sum(p.stat().st_size for p in paths)
        assert len(helpers) == parallel.helper_count(size, dialect)
        os.kill(child.pid, signal.SIGKILL)  # mid-import: two files written, more to go
        child.wait(30)
        _, alive = psutil.wait_procs(helpers, timeout=15)
        assert not alive, "parse helpers outlived the import"
    finally:
        if child.poll() is None:
            child.kill()
    try:
        session.rollback()
        assert len(marker.read_text().splitlines()) < len(paths)
        assert (_count(session, Play), _count(session, Import), _count(session, Track)) == (0, 0, 0)
        done = subprocess.run(
            [*command, str(tmp_path / "again.txt"), *map(str, paths)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        report = json.loads(done.stdout.strip().splitlines()[-1])
        assert report["rows_seen"] == 80_000
        assert _count(session, Play) == report["plays_added"] == 80_000 - report["duplicates"]
        assert _count(session, Import) == 1
    finally:
        session.close()
        engine.dispose()


def test_parse_helpers_into_postgresql_store_what_one_process_does(pg, tmp_path, monkeypatch):
    """This machine may have too few cores to start helpers for PostgreSQL: force two."""
    session, _ = pg
    paths = write_export(tmp_path / "export", 40_000, seed=13)
    fast, slow, fast_rows, slow_rows, spy = both_ways(session, monkeypatch, paths)
    assert spy.compact == len(paths)
    assert fast_rows == slow_rows and len(fast_rows) == fast["plays_added"]
    assert {k: fast[k] for k in REPORTED} == {k: slow[k] for k in REPORTED}
    fast_user = session.scalar(select(User.id).where(User.email == "fast@example.org"))
    monkeypatch.setattr(imports, "helper_count", lambda total, dialect: 2)
    again = import_history(session, fast_user, paths, LIMITS)
    assert again["plays_added"] == 0
    assert again["duplicates"] == fast["rows_seen"] - fast["rejected"]
    assert spy.compact == 2 * len(paths)
    assert orphan_plays(session) == orphan_tracks(session) == 0


def test_stored_plays_are_found_by_range_or_by_probe(pg, tmp_path, caplog):
    """PostgreSQL's duplicate check reads a batch's time range, unless that range holds far
    more stored plays than the batch (a small file spanning a long history): then it probes
    the batch's own end times. Both find exactly the plays already stored."""
    caplog.set_level(logging.DEBUG, logger="data.importers.pg_writer")
    session, user_id = pg
    history = [
        s.audio_row(f"2023-{m:02d}-{d:02d}T12:00:00Z", f"T{m}-{d}", "Band", 60_000 + d)
        for m in range(1, 13)
        for d in range(1, 29)
    ]
    first = import_history(
        session, user_id, [s.write_json(tmp_path / "a" / "Audio_2023.json", history)], LIMITS
    )
    # Both ends of the year, two stored plays among them and one new: the range holds
    # 336 stored plays, far more than 4 x 3, so the end times are probed.
    spanning = [history[0], history[-1], s.audio_row("2023-06-15T13:00:00Z", "New", "B", 1)]
    wide = import_history(
        session, user_id, [s.write_json(tmp_path / "b" / "Audio_wide.json", spanning)], LIMITS
    )
    assert "stored plays by probe" in caplog.text
    caplog.clear()
    # A narrow file: the range scan answers.
    may = s.write_json(tmp_path / "c" / "Audio_may.json", history[120:130])
    narrow = import_history(session, user_id, [may], LIMITS)
    assert "stored plays by range: 10, and 0 probed" in caplog.text
    session.commit()
    assert first["plays_added"] == 336
    assert (wide["plays_added"], wide["duplicates"]) == (1, 2)
    assert (narrow["plays_added"], narrow["duplicates"]) == (0, 10)
    assert _count(session, Play) == 337


def test_helper_files_repeating_each_other_are_checked_from_memory(
    pg, tmp_path, monkeypatch, caplog
):
    """Through the helpers, a first import asks the database only about the end times an
    earlier file of it already stored; a second import checks against what is stored."""
    caplog.set_level(logging.DEBUG, logger="data.importers.pg_writer")
    monkeypatch.setattr(imports, "helper_count", lambda total, dialect: 2)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    session, user_id = pg
    a = [s.audio_row(f"2023-03-{d:02d}T12:00:00Z", f"A{d}", "Band", 60_000) for d in (1, 2)]
    b = [
        a[1],  # stored from the first file
        s.audio_row("2023-03-02T12:00:00Z", "Other", "Band", 60_000),  # same end time
        s.audio_row("2023-03-09T12:00:00Z", "B", "Band", 60_000),
    ]
    paths = [
        s.write_json(tmp_path / "x" / "Streaming_History_Audio_2023_0.json", a),
        s.write_json(tmp_path / "x" / "Streaming_History_Audio_2023_1.json", b),
    ]
    first = import_history(session, user_id, paths, LIMITS)
    assert (first["plays_added"], first["duplicates"]) == (4, 1)
    assert "in memory: 0 probed" in caplog.text  # the first file: nothing to ask
    assert "in memory: 1 probed" in caplog.text  # the second: one end time seen before
    assert "by range" not in caplog.text
    caplog.clear()
    again = import_history(session, user_id, paths, LIMITS)
    assert (again["plays_added"], again["duplicates"]) == (0, 5)
    assert "by range" in caplog.text  # stored before this import: the database knows
    session.commit()
    assert _count(session, Play) == 4


def test_concurrent_imports_of_one_catalogue_by_two_listeners(postgres_url, tmp_path, monkeypatch):
    """Two listeners import the same tracks at once, in opposite orders. Each import creates
    tracks while the other's are not committed yet; without the catalogue lock each would wait
    for the other's rows (a deadlock) or trip on them."""
    engine, session, first_user = _session(postgres_url)
    other = User(email="other@example.org", password_hash="x", display_name="o")
    session.add(other)
    session.commit()
    users = (first_user, other.id)
    session.close()
    tracks = [
        s.audio_row(f"2024-02-{d:02d}T12:00:00Z", f"T{d}", "Band", 60_000, f"spotify:track:{d}")
        for d in range(1, 29)
    ]
    halves = (tracks[:14], tracks[14:])
    files = {
        users[0]: [s.write_json(tmp_path / f"a{i}.json", half) for i, half in enumerate(halves)],
        users[1]: [s.write_json(tmp_path / f"b{i}.json", h) for i, h in enumerate(halves[::-1])],
    }
    insert = PlayStore.insert

    def slow_insert(self, rows, source):  # both transactions hold new tracks a while
        result = insert(self, rows, source)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(PlayStore, "insert", slow_insert)
    reports, errors = {}, []

    def run(user_id: int) -> None:
        try:
            with sessionmaker(engine)() as own:
                reports[user_id] = import_history(own, user_id, files[user_id], LIMITS)
                own.commit()
        except Exception as exc:  # reported below, with the other thread's result
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(user_id,)) for user_id in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        assert [reports[u]["plays_added"] for u in users] == [28, 28]
        with sessionmaker(engine)() as check:
            assert _count(check, Play) == 56
            assert _count(check, Track) == 28  # one shared row per track
            assert orphan_plays(check) == orphan_tracks(check) == 0
    finally:
        engine.dispose()


def test_a_play_under_a_uri_and_under_names_is_stored_once_through_helpers(
    pg, tmp_path, monkeypatch
):
    """A later file names a track without its uri (an older era) and with it, at one end time:
    two helper slots for one track, the same play twice."""
    monkeypatch.setattr(imports, "helper_count", lambda total, dialect: 1)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    session, user_id = pg
    uri = "spotify:track:S"
    first = [s.audio_row("2023-01-01T10:00:00Z", "Song", "Band", 90_000, uri)]
    later = [
        s.audio_row("2023-01-02T10:00:00Z", "Song", "Band", 90_000),
        s.audio_row("2023-01-02T10:00:00Z", "Song", "Band", 90_000, uri),
    ]
    paths = [
        s.write_json(tmp_path / "x" / "Streaming_History_Audio_2023_0.json", first),
        s.write_json(tmp_path / "x" / "Streaming_History_Audio_2023_1.json", later),
    ]
    report = import_history(session, user_id, paths, LIMITS)
    session.commit()
    assert (report["plays_added"], report["duplicates"]) == (2, 1)
    assert _count(session, Track) == 1


def test_helper_files_after_a_file_parsed_here_still_find_its_plays(pg, tmp_path, monkeypatch):
    """A file the fast path refuses is stored by the general path between helper files; a
    later helper file repeating one of its plays must see it (the writer's span of plays it
    does not remember widens)."""
    monkeypatch.setattr(imports, "helper_count", lambda total, dialect: 1)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    session, user_id = pg
    shared = s.audio_row("2023-05-02T10:00:00Z", "Shared", "Band", 60_000, "spotify:track:S")
    odd = s.audio_row("2023-05-03T10:00:00Z", "Odd", "Band", 1000)
    odd["ms_played"] = "1000"  # a string: the general path rejects it with its reason
    paths = [
        s.write_json(
            tmp_path / "x" / "Streaming_History_Audio_2023_0.json",
            [s.audio_row("2023-05-01T10:00:00Z", "First", "Band", 60_000, "spotify:track:F")],
        ),
        s.write_json(tmp_path / "x" / "Streaming_History_Audio_2023_1.json", [shared, odd]),
        s.write_json(tmp_path / "x" / "Streaming_History_Audio_2023_2.json", [shared]),
    ]
    report = import_history(session, user_id, paths, LIMITS)
    session.commit()
    assert (report["plays_added"], report["duplicates"], report["rejected"]) == (2, 1, 1)
    assert _count(session, Play) == 2
