"""`ingest-file` and `events-export` through Flask's CLI runner, on a database of their own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from data.db import session_scope
from data.models import FeedRun
from tests.conftest import make_settings, swapped_database

FIXTURES = Path(__file__).parents[1] / "fixtures" / "feeds"


@pytest.fixture
def cli(dash_app, tmp_path):
    with swapped_database(make_settings(tmp_path / "cli")):
        runner = dash_app.server.test_cli_runner()
        yield lambda *args: runner.invoke(args=list(args))


def test_ingest_file_reports_and_is_idempotent(cli):
    first = cli(
        "ingest-file", "--source", "ticketmaster", str(FIXTURES / "ticketmaster_events.json")
    )
    assert first.exit_code == 0, first.output
    assert "7 fetched, 4 new" in first.output and "3 failed" in first.output
    assert "coordinates out of range" in first.output
    again = cli(
        "ingest-file",
        "--source",
        "ticketmaster",
        str(FIXTURES / "ticketmaster_events.json"),
        "--json",
    )
    report = json.loads(again.output)
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 0, 4)


def test_rejected_file_exits_non_zero_and_records_the_run(cli, tmp_path):
    page = tmp_path / "error.json"
    page.write_text("<!DOCTYPE html><html><body>503 Service Unavailable</body></html>")
    result = cli("ingest-file", "--source", "seatgeek", str(page))
    assert result.exit_code == 1
    assert "HTML page instead of JSON" in result.output
    with session_scope() as session:
        run = session.scalars(select(FeedRun)).one()
        assert run.status == "failed" and run.failed == 1


def test_export_formats_and_filters(cli):
    for source, name in (
        ("ticketmaster", "ticketmaster_events.json"),
        ("songkick", "songkick_events.json"),
        ("ical", "panda_theater.ics"),
    ):
        assert cli("ingest-file", "--source", source, str(FIXTURES / name)).exit_code == 0
    out = cli(
        "events-export",
        "--format",
        "json",
        "--city",
        "berlin-de",
        "--from",
        "2027-03-12",
        "--to",
        "2027-03-13",
    )
    rows = json.loads(out.output)
    assert [r["title"] for r in rows] == ["Khruangbin", "Khruangbin"]
    first = rows[0]
    assert first["starts_at_utc"] == "2027-03-12T19:00:00" and first["local_time"] == "20:00:00"
    assert first["timezone"] == "Europe/Berlin" and first["city"] == "berlin-de"
    assert first["lineup"] == ["Khruangbin", "Men I Trust"]
    assert first["sources"] == ["ticketmaster:G5diZ9Kh1", "songkick:40100001"]
    table = list(csv.DictReader(io.StringIO(cli("events-export", "--format", "csv").output)))
    assert {r["status"] for r in table} >= {"cancelled", "scheduled"}
    assert any(r["local_time"] == "" and r["starts_at_utc"] == "" for r in table)  # unknown time
    calendar = icalendar.Calendar.from_ical(cli("events-export", "--format", "ics").output)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(table)
    cancelled = [e for e in events if str(e.get("STATUS")) == "CANCELLED"]
    assert cancelled and all(e.get("UID") for e in events)
