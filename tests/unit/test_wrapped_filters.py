"""The Wrapped filter bar as URL values: presets, previous periods, defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime

from data.queries.listening.filters import Filters, make_filters, resolve_period

TODAY = date(2026, 3, 31)


def test_presets_resolve_to_inclusive_local_dates():
    assert resolve_period("4w", TODAY) == (date(2026, 3, 4), TODAY)
    assert resolve_period("6m", TODAY) == (date(2025, 10, 1), TODAY)  # Sep 30 + 1 day
    assert resolve_period("year", TODAY) == (date(2026, 1, 1), TODAY)
    assert resolve_period("y", TODAY, 2024) == (date(2024, 1, 1), date(2024, 12, 31))
    assert resolve_period("all", TODAY) == (None, None)
    swapped = resolve_period("custom", TODAY, start=date(2026, 2, 1), end=date(2026, 1, 1))
    assert swapped == (date(2026, 1, 1), date(2026, 2, 1))


def test_six_months_back_from_a_long_month_end():
    assert resolve_period("6m", date(2026, 8, 31)) == (date(2026, 3, 1), date(2026, 8, 31))


def test_previous_period_has_equal_length():
    f = Filters(start=date(2024, 3, 1), end=date(2024, 3, 31))
    prev = f.previous()
    assert (prev.start, prev.end) == (date(2024, 1, 30), date(2024, 2, 29))
    assert prev.days == f.days == 31
    assert Filters().previous() is None


def test_make_filters_reads_the_url_and_defaults_to_the_users_zone():
    # 23:30 UTC on Dec 31 is already New Year's Day in Berlin: "this year" starts then.
    now = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    f = make_filters({}, "Europe/Berlin", now)
    assert (f.start, f.end, f.tz) == (date(2026, 1, 1), date(2026, 1, 1), "Europe/Berlin")
    assert (f.measure, f.content, f.include_skips) == ("minutes", "music", False)
    query = {
        "period": "y",
        "year": "2024",
        "measure": "plays",
        "content": "podcast",
        "skips": "1",
        "tz": "Asia/Tokyo",
    }
    f = make_filters(query, "Europe/Berlin", now)
    assert (f.start, f.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (f.measure, f.content, f.include_skips, f.tz) == ("plays", "podcast", True, "Asia/Tokyo")


def test_make_filters_ignores_junk():
    f = make_filters(
        {"period": "<script>", "measure": "x", "tz": "Mars/Base", "year": "20x4"}, "Bad/Zone"
    )
    assert (f.measure, f.tz) == ("minutes", "UTC")
    assert f.start is not None  # fell back to "this year"
