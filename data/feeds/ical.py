"""iCalendar (RFC 5545) from a URL or an uploaded ``.ics``.

icalendar unfolds lines and resolves ``TZID``; recurring-ical-events expands ``RRULE``/``RDATE``
minus ``EXDATE`` (and applies moved instances) over the run's window. ``UID`` is the source id;
an occurrence of a recurring event gets ``UID/date`` so each night is its own event.

A calendar cannot run away (issue #12): a 213-byte file with ``RRULE:FREQ=SECONDLY`` would
expand to 31 million occurrences a year. Rules repeating more often than daily are refused,
the window is at most ``MAX_WINDOW_DAYS``, and occurrences per event, events per file and
the parse time are capped; whatever was cut is recorded as a failure with its reason.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import icalendar
import recurring_ical_events

from data import gazetteer
from data.feeds.base import Adapter
from data.feeds.http import FeedError
from data.feeds.model import (
    MIN_YEAR,
    BadItem,
    NormalisedEvent,
    NormalisedVenue,
    ParsedPage,
    aware_to_utc,
    check,
    sanitise,
    text,
    web_url,
    zone_for_venue,
)

SOURCE = "ical"
DEFAULT_DAYS = 365
MAX_WINDOW_DAYS = 731
MAX_EVENTS_PER_FILE = 20_000  # VEVENT components
MAX_OCCURRENCES_PER_EVENT = 500  # a nightly residency for over a year
MAX_OCCURRENCES_PER_FILE = 50_000
MAX_RULES_PER_EVENT = 10
MAX_PARSE_SECONDS = 60.0  # of expansion per file, within the run's budget
_SUBDAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})


class ICalAdapter(Adapter):
    """Config: ``window`` (start, end) dates; ``default_timezone`` for floating times."""

    source = SOURCE

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        for url in params.get("urls", []):
            body, _ = self.client.get_bytes(url)
            yield self.parse_file(body, params)

    def parse_payload(self, payload) -> ParsedPage:
        return self.parse_file(payload if isinstance(payload, bytes) else str(payload).encode())

    def parse_file(self, raw: bytes, params: dict | None = None) -> ParsedPage:
        """Every event of a calendar in the window, within the caps; FeedError if unreadable."""
        calendar = _read_calendar(raw)
        by_uid = _events_by_uid(calendar)
        config = {**self.config, **(params or {})}
        fallback_zone = text(calendar.get("X-WR-TIMEZONE")) or self.config.get("default_timezone")
        expansion = _Expansion(
            timezones=list(calendar.walk("VTIMEZONE")),
            window=_window(config),
            deadline=time.monotonic() + _parse_budget(config),
        )
        page = ParsedPage()
        for done, (uid, components) in enumerate(by_uid.items()):
            stop = expansion.stop_reason(len(page.events), done, len(by_uid))
            if stop:
                page.failures.append(("calendar", stop))
                break
            recurring = any(
                c.get("RRULE") or c.get("RDATE") or c.get("RECURRENCE-ID") for c in components
            )
            for occurrence in expansion.occurrences(uid, components, page):
                try:
                    event = _normalise(occurrence, uid, recurring, fallback_zone)
                    check(event)
                    page.events.append(event)
                except (BadItem, ValueError, TypeError, AttributeError) as exc:
                    page.failures.append((uid, str(exc)[:200]))
        return page


def _read_calendar(raw: bytes):
    """The parsed VCALENDAR, or FeedError with a sentence saying what is wrong with the file."""
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(
            f"not UTF-8 text (at byte {exc.start:,}); iCalendar files are UTF-8"
        ) from None
    try:
        calendar = icalendar.Calendar.from_ical(content)
    except (ValueError, IndexError, KeyError) as exc:
        raise FeedError(f"malformed iCalendar: {exc}"[:200]) from None
    if calendar.name != "VCALENDAR":
        raise FeedError("not an iCalendar file (no VCALENDAR)")
    return calendar


def _events_by_uid(calendar) -> dict[str, list]:
    """VEVENTs grouped by UID (a series and its moved instances), at most MAX_EVENTS_PER_FILE."""
    events = list(calendar.walk("VEVENT"))
    if len(events) > MAX_EVENTS_PER_FILE:
        raise FeedError(
            f"the calendar has {len(events):,} events; at most {MAX_EVENTS_PER_FILE:,} per file"
        )
    by_uid: dict[str, list] = {}
    for index, component in enumerate(events):
        uid = text(component.get("UID")) or f"no-uid-{index}"
        by_uid.setdefault(uid, []).append(component)
    return by_uid


class _Expansion:
    """Recurrence expansion of one file under its caps: window, rule frequency, counts, time."""

    def __init__(self, timezones: list, window: tuple[date, date], deadline: float) -> None:
        self.timezones = timezones
        self.start, self.end = window
        self.deadline = deadline

    def stop_reason(self, events: int, done: int, total: int) -> str | None:
        """Why the file must stop here (events or time used up), or None to go on."""
        if events >= MAX_OCCURRENCES_PER_FILE:
            return (
                f"stopped at {MAX_OCCURRENCES_PER_FILE:,} occurrences per file; "
                f"{total - done:,} of {total:,} events not read"
            )
        if time.monotonic() > self.deadline:
            return f"time budget used up; {total - done:,} of {total:,} events not read"
        return None

    def occurrences(self, uid: str, components: list, page: ParsedPage) -> list:
        """The event's occurrences in the window, capped; refusals go to ``page.failures``."""
        try:
            refused = _runaway_rule(components)
        except (ValueError, TypeError, AttributeError) as exc:  # icalendar's broken property
            refused = f"unreadable recurrence rule ({type(exc).__name__})"
        if refused:
            page.failures.append((uid, refused))
            return []
        single = icalendar.Calendar()
        for c in [*self.timezones, *components]:
            single.add_component(c)
        try:
            found = recurring_ical_events.of(single).between(self.start, self.end)
        except Exception as exc:  # the library raises many types on bad rules/dates
            page.failures.append((uid, f"bad recurrence or date ({type(exc).__name__})"))
            return []
        if len(found) > MAX_OCCURRENCES_PER_EVENT:
            page.failures.append(
                (uid, f"recurrence cut to its first {MAX_OCCURRENCES_PER_EVENT} occurrences")
            )
            found = found[:MAX_OCCURRENCES_PER_EVENT]
        return found


