"""The one shape every feed adapter produces, and the checks every event passes before storage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3
import orjson

from data import gazetteer
from data.feeds.geo import zone_at

STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "offsale")
MIN_YEAR, MAX_YEAR = 1990, 2100
_ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a", "h3", "h4"}


class BadItem(ValueError):
    """One feed item cannot become an event; the message is the recorded failure reason."""


@dataclass
class NormalisedVenue:
    name: str
    source_id: str | None = None
    city: str | None = None
    region: str | None = None
    country_code: str | None = None
    address: str | None = None
    lat: float | None = None
    lng: float | None = None
    timezone: str | None = None


@dataclass
class LineupEntry:
    """One billed artist, in billing order; ids are the feed's external ids when it has them."""

    name: str
    headliner: bool = False
    spotify_id: str | None = None
    mbid: str | None = None
    genres: tuple[str, ...] = ()


@dataclass
class NormalisedEvent:
    """A feed event in canonical form: UTC start when the time is known, always a local date."""

    source: str
    source_id: str
    title: str
    local_date: date
    local_time: time | None = None
    timezone: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    status: str = "scheduled"
    venue: NormalisedVenue | None = None
    lineup: list[LineupEntry] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    price_min: float | None = None
    price_max: float | None = None
    currency: str | None = None
    ticket_url: str | None = None
    image_url: str | None = None
    description: str | None = None
    url: str | None = None
    promoter_id: int | None = None

    def content_hash(self) -> str:
        """Stable digest of everything a feed says, so an unchanged re-ingest writes nothing."""
        return hashlib.blake2b(
            orjson.dumps(self, option=orjson.OPT_SORT_KEYS), digest_size=16
        ).hexdigest()


@dataclass
class ParsedPage:
    """What one payload yielded: good events, failures (source id or index, reason), paging.

    ``hashes`` are the events' content hashes in the same order when computed ahead (see
    ``data.services.ingest.prepare``); empty otherwise.
    """

    events: list[NormalisedEvent] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    total: int | None = None
    hashes: list[str] = field(default_factory=list)

    @classmethod
    def merged(cls, pages: list[ParsedPage]) -> ParsedPage:
        """One page holding the events, failures and hashes of ``pages``, in order."""
        return cls(
            events=[e for p in pages for e in p.events],
            failures=[f for p in pages for f in p.failures],
            hashes=[h for p in pages for h in p.hashes],
        )


def parse_items(items, normalise, source: str) -> ParsedPage:
    """Normalise each item on its own: a bad item is a recorded failure, never a lost page."""
    page = ParsedPage()
    if not isinstance(items, list):
        page.failures.append(("payload", "expected a list of events"))
        return page
    for index, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise BadItem("item is not an object")
            event = normalise(item)
            if event is None:
                continue
            check(event)
            page.events.append(event)
        except BadItem as exc:
            page.failures.append((_ident(item, index), str(exc)))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"malformed item ({type(exc).__name__}: {exc})"[:200]
            page.failures.append((_ident(item, index), reason))
    return page


def _ident(item, index: int) -> str:
    """How a failure names its item: the feed's id, else the item's place in the page."""
    return str(item.get("id", index)) if isinstance(item, dict) else str(index)


def check(event: NormalisedEvent) -> None:
    """Reject what must never be stored; fill UTC start / local fields that can be derived."""
    if not event.source_id:
        raise BadItem("missing source id")
    if not event.title or not event.title.strip():
        raise BadItem("missing title")
    if not MIN_YEAR <= event.local_date.year <= MAX_YEAR:
        raise BadItem(f"impossible date {event.local_date.isoformat()}")
    if event.status not in STATUSES:
        raise BadItem(f"unknown status {event.status!r}")
    venue = event.venue
    if venue is not None:
        if (venue.lat is None) != (venue.lng is None):
            venue.lat = venue.lng = None
        if venue.lat is not None and not (-90 <= venue.lat <= 90 and -180 <= venue.lng <= 180):
            raise BadItem(f"coordinates out of range ({venue.lat}, {venue.lng})")
        if venue.lat == 0 and venue.lng == 0:
            venue.lat = venue.lng = None
    if event.timezone and zone(event.timezone) is None:
        event.timezone = None
    if event.timezone is None:
        event.timezone = zone_for_venue(venue)
    if event.starts_at is None and event.local_time is not None and event.timezone:
        event.starts_at = to_utc(
            datetime.combine(event.local_date, event.local_time), event.timezone
        )
    low, high = event.price_min, event.price_max
    if low is not None and high is not None and high < low:
        event.price_min, event.price_max = high, low
    event.title = " ".join(event.title.split())[:500]


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_utc(local: datetime, tz_name: str) -> datetime:
    """Naive local wall time in ``tz_name`` to naive UTC."""
    return local.replace(tzinfo=zone(tz_name)).astimezone(UTC).replace(tzinfo=None)


def from_utc(utc: datetime, tz_name: str) -> datetime:
    return utc.replace(tzinfo=UTC).astimezone(zone(tz_name)).replace(tzinfo=None)


@lru_cache(maxsize=4096)
def _zone_of_city(name: str, country_code: str | None) -> str | None:
    city = gazetteer.lookup(name, country_code or None)
    return city.timezone if city else None


def zone_for_venue(venue: NormalisedVenue | None) -> str | None:
    """The venue's IANA zone: its own, else the nearest gazetteer city's, else its city's."""
    if venue is None:
        return None
    if venue.timezone and zone(venue.timezone):
        return venue.timezone
    if venue.lat is not None and venue.lng is not None:
        return zone_at(round(venue.lat, 2), round(venue.lng, 2))
    if venue.city:
        return _zone_of_city(venue.city, venue.country_code)
    return None


def number(value) -> float | None:
    """A float from a feed value that may be a string, empty or missing."""
    if value is None or value == "":
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise BadItem(f"not a number: {value!r}") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise BadItem(f"not a number: {value!r}")
    return result


def text(value) -> str | None:
    """Trimmed text or None for missing/empty values (Bandsintown sends "" for unknown)."""
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise BadItem(f"impossible date {value!r}") from None


def parse_time(value: str | None) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise BadItem(f"impossible time {value!r}") from None


def parse_datetime(value: str) -> datetime:
    """ISO 8601 with or without offset (also "+0100" and "Z"); aware when an offset is given."""
    raw = str(value).strip()
    if raw.endswith("Z"):
        raw = raw[:-1] + "+00:00"
    if len(raw) > 5 and raw[-5] in "+-" and raw[-3] != ":" and "T" in raw:
        raw = raw[:-2] + ":" + raw[-2:]
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise BadItem(f"impossible date/time {value!r}") from None


def aware_to_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def sanitise(html: str | None, limit: int = 20_000) -> str | None:
    """Feed descriptions are untrusted HTML: keep a few formatting tags, drop everything else."""
    if not html:
        return None
    cleaned = nh3.clean(
        str(html)[: limit * 2],
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
    ).strip()
    return cleaned[:limit] or None


def web_url(value) -> str | None:
    value = text(value)
    if value and value.lower().startswith(("http://", "https://")):
        return value[:1000]
    return None


def lineup_from_names(names, headliners: int = 1) -> list[LineupEntry]:
    """Lineup from plain names: the first ``headliners`` are headliners, duplicates dropped."""
    seen, entries = set(), []
    for name in names:
        name = text(name)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            entries.append(LineupEntry(name=name[:300], headliner=len(entries) < headliners))
    return entries
