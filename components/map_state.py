"""The map's URL state: parse and clamp the query string, and list the months of a range.

One vocabulary for the page, its callbacks and tests: ``layers``, ``genres``, ``start``, ``end``,
``month`` (YYYY-MM, absent for the whole range), ``place`` (``city:ID`` or ``venue:ID``) and
``view`` (``lat,lng,zoom``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

LAYERS = ("events", "heat", "share", "venues", "listeners", "engaged")
DEFAULT_LAYERS = ("events",)
ROLE_LAYERS = {"listeners": ("analyst",), "engaged": ("analyst", "promoter")}
PAST_MONTHS, AHEAD_MONTHS, MAX_MONTHS = 12, 6, 60
DEFAULT_VIEW = (30.0, 0.0, 2)


@dataclass(frozen=True)
class MapState:
    """Everything the map shows, as read from (and written back to) the URL."""

    start: date
    end: date
    layers: tuple[str, ...] = DEFAULT_LAYERS
    genres: tuple[int, ...] = ()
    month: str | None = None
    place: str | None = None
    view: tuple[float, float, int] = field(default=DEFAULT_VIEW)

    def query(self) -> dict[str, str]:
        """The query-string form (defaults left out, like the page writes it)."""
        values = {
            "layers": ",".join(self.layers) if self.layers != DEFAULT_LAYERS else None,
            "genres": ",".join(str(g) for g in self.genres) or None,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "month": self.month,
            "place": self.place,
            "view": None if self.view == DEFAULT_VIEW else "{:.4f},{:.4f},{}".format(*self.view),
        }
        return {k: v for k, v in values.items() if v}


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[str]:
    """Every month touching the range, as YYYY-MM, oldest first (at most ``MAX_MONTHS``)."""
    months, cursor = [], date(start.year, start.month, 1)
    while cursor <= end and len(months) < MAX_MONTHS:
        months.append(cursor.strftime("%Y-%m"))
        cursor = add_months(cursor, 1)
    return months


def month_window(month: str | None, start: date, end: date) -> tuple[date, date]:
    """The dates shown: one month clipped to the range, or the whole range."""
    if not month:
        return start, end
    first = date.fromisoformat(f"{month}-01")
    return max(first, start), min(add_months(first, 1) - timedelta(days=1), end)


def default_range(today: date) -> tuple[date, date]:
    """A year back to half a year ahead, whole months."""
    return add_months(today, -PAST_MONTHS), add_months(today, AHEAD_MONTHS + 1) - timedelta(1)


def parse_state(query: dict, today: date) -> MapState:
    """A valid state from any query string: unknown or broken values fall back to defaults."""
    start, end = default_range(today)
    start, end = _day(query.get("start"), start), _day(query.get("end"), end)
    if end < start:
        start, end = default_range(today)
    end = min(end, add_months(start, MAX_MONTHS) - timedelta(days=1))
    layers = tuple(x for x in LAYERS if x in _items(query.get("layers")))
    genres = tuple(sorted({int(g) for g in _items(query.get("genres")) if g.isdigit()}))
    month = query.get("month")
    month = month if month in months_between(start, end) else None
    return MapState(
        start, end, layers or DEFAULT_LAYERS, genres, month, _place(query), _view(query)
    )


def _items(value) -> list[str]:
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def _day(value, fallback: date) -> date:
    try:
        return date.fromisoformat(str(value)[:10]) if value else fallback
    except ValueError:
        return fallback


def _place(query: dict) -> str | None:
    kind, _, pid = str(query.get("place") or "").partition(":")
    return f"{kind}:{int(pid)}" if kind in ("city", "venue") and pid.isdigit() else None


def _view(query: dict) -> tuple[float, float, int]:
    try:
        lat, lng, zoom = (float(x) for x in str(query.get("view") or "").split(","))
    except ValueError:
        return DEFAULT_VIEW
    if -90 <= lat <= 90 and -180 <= lng <= 180 and 1 <= zoom <= 18:
        return round(lat, 4), round(lng, 4), int(zoom)
    return DEFAULT_VIEW


def split_place(place: str | None) -> tuple[str, int] | None:
    """``("city", 3)`` from ``"city:3"``; None for anything else."""
    kind, _, pid = str(place or "").partition(":")
    return (kind, int(pid)) if kind in ("city", "venue") and pid.isdigit() else None