def _runaway_rule(components: list) -> str | None:
    """Why the event's RRULEs are refused (more often than daily, or too many), or None."""
    rules = []
    for component in components:
        value = component.get("RRULE")
        rules.extend(value if isinstance(value, list) else [value] if value is not None else [])
    if len(rules) > MAX_RULES_PER_EVENT:
        return f"{len(rules)} recurrence rules; at most {MAX_RULES_PER_EVENT} per event"
    starts = [c.get("DTSTART") for c in components if rules and c.get("DTSTART") is not None]
    # Expansion walks every occurrence from the first: a daily rule from year 1 is 740,000.
    if any(getattr(start.dt, "year", MIN_YEAR) < MIN_YEAR for start in starts):
        return f"recurrence starts before {MIN_YEAR}; not expanded"
    for rule in rules:
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        per_day = 1
        for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            per_day *= max(1, len(rule.get(part) or []))
        if freq in _SUBDAILY or per_day > 1:
            shown = rule.to_ical().decode(errors="replace")[:80]
            return f"recurrence repeats more often than once a day ({shown}); not expanded"
    return None


def _normalise(component, uid: str, recurring: bool, fallback_zone: str | None) -> NormalisedEvent:
    if component.get("DTSTART") is None:
        raise BadItem("missing DTSTART")
    start = component["DTSTART"].dt
    venue = _venue(component)
    local_time = starts_at = zone = None
    if isinstance(start, datetime):
        if start.tzinfo is not None:
            zone = getattr(start.tzinfo, "key", None) or str(start.tzinfo)
            local_zone = fallback_zone or zone_for_venue(venue)
            if zone in ("UTC", "utc", "Etc/UTC") and local_zone:
                start = start.astimezone(_zone(local_zone))
                zone = local_zone
            starts_at = aware_to_utc(start)
        else:
            zone = fallback_zone
        local_date, local_time = start.date(), start.time().replace(tzinfo=None)
    elif isinstance(start, date):
        local_date = start
    else:
        raise BadItem("DTSTART is neither a date nor a date-time")
    ends_at = None
    end = component.get("DTEND")
    if end is not None and isinstance(end.dt, datetime) and end.dt.tzinfo is not None:
        ends_at = aware_to_utc(end.dt)
    source_id = f"{uid}/{local_date.isoformat()}" if recurring else uid
    status = str(component.get("STATUS", "CONFIRMED")).upper()
    categories = component.get("CATEGORIES")
    genres: list[str] = []
    for group in categories if isinstance(categories, list) else [categories] if categories else []:
        genres.extend(str(c) for c in getattr(group, "cats", []) if str(c).strip())
    return NormalisedEvent(
        source=SOURCE,
        source_id=source_id[:300],
        title=text(component.get("SUMMARY")) or "",
        local_date=local_date,
        local_time=local_time,
        timezone=zone,
        starts_at=starts_at,
        ends_at=ends_at,
        status="cancelled" if status == "CANCELLED" else "scheduled",
        venue=venue,
        genres=genres,
        ticket_url=web_url(component.get("URL")),
        description=sanitise(text(component.get("DESCRIPTION"))),
        url=web_url(component.get("URL")),
    )


def _venue(component) -> NormalisedVenue | None:
    location = text(component.get("LOCATION"))
    geo = component.get("GEO")
    if not location and geo is None:
        return None
    parts = [p.strip() for p in (location or "").split(",") if p.strip()]
    city = next((p for p in reversed(parts[1:]) if gazetteer.lookup(p)), None)
    return NormalisedVenue(
        name=parts[0] if parts else "Unknown venue",
        city=city,
        address=", ".join(parts[1:]) or None,
        lat=float(geo.latitude) if geo is not None else None,
        lng=float(geo.longitude) if geo is not None else None,
    )


def _parse_budget(config: dict) -> float:
    budget = config.get("time_budget")
    return MAX_PARSE_SECONDS if budget is None else min(float(budget), MAX_PARSE_SECONDS)


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _window(config: dict) -> tuple[date, date]:
    """The expansion window from the run's params, never longer than MAX_WINDOW_DAYS."""
    start = config.get("start") or datetime.now(UTC).date()
    end = config.get("end") or (datetime.now(UTC).date() + timedelta(days=DEFAULT_DAYS))
    first, last = date.fromisoformat(str(start)[:10]), date.fromisoformat(str(end)[:10])
    return first, min(last, first + timedelta(days=MAX_WINDOW_DAYS))
