"""Canonical event export formats (JSON, CSV, iCalendar) from ``queries.events.export_events``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import icalendar
import pandas as pd

from data.csv_export import csv_text
from data.feeds.model import zone


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if isinstance(value, list):
                clean[key] = value
            elif value is None or (not isinstance(value, str) and pd.isna(value)):
                clean[key] = None
            elif hasattr(value, "isoformat"):
                clean[key] = value.isoformat()
            else:
                clean[key] = value.item() if hasattr(value, "item") else value
        out.append(clean)
    return out


def to_json(frame: pd.DataFrame) -> str:
    return json.dumps(_records(frame), ensure_ascii=False, indent=1)


def to_csv(frame: pd.DataFrame) -> str:
    """Canonical events as CSV; feed text that looks like a formula is neutralised."""
    rows = _records(frame)
    for row in rows:
        for key in ("lineup", "genres", "sources"):
            row[key] = "|".join(row[key] or [])
    return csv_text(rows, list(frame.columns))


def to_ics(frame: pd.DataFrame, domain: str = "rewrapped") -> bytes:
    """One VEVENT per event: zoned start when the time is known, an all-day date otherwise."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Re-Wrapped//events export//EN")
    calendar.add("version", "2.0")
    for row in _records(frame):
        event = icalendar.Event()
        event.add("uid", f"event-{row['id']}@{domain}")
        event.add("summary", row["title"])
        event.add("dtstamp", datetime(2000, 1, 1))
        local_date = datetime.fromisoformat(row["local_date"]).date()
        if row["local_time"] and zone(row["timezone"]):
            start = datetime.combine(
                local_date, datetime.strptime(row["local_time"][:5], "%H:%M").time()
            )
            event.add("dtstart", start.replace(tzinfo=zone(row["timezone"])))
        else:
            event.add("dtstart", local_date)
            event.add("dtend", local_date + timedelta(days=1))
        if row["venue"]:
            event.add("location", row["venue"])
        if row["lat"] is not None and row["lng"] is not None:
            event.add("geo", (row["lat"], row["lng"]))
        if row["status"] == "cancelled":
            event.add("status", "CANCELLED")
        if row["ticket_url"]:
            event.add("url", row["ticket_url"])
        if row["genres"]:
            event.add("categories", row["genres"])
        if row["lineup"]:
            event.add("description", "Lineup: " + ", ".join(row["lineup"]))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
