"""RFC 5545 calendars for events, in the venue's time zone (TZID plus a VTIMEZONE)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd

PRODID = "-//Re-Wrapped//Event explorer//EN"
DEFAULT_HOURS = 3


def _vevent(row: dict, base_url: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"event-{row['id']}@rewrapped")
    event.add("dtstamp", stamp)
    event.add("summary", row["title"])
    local_time = row.get("local_time")
    if local_time is None or pd.isna(local_time):
        event.add("dtstart", row["local_date"])  # an all-day entry when the time is unknown
    else:
        zone = ZoneInfo(row.get("timezone") or "UTC")
        start = datetime.combine(row["local_date"], local_time, zone)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=DEFAULT_HOURS))
    place = ", ".join(x for x in (row.get("venue"), row.get("address"), row.get("city")) if x)
    if place:
        event.add("location", place)
    lineup = row.get("lineup") or []
    description = [f"Lineup: {', '.join(lineup)}"] if lineup else []
    if row.get("status") == "cancelled":
        event.add("status", "CANCELLED")
    url = f"{base_url.rstrip('/')}/event/{row['id']}"
    event.add("url", url)
    description.append(url)
    event.add("description", "\n".join(description))
    return event


def ics_calendar(rows: list[dict], name: str, base_url: str) -> bytes:
    """A calendar holding ``rows`` (event detail dicts) with the time zones they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC)
    for row in rows:
        cal.add_component(_vevent(row, base_url, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
