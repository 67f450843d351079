"""Import 1,000,000 synthetic plays into SQLite and PostgreSQL; print plays/s and peak RSS
beside the floor (orjson parse + one bulk insert of the parsed tuples) measured in the same run.

Run on demand: ``.venv/bin/pytest tests/bench/test_import_speed.py -s``. Where this machine
allows parse helpers (``data.importers.parallel``), the same import in one process is timed too.
Targets (issue 3): >= 100,000 plays/s, <= 2x the floor, peak RSS <= 600 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from data.db import make_engine
from data.models import Base, User
from tests.bench.synthetic_export import write_export

ROOT = Path(__file__).resolve().parents[2]
N_PLAYS = int(os.environ.get("REWRAPPED_BENCH_PLAYS", "1000000"))


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> list[Path]:
    return write_export(tmp_path_factory.mktemp("export"), N_PLAYS, seed=1)


def _users(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with sessionmaker(engine)() as session:
        users = [User(email=f"bench{i}@example.org", password_hash="x") for i in (1, 2, 3)]
        for user in users:
            user.display_name = "bench"
        session.add_all(users)
        session.commit()
        ids = tuple(user.id for user in users)
    engine.dispose()
    return ids


def _run(mode: str, url: str, user_id: int, paths: list[Path]) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.import_speed_child", mode, url, str(user_id)]
        + [str(p) for p in paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_import_speed(backend, export, request, tmp_path):
    url = (
        f"sqlite:///{tmp_path / 'bench.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    importer_user, serial_user, floor_user = _users(url)
    runs = [_run("import", url, importer_user, export)]
    if runs[0]["helpers"]:  # the same import in one process, for comparison
        runs.append(_run("import-serial", url, serial_user, export))
    floor = _run("floor", url, floor_user, export)
    runs.append(floor)
    assert {run["plays"] for run in runs} == {floor["plays"]}  # the same plays stored every way
    print(f"\n{backend}: {N_PLAYS:,} rows in {len(export)} files, {floor['plays']:,} plays stored")
    print(
        f"{'run':<15}{'seconds':>9}{'plays/s':>10}{'x floor':>9}{'CPU s':>7}{'server':>8}"
        f"{'helpers':>9}{'CPU s':>7}{'peak RSS MB':>13}{'each':>6}"
    )
    for run in runs:
        rate = run["plays"] / run["seconds"]
        server = "" if run["server_cpu"] is None else f"{run['server_cpu']:.1f}"
        print(
            f"{run['mode']:<15}{run['seconds']:>9.1f}{rate:>10,.0f}"
            f"{run['seconds'] / floor['seconds']:>9.2f}{run['cpu']:>7.1f}{server:>8}"
            f"{run['helpers']:>9}{run['helper_cpu']:>7.1f}{run['rss_mb']:>13.0f}"
            f"{run['helper_rss_mb']:>6.0f}"
        )
    print(
        "CPU s: the importing process; server: its PostgreSQL backend; helpers: parse "
        "processes (CPU s all together, peak RSS each)."
    )
