"""Event feed adapters: one module per provider, one ``NormalisedEvent`` shape out.

``build_adapter(source, settings)`` wires an adapter to a ``FeedClient`` with the provider's
key, base URL (overridable per source for tests and proxies), throttle and size cap.

A domain floor of ``data/``: parses feeds into values; never ``data.queries`` or ``data.services``.
"""

from __future__ import annotations

from data.feeds.bandsintown import BandsintownAdapter
from data.feeds.base import Adapter
from data.feeds.eventbrite import EventbriteAdapter
from data.feeds.http import FeedClient, FeedError, QuotaExhausted, RateLimited
from data.feeds.ical import ICalAdapter
from data.feeds.jambase import JamBaseAdapter
from data.feeds.manual import CsvAdapter, promoter_event
from data.feeds.model import LineupEntry, NormalisedEvent, NormalisedVenue, ParsedPage
from data.feeds.providers import PROVIDERS, SCHEDULED
from data.feeds.seatgeek import SeatGeekAdapter
from data.feeds.songkick import SongkickAdapter
from data.feeds.ticketmaster import TicketmasterAdapter
from settings import Settings

ADAPTERS: dict[str, type[Adapter]] = {
    "ticketmaster": TicketmasterAdapter,
    "bandsintown": BandsintownAdapter,
    "jambase": JamBaseAdapter,
    "seatgeek": SeatGeekAdapter,
    "songkick": SongkickAdapter,
    "eventbrite": EventbriteAdapter,
    "ical": ICalAdapter,
    "csv": CsvAdapter,
}


def configured_sources(settings: Settings) -> list[str]:
    """Scheduled sources whose credentials (or URLs) are set."""
    out = [s for s, field in SCHEDULED.items() if getattr(settings, field)]
    if "eventbrite" in out and not settings.eventbrite_organizers:
        out.remove("eventbrite")
    return out


def _mapping(entries: tuple[str, ...]) -> dict[str, str]:
    pairs = (e.split("=", 1) for e in entries if "=" in e)
    return {k.strip(): v.strip() for k, v in pairs}


def base_url(settings: Settings, source: str) -> str:
    return _mapping(settings.feed_base_urls).get(source) or ADAPTERS[source].default_base_url


def interval_minutes(settings: Settings, source: str) -> int:
    value = _mapping(settings.feed_intervals).get(source)
    return int(value) if value and value.isdigit() else settings.feed_interval_minutes


def build_client(settings: Settings, source: str, max_requests: int | None = None) -> FeedClient:
    """The HTTP client for ``source`` with its credential in the provider's documented place."""
    provider = PROVIDERS[source]
    params, headers = {}, {}
    secret = getattr(settings, provider.credential) if provider.credential else None
    if provider.param:
        params[provider.param] = secret
    elif provider.bearer:
        headers["Authorization"] = f"Bearer {secret}"
    return FeedClient(
        base_url(settings, source),
        params=params,
        headers=headers,
        min_interval=provider.min_interval,
        max_requests=max_requests,
        max_bytes=settings.feed_max_response_mb * 1024 * 1024,
        backoff=settings.feed_backoff_ms / 1000,
        max_wait=settings.feed_max_wait_seconds,
    )


def build_adapter(settings: Settings, source: str, max_requests: int | None = None) -> Adapter:
    if source not in ADAPTERS:
        raise ValueError(f"unknown source {source!r}; use one of {', '.join(ADAPTERS)}")
    client = build_client(settings, source, max_requests) if source != "csv" else None
    return ADAPTERS[source](
        client, default_timezone=settings.default_timezone, time_budget=settings.feed_run_seconds
    )


__all__ = [
    "ADAPTERS",
    "PROVIDERS",
    "SCHEDULED",
    "Adapter",
    "FeedClient",
    "FeedError",
    "LineupEntry",
    "NormalisedEvent",
    "NormalisedVenue",
    "ParsedPage",
    "QuotaExhausted",
    "RateLimited",
    "build_adapter",
    "configured_sources",
    "promoter_event",
]
