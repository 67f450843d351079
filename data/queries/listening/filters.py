"""The Wrapped filter bar as a value: period, measure, content, skips and time zone.

Periods are inclusive ranges of local dates in the chosen time zone. The previous period is the
equal-length range just before, for "change vs previous" figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PRESETS = ("4w", "6m", "year", "y", "all", "custom")
PRESET_LABELS = {
    "4w": "Last 4 weeks",
    "6m": "Last 6 months",
    "year": "This year",
    "y": "A year",
    "all": "All time",
    "custom": "Custom range",
}
MEASURES = ("minutes", "plays")
CONTENTS = ("music", "podcast", "audiobook")
SKIP_MS = 30_000  # a play shorter than this counts as a skip


@dataclass(frozen=True)
class Filters:
    """What the filter bar selected. ``start``/``end`` are inclusive local dates (None: open)."""

    start: date | None = None
    end: date | None = None
    measure: str = "minutes"
    content: str = "music"
    include_skips: bool = False
    tz: str = "UTC"

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1

    def previous(self) -> Filters | None:
        """The equal-length period just before this one (None for open ranges)."""
        if self.days is None:
            return None
        end = self.start - timedelta(days=1)
        return replace(self, start=end - timedelta(days=self.days - 1), end=end)

    def with_range(self, start: date | None, end: date | None) -> Filters:
        return replace(self, start=start, end=end)


def valid_tz(name: str | None, fallback: str = "UTC") -> str:
    try:
        ZoneInfo(name or "")
    except (ZoneInfoNotFoundError, ValueError):
        return fallback
    return name or fallback


def today_in(tz: str, now: datetime | None = None) -> date:
    now = now or datetime.now(ZoneInfo("UTC"))
    return now.astimezone(ZoneInfo(valid_tz(tz))).date()


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def resolve_period(
    preset: str | None,
    today: date,
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> tuple[date | None, date | None]:
    """Inclusive (start, end) local dates for a preset; ``all`` is open on both sides."""
    if preset == "4w":
        return today - timedelta(days=27), today
    if preset == "6m":
        return _months_back(today, 6) + timedelta(days=1), today
    if preset == "year":
        return date(today.year, 1, 1), today
    if preset == "y" and year:
        return date(year, 1, 1), date(year, 12, 31)
    if preset == "custom" and start and end:
        return (start, end) if start <= end else (end, start)
    return None, None


def _months_back(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def default_period(last_play: date | None, today: date) -> dict[str, str]:
    """The URL parameters of the most recent period with data: "This year" when the listener
    played something this year (or nothing at all), else the calendar year of their last play.

    An import whose history ends last year must not open on a year of zeros and "▼100%".
    """
    if last_play is None or last_play.year >= today.year:
        return {"period": "year"}
    return {"period": "y", "year": str(last_play.year)}


def dashboard_href(last_play: date | None, today: date) -> str:
    """The Wrapped page opened on ``default_period``."""
    return "/wrapped?" + "&".join(f"{k}={v}" for k, v in default_period(last_play, today).items())


@dataclass(frozen=True)
class WrappedQuery:
    """The Wrapped page's URL query as values.

    ``parse_query`` is the one reader of that form and ``to_query`` the one writer; the browser
    writes the same form (``wrappedFilters`` in assets/clientside.js; a browser test holds the
    two to it)."""

    period: str = "year"
    year: int | None = None
    start: date | None = None
    end: date | None = None
    measure: str = "minutes"
    content: str = "music"
    skips: bool = False
    tz: str | None = None  # None: the listener's own zone


def parse_query(query: Mapping[str, object]) -> WrappedQuery:
    """The URL query (strings, or the filter store's values); unknown values are defaults."""
    period = query.get("period") if query.get("period") in PRESETS else "year"
    year = str(query.get("year") or "")
    tz = query.get("tz")
    return WrappedQuery(
        period=period,
        year=int(year) if year.isdigit() else None,
        start=parse_date(query.get("start")),
        end=parse_date(query.get("end")),
        measure=query.get("measure") if query.get("measure") in MEASURES else "minutes",
        content=query.get("content") if query.get("content") in CONTENTS else "music",
        skips=str(query.get("skips") or "").lower() in ("1", "true", "yes", "on"),
        tz=tz if isinstance(tz, str) and valid_tz(tz, "") == tz else None,
    )


def to_query(q: WrappedQuery) -> dict[str, str | None]:
    """The canonical URL form of ``q`` (None: the parameter is left out)."""
    return {
        "period": q.period,
        "year": str(q.year) if q.period == "y" and q.year else None,
        "start": q.start.isoformat() if q.period == "custom" and q.start else None,
        "end": q.end.isoformat() if q.period == "custom" and q.end else None,
        "measure": q.measure if q.measure != "minutes" else None,
        "content": q.content if q.content != "music" else None,
        "skips": "1" if q.skips else None,
        "tz": q.tz,
    }


def make_filters(query: Mapping[str, object], user_tz: str, now: datetime | None = None) -> Filters:
    """Filters from the URL query (see ``parse_query``) for a listener in ``user_tz``."""
    q = parse_query(query)
    tz = q.tz or valid_tz(user_tz)
    start, end = resolve_period(q.period, today_in(tz, now), q.year, q.start, q.end)
    return Filters(
        start=start,
        end=end,
        measure=q.measure,
        content=q.content,
        include_skips=q.skips,
        tz=tz,
    )
