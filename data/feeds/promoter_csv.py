"""A promoter's CSV of events: read defensively, then each row becomes an event form.

Columns (header names, any order; only title, date and venue are required): title, date,
time, doors, venue, address, city, artists, genres, price_min, price_max, currency,
ticket_url, image_url, description, sponsored. Artists and genres are ``|``-separated. A venue
is a known one when its name and city match; otherwise a new venue in that (known) city.
"""

from __future__ import annotations

from data.feeds.csv_file import CsvError, dict_reader
from data.feeds.promoter_form import Known
from data.text import name_key

COLUMNS = (
    "title", "date", "time", "doors", "venue", "address", "city", "artists", "genres",
    "price_min", "price_max", "currency", "ticket_url", "image_url", "description", "sponsored",
)  # fmt: skip
REQUIRED = ("title", "date", "venue")
MAX_ROWS = 500
MAX_BYTES = 1_000_000


def read_rows(raw: bytes) -> list[dict]:
    """The rows as dicts keyed by lower-case column names; raises CsvError for a bad file."""
    if len(raw) > MAX_BYTES:
        raise CsvError("The file is larger than 1 MB: split it into several uploads.")
    reader = dict_reader(raw, REQUIRED)
    rows = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise CsvError(f"At most {MAX_ROWS} events per file.")
        rows.append({k: (v or "").strip() for k, v in row.items() if k})
    if not rows:
        raise CsvError("The file has a header but no events.")
    return rows


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def to_form(row: dict, known: Known) -> dict:
    """One CSV row as the event form's values (venue matched by name and city)."""
    city_key = name_key(row.get("city"))
    city_id = next((i for i, c in known.cities.items() if name_key(c.name) == city_key), None)
    venue_key = name_key(row.get("venue"))
    venue_id = next(
        (
            i
            for i, v in known.venues.items()
            if name_key(v.name) == venue_key and (not city_key or name_key(v.city) == city_key)
        ),
        None,
    )
    form = {k: row.get(k, "") for k in COLUMNS if k not in ("artists", "genres", "sponsored")}
    form |= {"artists": _split(row.get("artists", "")), "genres": _split(row.get("genres", ""))}
    form["sponsored"] = (row.get("sponsored") or "").lower() in ("1", "yes", "true", "y")
    form["venue_id"] = venue_id
    form |= {"venue_name": row.get("venue", ""), "venue_address": row.get("address", "")}
    form["city_id"] = city_id
    return form
