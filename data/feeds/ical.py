"""iCalendar (RFC 5545) from a URL or an uploaded ``.ics``.

icalendar unfolds lines and resolves ``TZID``; recurring-ical-events expands ``RRULE``/``RDATE``
minus ``EXDATE`` (and applies moved instances) over the run's window. ``UID`` is the source id;
an occurrence of a recurring event gets ``UID/date`` so each night is its own event.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import icalendar
import recurring_ical_events

from data import gazetteer
from data.feeds.base import Adapter
from data.feeds.http import FeedError
from data.feeds.model import (
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
        try:
            calendar = icalendar.Calendar.from_ical(raw)
        except (ValueError, IndexError, KeyError) as exc:
            raise FeedError(f"malformed iCalendar: {exc}"[:200]) from None
        if calendar.name != "VCALENDAR":
            raise FeedError("not an iCalendar file (no VCALENDAR)")
        start, end = _window({**self.config, **(params or {})})
        fallback_zone = text(calendar.get("X-WR-TIMEZONE")) or self.config.get("default_timezone")
        timezones = list(calendar.walk("VTIMEZONE"))
        by_uid: dict[str, list] = {}
        page = ParsedPage()
        for index, component in enumerate(calendar.walk("VEVENT")):
            uid = text(component.get("UID")) or f"no-uid-{index}"
            by_uid.setdefault(uid, []).append(component)
        for uid, components in by_uid.items():
            recurring = any(
                c.get("RRULE") or c.get("RDATE") or c.get("RECURRENCE-ID") for c in components
            )
            single = icalendar.Calendar()
            for c in [*timezones, *components]:
                single.add_component(c)
            try:
                occurrences = recurring_ical_events.of(single).between(start, end)
            except Exception as exc:  # the library raises many types on bad rules/dates
                page.failures.append((uid, f"bad recurrence or date ({type(exc).__name__})"))
                continue
            for occurrence in occurrences:
                try:
                    event = _normalise(occurrence, uid, recurring, fallback_zone)
                    check(event)
                    page.events.append(event)
                except (BadItem, ValueError, TypeError, AttributeError) as exc:
                    page.failures.append((uid, str(exc)[:200]))
        return page


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


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _window(config: dict) -> tuple[date, date]:
    start = config.get("start") or datetime.now(UTC).date()
    end = config.get("end") or (datetime.now(UTC).date() + timedelta(days=DEFAULT_DAYS))
    return date.fromisoformat(str(start)[:10]), date.fromisoformat(str(end)[:10])
