"""The explorer's filters and their URL form (a pure value module: no SQL, no I/O).

One vocabulary: the page layout parses the query string with ``from_query``, callbacks write it
back with ``to_query``, and the query function and the CLI take the same ``EventFilters``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta

DATE_PRESETS = ("tonight", "weekend", "week", "month", "custom", "all")
SORTS = ("foryou", "date", "distance", "popularity")
SORT_LABELS = {
    "foryou": "For you",
    "date": "Date",
    "distance": "Distance",
    "popularity": "Popularity",
}
PAGE_SIZES = (20, 50)
MAX_RADIUS_KM = 500
MAX_PRICE = 100_000


@dataclass(frozen=True)
class EventFilters:
    """Everything that narrows or orders the explorer's list (defaults = an empty query)."""

    q: str = ""
    city: str = ""
    radius: int = 0  # km around the city centre; 0 = the city itself
    when: str = "month"
    start: date | None = None
    end: date | None = None
    genres: tuple[str, ...] = ()
    price_max: float | None = None
    free: bool = False
    hide_cancelled: bool = True
    source: str = ""
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    sort: str = ""  # "" = For you with listening data, else date
    page: int = 1
    size: int = 20

    def with_(self, **changes) -> EventFilters:
        """A copy with ``changes``; any change but the page itself returns to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        return replace(self, **changes)


def date_range(filters: EventFilters, today: date) -> tuple[date | None, date | None]:
    """The local dates the ``when`` preset covers (weekend = Friday to Sunday)."""
    if filters.when == "tonight":
        return today, today
    if filters.when == "weekend":
        friday = today + timedelta(days=(4 - today.weekday()) % 7)
        if today.weekday() >= 4:
            friday = today - timedelta(days=today.weekday() - 4)
        return max(friday, today), friday + timedelta(days=2)
    if filters.when == "week":
        return today, today + timedelta(days=6 - today.weekday())
    if filters.when == "month":
        return today, today + timedelta(days=30)
    if filters.when == "custom":
        return filters.start or today, filters.end
    return today, None


def to_query(filters: EventFilters) -> dict[str, str]:
    """The non-default filters as query-string values (what the URL shows)."""
    default = asdict(EventFilters())
    out = {}
    for key, value in asdict(filters).items():
        if value == default[key] or value in (None, ""):
            continue
        if isinstance(value, bool):
            out[key] = "1" if value else "0"
        elif isinstance(value, tuple):
            out[key] = ",".join(_num(v) if isinstance(v, float) else str(v) for v in value)
        elif isinstance(value, float):
            out[key] = _num(value)
        else:
            out[key] = str(value)
    return out


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def from_query(query: dict) -> EventFilters:
    """Parse and clamp query-string values; anything malformed falls back to its default."""
    get = {k: str(v) for k, v in query.items() if v is not None}
    base = EventFilters()
    return EventFilters(
        q=get.get("q", "")[:200].strip(),
        city=get.get("city", "")[:200],
        radius=int(min(max(_float(get.get("radius")) or 0, 0), MAX_RADIUS_KM)),
        when=get.get("when") if get.get("when") in DATE_PRESETS else base.when,
        start=_date(get.get("start")),
        end=_date(get.get("end")),
        genres=tuple(g for g in get.get("genres", "").split(",") if g)[:20],
        price_max=_price(get.get("price_max")),
        free=get.get("free") == "1",
        hide_cancelled=get.get("hide_cancelled") != "0",
        source=get.get("source", "")[:32],
        bbox=_bbox(get.get("bbox")),
        sort=get.get("sort") if get.get("sort") in SORTS else "",
        page=int(min(max(_float(get.get("page")) or 1, 1), 10_000)),
        size=int(_float(get.get("size")) or 20) if _float(get.get("size")) in PAGE_SIZES else 20,
    )


def _float(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and number == number else None  # NaN is not a number


def _price(value: str | None) -> float | None:
    number = _float(value)
    return None if number is None or number < 0 else min(number, MAX_PRICE)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    parts = [_float(p) for p in (value or "").split(",")]
    if len(parts) != 4 or any(p is None for p in parts):
        return None
    south, west, north, east = parts
    if not (-90 <= south < north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        return None
    return south, west, north, east
