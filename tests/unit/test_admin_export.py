"""Admin's "Download CSV" under each table: every matching row, admins only."""

from __future__ import annotations

import csv
import io

import pytest
from dash._callback_context import context_value
from dash.exceptions import PreventUpdate
from sqlalchemy import func, select

from callbacks import admin_export
from components import ids
from data.db import session_scope
from data.models import FeedRun, JobRun, OutboundMail
from tests.unit.test_explorer import as_user

ADMIN = "admin@demo.rewrapped"


def _download(dash_app, email, table, source=None, status=None, jobs_status=None):
    pid = f'{{"index":"{table}","type":"admin-export"}}.n_clicks'

    def call():
        context_value.get()["triggered_inputs"] = [{"prop_id": pid, "value": 1}]
        return admin_export.download_table([1], source, status, jobs_status)

    return as_user(dash_app, email, call, trigger=pid)


def _rows(download: dict) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download["content"])))


def _add_runs() -> None:
    """Fifteen finished runs, three failed (more than one page of the runs table)."""
    with session_scope() as session:
        for i in range(15):
            status = "failed" if i % 5 == 0 else "finished"
            session.add(FeedRun(source="ical", status=status, fetched=i, error=None))


def test_every_admin_table_downloads_with_all_its_rows(dash_app):
    _add_runs()
    with session_scope() as session:
        runs = session.scalar(select(func.count(FeedRun.id)))
        jobs = session.scalar(select(func.count(JobRun.id)))
        mails = session.scalar(select(func.count(OutboundMail.id)))
    assert runs > 10  # more than one page of the table
    assert len(_rows(_download(dash_app, ADMIN, "runs"))) == runs
    assert len(_rows(_download(dash_app, ADMIN, "jobs"))) == jobs
    assert len(_rows(_download(dash_app, ADMIN, "mail"))) == mails
    for table in ("sync", "beats"):
        download = _download(dash_app, ADMIN, table)
        assert download["filename"].startswith(f"admin-{table}-")
        assert download["content"].strip()  # at least the header line
    assert set(ids.ADMIN_TABLES) == {"runs", "sync", "jobs", "mail", "beats", "roles"}


def test_the_runs_csv_keeps_the_tables_filters(dash_app):
    rows = _rows(_download(dash_app, ADMIN, "runs", status="failed"))
    with session_scope() as session:
        failed = session.scalar(select(func.count(FeedRun.id)).where(FeedRun.status == "failed"))
    assert len(rows) == failed


def test_a_listener_gets_no_admin_csv(dash_app):
    with pytest.raises(PreventUpdate):
        _download(dash_app, "listener@demo.rewrapped", "runs")
