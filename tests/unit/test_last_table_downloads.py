"""CSV of Profile's Spotify sync runs and of the year page's comparison with Spotify's Wrapped:
every own run (not the five shown), the comparison as the page shows it, never another's rows."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import datetime, timedelta

import pytest
from dash.exceptions import PreventUpdate

from callbacks import spotify_export, year, year_export
from components import ids
from components.spotify import runs_table
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import JobRun, SpotifyWrapped
from data.queries.spotify import recent_runs
from tests.unit.test_wrapped_callbacks import as_user
from tests.unit.wrapped_fixtures import add_history, add_user

HOSTILE = "=HYPERLINK(3)"  # a formula; not the other CSV tests' prefixes (one test database)
RUNS_OF = "runs-csv@example.test"
RUNS_OTHER = "runs-csv-other@example.test"
YEAR_OF = "year-csv@example.test"
YEAR_OTHER = "year-csv-other@example.test"
WRAPPED_YEAR = 2025  # the fixture history's plays are in 2025 (UTC)
START = datetime(2026, 3, 1, 8, 0, 30)


def _rows(download: dict) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download["content"])))


def _run(user_id: int, status: str, minutes: int, added: int | None, message: str) -> JobRun:
    at = START + timedelta(minutes=minutes)
    done = status in ("finished", "failed")
    return JobRun(
        id=str(uuid.uuid4()),
        func=Job.SPOTIFY_SYNC,
        queue="sync",
        user_id=user_id,
        status=status,
        result=None if added is None else {"added": added},
        message=message,
        enqueued_at=at,
        finished_at=at + timedelta(seconds=90) if done else None,
    )


@pytest.fixture(scope="module")
def sync_runs(dash_app):
    """Seven finished, failed or rescheduled syncs of one listener (one message like a
    formula), one still queued, and a run of another listener."""
    with session_scope() as session:
        mine, other = add_user(session, RUNS_OF, tz="UTC"), add_user(session, RUNS_OTHER)
        for i in range(6):
            session.add(_run(mine, "finished", i * 30, 10 * i, "Scheduled Spotify sync"))
        session.add(_run(mine, "failed", 200, None, f"{HOSTILE} Next try in 30 min."))
        session.add(_run(mine, "queued", 300, None, "Sync now"))
        session.add(_run(other, "rescheduled", 100, 4, "Someone else's sync"))
        return mine


def test_sync_runs_csv_has_every_own_run_not_only_the_five_shown(dash_app, sync_runs):
    with session_scope() as session:
        assert len(recent_runs(session, sync_runs, Job.SPOTIFY_SYNC)) == 5  # the table's rows
    rows = _rows(as_user(dash_app, RUNS_OF, spotify_export.export_sync_runs, 1))
    assert list(rows[0]) == ["run (UTC)", "finished (UTC)", "outcome", "plays added", "message"]
    assert len(rows) == 7  # the queued run is not over yet, the other listener's is not mine
    assert rows[0] == {
        "run (UTC)": "2026-03-01 11:20",
        "finished (UTC)": "2026-03-01 11:22",  # 11:20:30 + 90 s
        "outcome": "failed",
        "plays added": "",
        "message": f"'{HOSTILE} Next try in 30 min.",  # neutralised, still readable
    }
    assert [r["plays added"] for r in rows[1:]] == ["50", "40", "30", "20", "10", "0"]
    assert {r["outcome"] for r in rows[1:]} == {"done"}
    assert rows[-1]["run (UTC)"] == "2026-03-01 08:00"
    assert "Someone else" not in json.dumps(rows)


def test_sync_runs_csv_of_the_other_listener_is_theirs_alone(dash_app, sync_runs):
    rows = _rows(as_user(dash_app, RUNS_OTHER, spotify_export.export_sync_runs, 1))
    assert rows == [
        {
            "run (UTC)": "2026-03-01 09:40",
            "finished (UTC)": "",
            "outcome": "waiting (rate limit)",
            "plays added": "4",
            "message": "Someone else's sync",
        }
    ]
    with pytest.raises(PreventUpdate):
        spotify_export.export_sync_runs(None)


def test_the_download_button_sits_under_a_table_of_runs_only(dash_app, sync_runs):
    with session_scope() as session:
        runs = recent_runs(session, sync_runs, Job.SPOTIFY_SYNC)
        none = recent_runs(session, -1, Job.SPOTIFY_SYNC)
    shown = json.dumps(runs_table(runs, "UTC", START).to_plotly_json(), default=str)
    assert ids.SPOTIFY_RUNS_EXPORT in shown and ids.SPOTIFY_RUNS_DOWNLOAD in shown
    assert "Download every sync run (CSV)" in shown
    empty = json.dumps(runs_table(none, "UTC", START).to_plotly_json())
    assert ids.SPOTIFY_RUNS_EXPORT not in empty and "No sync has finished yet" in empty


def _wrapped(minutes: int, genre: str) -> dict:
    return {
        "yearlyMetrics": {"totalMsListened": minutes * 60_000},
        "topArtists": [{"name": "Spotify's own artist"}],
        "topGenres": [genre, "pop"],
    }


@pytest.fixture(scope="module")
def two_wrapped(dash_app):
    """Two listeners with a 2025 history and their own Wrapped2025.json: one whose artists,
    tracks and a Spotify genre read like formulas, one with plain names."""
    with session_scope() as session:
        mine, other = add_user(session, YEAR_OF, tz="UTC"), add_user(session, YEAR_OTHER, tz="UTC")
        add_history(session, mine, prefix=HOSTILE)
        add_history(session, other, prefix="Elsewhere ")
        session.add(SpotifyWrapped(user_id=mine, year=WRAPPED_YEAR, payload=_wrapped(1234, "-x")))
        session.add(SpotifyWrapped(user_id=other, year=WRAPPED_YEAR, payload=_wrapped(9, "jazz")))


def _shown(email: str, dash_app) -> list[list[str]]:
    """The comparison table's cells as the page renders them for ``email``."""
    _figure, table, _links = as_user(dash_app, email, year.show_year, WRAPPED_YEAR, "light")
    body = table.children[0].children.children[1]
    return [[cell.children for cell in row.children] for row in body.children]


