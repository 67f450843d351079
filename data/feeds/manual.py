"""Events typed in by people: promoters' own events and the admin CSV upload.

Both produce the same ``NormalisedEvent`` as the API feeds, so they are matched, deduplicated
and stored by the same pipeline (sources ``promoter`` and ``csv``).
"""

from __future__ import annotations

from data.feeds.base import Adapter, country_code
from data.feeds.csv_file import CsvError, dict_reader
from data.feeds.http import FeedError
from data.feeds.model import (
    BadItem,
    LineupEntry,
    NormalisedEvent,
    NormalisedVenue,
    ParsedPage,
    check,
    lineup_from_names,
    number,
    parse_date,
    parse_time,
    sanitise,
    text,
    web_url,
)
from data.feeds.providers import REQUIRED_COLUMNS


def from_fields(source: str, source_id: str, fields: dict, promoter_id: int | None = None):
    """One event from a flat mapping (a form or a CSV row); raises BadItem with the reason."""
    artists = fields.get("artists") or []
    if isinstance(artists, str):
        artists = artists.replace(";", "|").split("|")
    genres = fields.get("genres") or []
    if isinstance(genres, str):
        genres = [g.strip() for g in genres.replace(";", "|").split("|") if g.strip()]
    if not text(fields.get("date")):
        raise BadItem("missing date")
    venue_name = text(fields.get("venue"))
    venue = None
    if venue_name:
        venue = NormalisedVenue(
            name=venue_name,
            source_id=text(fields.get("venue_id")),
            city=text(fields.get("city")),
            country_code=country_code(text(fields.get("country"))),
            address=text(fields.get("address")),
            lat=number(fields.get("lat")),
            lng=number(fields.get("lng")),
            timezone=text(fields.get("timezone")),
        )
    status = (text(fields.get("status")) or "scheduled").lower().replace("canceled", "cancelled")
    lineup: list[LineupEntry] = lineup_from_names(artists)
    event = NormalisedEvent(
        source=source,
        source_id=source_id,
        title=text(fields.get("title")) or "",
        local_date=parse_date(fields["date"]),
        local_time=parse_time(text(fields.get("time"))),
        timezone=text(fields.get("timezone")),
        status=status,
        venue=venue,
        lineup=lineup,
        genres=genres,
        price_min=number(fields.get("price_min")),
        price_max=number(fields.get("price_max")),
        currency=(text(fields.get("currency")) or "").upper()[:3] or None,
        ticket_url=web_url(fields.get("ticket_url")),
        image_url=web_url(fields.get("image_url")),
        description=sanitise(text(fields.get("description"))),
        promoter_id=promoter_id,
    )
    check(event)
    return event


def promoter_event(promoter_id: int, key: str, fields: dict) -> NormalisedEvent:
    """A promoter's own event (``key`` is stable per event, e.g. the form's event id)."""
    return from_fields("promoter", f"{promoter_id}:{key}", fields, promoter_id=promoter_id)


class CsvAdapter(Adapter):
    """The admin upload: a header naming ``CSV_COLUMNS``; artists and genres ``|``-separated."""

    source = "csv"

    def parse_payload(self, payload) -> ParsedPage:
        return self.parse_file(payload if isinstance(payload, bytes) else str(payload).encode())

    def parse_file(self, raw: bytes) -> ParsedPage:
        try:
            reader = dict_reader(raw, REQUIRED_COLUMNS)
        except CsvError as exc:
            raise FeedError(str(exc)) from None
        page = ParsedPage()
        for line, row in enumerate(reader, start=2):
            ident = text(row.get("source_id")) or f"line {line}"
            try:
                if not text(row.get("source_id")):
                    raise BadItem("missing source_id")
                page.events.append(from_fields("csv", ident, row))
            except BadItem as exc:
                page.failures.append((ident, str(exc)))
            except (ValueError, TypeError) as exc:
                page.failures.append((ident, f"malformed row ({exc})"[:200]))
        return page
