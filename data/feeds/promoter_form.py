"""Validate a promoter's event form (or one CSV row) field by field, before anything is stored.

Pure: the known venues, cities and genres come in as plain values, and the result is the flat
mapping ``data.feeds.manual.from_fields`` takes, so typed-in events go through the feed pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from data.feeds.model import MAX_YEAR, sanitise

CURRENCIES = ("EUR", "GBP", "USD", "CAD", "AUD", "JPY", "MXN", "CHF", "SEK", "NOK", "DKK", "PLN")
MAX_TITLE, MAX_DESCRIPTION, MAX_ARTISTS = 200, 5000, 30
# Limited Markdown: paragraphs, emphasis, lists, links; raw HTML is not parsed at all.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable(["image", "table"], True)


class FormError(ValueError):
    """Invalid form input; ``errors`` maps each field to a message a person can act on."""

    def __init__(self, errors: dict[str, str]) -> None:
        """Keep the messages per field; the exception text joins them."""
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Place:
    """A known venue or city as the form needs it."""

    name: str
    city: str
    country: str
    timezone: str
    lat: float | None = None
    lng: float | None = None
    address: str | None = None


@dataclass
class Known:
    """What the form may pick from: venues and cities by id, genre names."""

    venues: dict[int, Place] = field(default_factory=dict)
    cities: dict[int, Place] = field(default_factory=dict)
    genres: frozenset[str] = frozenset()


def _str(form: dict, key: str) -> str:
    value = form.get(key)
    return "" if value is None else str(value).strip()


def _int(value) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def _time(form: dict, key: str, errors: dict) -> time | None:
    raw = _str(form, key)
    if not raw:
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        errors[key] = "Use a time like 20:30."
        return None


def _url(form: dict, key: str, errors: dict) -> str | None:
    raw = _str(form, key)
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(raw) > 1000:
        errors[key] = "Enter a full web address starting with http:// or https://."
        return None
    return raw


def _date(form: dict, errors: dict, today: date) -> date | None:
    raw = _str(form, "date")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        errors["date"] = "Pick the date of the show." if not raw else "Use a date like 2027-03-12."
        return None
    if day < today:
        errors["date"] = "The date is in the past."
    elif day.year > MAX_YEAR:
        errors["date"] = "The date is too far ahead."
    return day


def _price(form: dict, key: str, errors: dict) -> float | None:
    raw = _str(form, key).replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        errors[key] = "Enter a number like 25 or 25.50."
        return None
    if not 0 <= value < 100_000:
        errors[key] = "Enter a price between 0 and 99,999."
        return None
    return round(value, 2)


def _lineup(form: dict, errors: dict) -> list[str]:
    names = [str(n).strip() for n in form.get("artists") or [] if str(n).strip()]
    names += [n.strip() for n in _str(form, "new_artists").split(",") if n.strip()]
    if len(names) > MAX_ARTISTS:
        errors["artists"] = f"At most {MAX_ARTISTS} artists."
    if any(len(n) > 300 for n in names):
        errors["artists"] = "An artist's name is longer than 300 characters."
    return names


def _venue(form: dict, known: Known, errors: dict) -> Place | None:
    """A known venue by id, or a new one from a name and address in a known city."""
    venue_id = _int(form.get("venue_id"))
    if venue_id is not None:
        if venue_id not in known.venues:
            errors["venue_id"] = "Pick a venue from the list."
            return None
        return known.venues[venue_id]
    name, address = _str(form, "venue_name"), _str(form, "venue_address")
    city = known.cities.get(_int(form.get("city_id")) or -1)
    if not name:
        errors["venue_id"] = "Pick a known venue, or name a new one below."
    elif len(name) > 300 or len(address) > 500:
        errors["venue_name"] = "The venue's name or address is too long."
    if city is None:
        errors["city_id"] = "Pick the city of the new venue."
    if not name or city is None:
        return None
    return Place(name, city.city, city.country, city.timezone, city.lat, city.lng, address or None)


def _genres(form: dict, known: Known, errors: dict) -> list[str]:
    genres = [str(g).strip() for g in form.get("genres") or [] if str(g).strip()]
    unknown = [g for g in genres if g not in known.genres]
    if unknown:
        errors["genres"] = f"Unknown genre: {unknown[0]}. Pick genres from the list."
    return genres


def _text_fields(form: dict, errors: dict) -> tuple[str, str | None]:
    title = " ".join(_str(form, "title").split())
    if not title:
        errors["title"] = "Give the show a title."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"At most {MAX_TITLE} characters."
    description = _str(form, "description")
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = f"At most {MAX_DESCRIPTION} characters."
    html = sanitise(_MARKDOWN.render(description)) if description else None
    return title, html


def _prices(form: dict, errors: dict) -> tuple[float | None, float | None, str | None]:
    low, high = _price(form, "price_min", errors), _price(form, "price_max", errors)
    if low is not None and high is not None and high < low:
        errors["price_max"] = "The highest price is below the lowest."
    currency = _str(form, "currency").upper() or None
    if (low is not None or high is not None) and currency not in CURRENCIES:
        errors["currency"] = "Pick the currency of the prices."
    return low, high, currency


def validate(form: dict, known: Known, today: date) -> dict:
    """The pipeline's fields for a valid form; raises ``FormError`` naming every bad field."""
    errors: dict[str, str] = {}
    title, description = _text_fields(form, errors)
    day = _date(form, errors, today)
    start, doors = _time(form, "time", errors), _time(form, "doors", errors)
    if start and doors and doors > start:
        errors["doors"] = "Doors open after the show starts."
    venue = _venue(form, known, errors)
    low, high, currency = _prices(form, errors)
    fields = {
        "title": title,
        "artists": _lineup(form, errors),
        "genres": _genres(form, known, errors),
        "ticket_url": _url(form, "ticket_url", errors),
        "image_url": _url(form, "image_url", errors),
    }
    if errors:
        raise FormError(errors)
    fields |= {"date": day.isoformat(), "time": start.isoformat("minutes") if start else None}
    fields |= {"price_min": low, "price_max": high, "currency": currency}
    fields |= {"description": description, "venue": venue.name, "city": venue.city}
    fields |= {"country": venue.country, "timezone": venue.timezone, "address": venue.address}
    fields |= {"lat": venue.lat, "lng": venue.lng, "status": _str(form, "status") or None}
    fields["doors"] = doors
    fields["sponsored"] = bool(form.get("sponsored"))
    return fields