def test_comparison_csv_is_the_table_the_page_shows(dash_app, two_wrapped):
    download = as_user(dash_app, YEAR_OF, year_export.export_comparison, 1, WRAPPED_YEAR)
    rows = _rows(download)
    assert download["filename"] == f"rewrapped-{WRAPPED_YEAR}-vs-spotify-wrapped.csv"
    assert list(rows[0]) == ["figure", "Re-Wrapped", "Spotify Wrapped"]
    unsafe = [[r[c].removeprefix("'") for c in rows[0]] for r in rows]
    assert unsafe == _shown(YEAR_OF, dash_app)
    table = {r["figure"]: r for r in rows}
    assert table["Minutes"]["Spotify Wrapped"] == "1,234"
    assert table["Top artists"]["Re-Wrapped"].startswith(f"'{HOSTILE}")  # neutralised
    assert table["Top tracks"]["Re-Wrapped"].startswith(f"'{HOSTILE}")
    assert table["Top genres"]["Spotify Wrapped"] == "'-x, pop"
    assert table["Top tracks"]["Spotify Wrapped"] == "not in file"
    assert "Elsewhere" not in download["content"]


def test_comparison_csv_never_holds_another_listeners_year(dash_app, two_wrapped):
    download = as_user(dash_app, YEAR_OTHER, year_export.export_comparison, 1, WRAPPED_YEAR)
    assert HOSTILE not in download["content"] and "1,234" not in download["content"]
    assert {r["figure"]: r["Spotify Wrapped"] for r in _rows(download)}["Minutes"] == "9"
    with pytest.raises(PreventUpdate):  # no Wrapped of that year imported: no table, no file
        as_user(dash_app, YEAR_OF, year_export.export_comparison, 1, WRAPPED_YEAR - 1)
    with pytest.raises(PreventUpdate):
        as_user(dash_app, YEAR_OF, year_export.export_comparison, 1, "2025; drop")
