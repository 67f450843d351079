"""The upload route, the import job, the Import page callbacks and the CLI commands."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from flask_login import login_user
from sqlalchemy import select

from callbacks import import_history as page
from callbacks.server.sessions import LoginUser
from data.db import session_scope
from data.models import JobRun
from data.queries.accounts import find_user_id, get_account
from data.queries.imports import import_job, list_imports
from data.services.accounts import register
from tests import import_samples as s

PASSWORD = "import-test-pw"


@pytest.fixture
def listener(dash_app) -> str:
    """A fresh listener of this test only (the demo accounts stay untouched)."""
    email = f"importer-{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as session:
        register(session, email, PASSWORD)
    return email


@pytest.fixture
def web(login, listener, client):
    login(listener, PASSWORD)
    return client


def upload(web, paths: list[Path], token: str | None):
    headers = {"X-CSRFToken": token} if token else {}
    data = {"files": [(p.open("rb"), p.name) for p in paths]}
    return web.post(
        "/import/upload", data=data, headers=headers, content_type="multipart/form-data"
    )


def csrf_from_page(web) -> str:
    """The token the Import page hands to its upload script (data-csrf)."""
    assert web.get("/import").status_code == 200
    layout = web.post(
        "/_dash-update-component",
        json={
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [
                {"id": "_pages_content", "property": "children"},
                {"id": "_pages_store", "property": "data"},
            ],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": "/import"},
                {"id": "_pages_location", "property": "search", "value": ""},
            ],
            "changedPropIds": ["_pages_location.pathname"],
        },
    )
    assert layout.status_code == 200, layout.get_data(as_text=True)[:300]
    text = layout.get_data(as_text=True)
    marker = '"data-csrf":"'
    start = text.index(marker) + len(marker)
    return text[start : text.index('"', start)]


def wait_for(email: str, job_id: str, timeout: float = 120) -> dict:
    deadline = time.time() + timeout
    with session_scope() as session:
        user_id = find_user_id(session, email)
    status = None
    while time.time() < deadline:
        with session_scope() as session:
            status = import_job(session, user_id, job_id)
        if status and status["status"] in ("finished", "failed"):
            return status
        time.sleep(0.2)
    with session_scope() as session:
        busy = session.execute(
            select(JobRun.func, JobRun.status, JobRun.enqueued_at).where(
                JobRun.status.in_(("queued", "started"))
            )
        ).all()
    raise AssertionError(f"job {job_id} did not finish: {status}; queued/started jobs: {busy}")


def test_upload_runs_the_import_job_and_the_page_shows_the_report(web, listener, tmp_path):
    token = csrf_from_page(web)
    response = upload(web, [s.full_zip(tmp_path / "my_spotify_data.zip")], token)
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id = response.get_json()["job_id"]
    status = wait_for(listener, job_id)
    assert status["status"] == "finished"
    assert status["result"]["ok"] and status["result"]["plays_added"] == 5
    with session_scope() as session:
        account = get_account(session, find_user_id(session, listener))
        assert list_imports(session, account.id)[0]["plays_added"] == 5
    uploads = Path(web.application.config["SETTINGS"].instance_dir) / "uploads" / str(account.id)
    assert not any(uploads.rglob("*.zip"))  # the private export is deleted after the import
    with web.application.test_request_context():
        login_user(LoginUser(account))
        children, polling_off, upload_message = page.follow_job(1, job_id)
        assert polling_off is True
        assert upload_message is None  # the upload's "importing…" line no longer shows
        text = json.dumps(children.to_plotly_json(), default=str)
        assert "Import finished" in text and "Plays added" in text and "podcast: 1" in text
        last_year = int(status["result"]["last_play_at"][:4])
        assert "See your dashboards" in text
        assert f"/wrapped?period=y&year={last_year}" in text or "/wrapped?period=year" in text
        past = json.dumps(page.show_past_imports(True, None).to_plotly_json(), default=str)
        assert "Past imports" in past


def test_rejected_upload_reports_why_and_writes_nothing(web, listener, tmp_path):
    bad = tmp_path / "StreamingHistory0.json"
    bad.write_bytes(b'[{"endTime": "2023-01-01 10:00", "artistName": "A"')
    response = upload(web, [bad], csrf_from_page(web))
    status = wait_for(listener, response.get_json()["job_id"])
    assert status["result"] == {
        "ok": False,
        "error": status["result"]["error"],
    }
    assert "truncated" in status["result"]["error"]
    with session_scope() as session:
        account = get_account(session, find_user_id(session, listener))
        assert list_imports(session, account.id) == []
    with web.application.test_request_context():
        login_user(LoginUser(account))
        children, _, _ = page.follow_job(1, response.get_json()["job_id"])
        assert "nothing was saved" in json.dumps(children.to_plotly_json(), default=str)
        empty = json.dumps(page.show_past_imports(True, None).to_plotly_json(), default=str)
        assert "Privacy settings" in empty  # the empty state explains how to get the export


def test_upload_needs_csrf_login_and_respects_the_size_limit(web, client, tmp_path):
    path = s.write_json(tmp_path / "a.json", [])
    assert upload(web, [path], None).status_code == 400
    assert upload(web, [path], "forged").status_code == 400
    limit = web.application.config["SETTINGS"].max_upload_bytes
    response = web.post(
        "/import/upload",
        data=b"x" * 10,
        headers={"X-CSRFToken": csrf_from_page(web)},
        content_type="multipart/form-data; boundary=zzz",
        environ_overrides={"CONTENT_LENGTH": str(limit + 1)},
    )
    assert response.status_code == 413
    anonymous = web.application.test_client()
    assert upload(anonymous, [path], "x").status_code == 401


def test_other_users_cannot_follow_my_job(web, listener, dash_app, tmp_path):
    response = upload(web, [s.full_zip(tmp_path / "my.zip")], csrf_from_page(web))
    job_id = response.get_json()["job_id"]
    wait_for(listener, job_id)
    with session_scope() as session:
        other = find_user_id(session, "listener@demo.rewrapped")
        assert import_job(session, other, job_id) is None


def test_delete_all_listening_data_from_the_page(web, listener, tmp_path):
    response = upload(web, [s.full_zip(tmp_path / "my.zip")], csrf_from_page(web))
    wait_for(listener, response.get_json()["job_id"])
    with session_scope() as session:
        account = get_account(session, find_user_id(session, listener))
    with web.application.test_request_context():
        login_user(LoginUser(account))
        assert page.ask_delete(1) is True
        message, job = page.delete_data(1, "some-job")
        assert "Deleted 5 plays" in json.dumps(message.to_plotly_json(), default=str)
        assert job is None
    with session_scope() as session:
        assert list_imports(session, account.id) == []


def test_cli_import_history_and_wrapped(dash_app, tmp_path):
    runner = dash_app.server.test_cli_runner()
    email = f"cli-{uuid.uuid4().hex[:8]}@example.org"
    zip_path = s.full_zip(tmp_path / "my_spotify_data.zip")
    result = runner.invoke(args=["import-history", "--user", email, str(zip_path)])
    assert result.exit_code != 0 and "--create-user" in result.output
    result = runner.invoke(
        args=["import-history", "--user", email, "--create-user", "--json", str(zip_path)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["plays_added"], report["rows_seen"]) == (5, 5)
    result = runner.invoke(args=["import-history", "--user", email, str(zip_path)])
    assert result.exit_code == 0
    assert "plays added             0" in result.output
    assert "duplicates              5" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    result = runner.invoke(args=["import-history", "--user", email, str(zip_path), str(bad)])
    assert result.exit_code == 1
    assert "Import rejected, nothing was written: bad.json: not JSON" in result.output
    result = runner.invoke(
        args=["wrapped", "--user", email, "--year", "2020", "--tz", "Europe/Berlin", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # 2019-12-31T23:30Z is 2020 in Berlin: both endsong plays count for 2020 there.
    assert (summary["plays"], summary["streams"]) == (2, 2)
    assert [a["name"] for a in summary["top_artists"]] == ["Adele", "Beyoncé"]
    result = runner.invoke(args=["wrapped", "--user", email, "--tz", "Mars/Base", "--json"])
    assert result.exit_code != 0 and "Unknown time zone" in result.output
