"""Calendars and feed runs cannot run away (issue #12, point 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from data.db import Database
from data.feeds import ical
from data.feeds.ical import ICalAdapter
from data.feeds.model import ParsedPage
from data.models import FeedRun
from data.services.feed_runs import ingest_run

ROOT = Path(__file__).resolve().parents[2]
# 213 bytes that expand to 31.5 million occurrences a year without the caps.
BOMB = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:bomb@example.org\r\nDTSTART:20270101T200000Z\r\nSUMMARY:Every second, forever\r\n"
    b"LOCATION:Club Berlin\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
WINDOW = {"start": "2027-01-01", "end": "2027-12-31"}

# Runs the admin upload job on the bomb in a fresh process: its time and peak memory are its own.
CHILD = """
import json, sys, time
from pathlib import Path
from tests.conftest import make_settings, swapped_database
from workers.admin_ingest import ingest_upload

def peak():
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))

instance = Path(sys.argv[1])
with swapped_database(make_settings(instance)):
    before, started = peak(), time.monotonic()
    report = ingest_upload(str(instance / "bomb.ics"), "bomb.ics")
    print(json.dumps({"report": report, "seconds": time.monotonic() - started,
                      "grew": peak() - before}))
"""


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    return f"{head}{body}END:VCALENDAR\r\n".encode()


def _event(uid: str, rule: str = "", start: str = "20270105T200000Z") -> str:
    extra = f"RRULE:{rule}\r\n" if rule else ""
    return f"UID:{uid}\r\nDTSTART:{start}\r\nSUMMARY:Show {uid}\r\n{extra}"


def test_the_213_byte_secondly_calendar_is_refused_within_seconds(tmp_path):
    assert len(BOMB) == 213
    (tmp_path / "bomb.ics").write_bytes(BOMB)
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(tmp_path)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=90,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the 213-byte calendar was still expanding after 90 s")
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["seconds"] < 10
    assert outcome["grew"] < 100 * 1024 * 1024
    report = outcome["report"]
    assert (report["new"], report["failed"]) == (0, 1)
    (reason,) = report["failures"]
    assert reason.startswith("recurrence repeats more often than once a day (FREQ=SECONDLY")
    assert report["failures"][reason]["examples"] == ["bomb@example.org"]


def test_recurrence_is_cut_per_event_with_the_reason():
    two_years = {"start": "2027-01-01", "end": "2028-12-31"}
    page = ICalAdapter(None).parse_file(_calendar(_event("nightly", "FREQ=DAILY")), two_years)
    assert len(page.events) == ical.MAX_OCCURRENCES_PER_EVENT
    assert page.failures == [
        ("nightly", f"recurrence cut to its first {ical.MAX_OCCURRENCES_PER_EVENT} occurrences")
    ]


@pytest.mark.parametrize(
    ("rule", "start", "reason"),
    [
        ("FREQ=MINUTELY;INTERVAL=5", "20270105T200000Z", "more often than once a day"),
        ("FREQ=HOURLY", "20270105T200000Z", "more often than once a day"),
        ("FREQ=DAILY;BYMINUTE=0,30", "20270105T200000Z", "more often than once a day"),
        ("FREQ=DAILY", "00010101T200000Z", "starts before 1990"),
        ("FREQ=", "20270105T200000Z", "unreadable recurrence rule"),
    ],
)
def test_runaway_rules_are_refused(rule, start, reason):
    started = time.monotonic()
    page = ICalAdapter(None).parse_file(_calendar(_event("r", rule, start)), WINDOW)
    assert time.monotonic() - started < 2
    assert page.events == []
    assert len(page.failures) == 1 and reason in page.failures[0][1]


def test_the_window_is_at_most_two_years():
    weekly = _calendar(_event("weekly", "FREQ=WEEKLY", "20270101T200000Z"))
    page = ICalAdapter(None).parse_file(weekly, {"start": "2027-01-01", "end": "2099-01-01"})
    assert 100 < len(page.events) <= ical.MAX_WINDOW_DAYS // 7 + 1
    assert page.failures == []


def test_too_many_events_per_file_is_refused(monkeypatch):
    monkeypatch.setattr(ical, "MAX_EVENTS_PER_FILE", 3)
    raw = _calendar(*(_event(f"e{i}") for i in range(4)))
    with pytest.raises(ical.FeedError, match="4 events; at most 3 per file"):
        ICalAdapter(None).parse_file(raw, WINDOW)


def test_occurrences_per_file_stop_with_the_reason(monkeypatch):
    monkeypatch.setattr(ical, "MAX_OCCURRENCES_PER_FILE", 60)
    raw = _calendar(*(_event(f"w{i}", "FREQ=WEEKLY") for i in range(3)))
    page = ICalAdapter(None).parse_file(raw, WINDOW)
    assert len(page.events) == 2 * 52  # two weekly series fill it; the third is not read
    reason = "stopped at 60 occurrences per file; 1 of 3 events not read"
    assert page.failures == [("calendar", reason)]


def test_the_parse_stops_when_its_time_budget_is_used():
    raw = _calendar(*(_event(f"e{i}") for i in range(3)))
    page = ICalAdapter(None, time_budget=0).parse_file(raw, WINDOW)
    assert page.events == []
    assert page.failures == [("calendar", "time budget used up; 3 of 3 events not read")]


def test_a_feed_run_stops_at_its_time_budget(db_session):
    database = Database("sqlite://", db_session.bind, sessionmaker(db_session.bind))
    parsed = ICalAdapter(None).parse_file(_calendar(_event("one")), WINDOW)

    def slow_pages():
        for _ in range(100):
            time.sleep(0.05)
            yield ParsedPage(events=list(parsed.events))

    started = time.monotonic()
    report = ingest_run(database, "ical", {}, slow_pages(), time_budget=0.2)
    assert time.monotonic() - started < 3
    assert report["status"] == "partial"
    assert "time budget of 0 s ran out" in report["error"]
    run = db_session.scalar(select(FeedRun).where(FeedRun.id == report["run_id"]))
    assert run.status == "partial" and "time budget" in run.error
