"""The Wrapped URL form has one reader and one writer in Python (``parse_query``/``to_query``);
the browser's writer (``wrappedFilters`` in assets/clientside.js) must write the same form."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

from data.queries.listening.filters import WrappedQuery, parse_query, to_query
from tests.browser.test_shell import log_in

# The filter bar's values: period, year, start, end, measure, content, skips, tz.
CASES = [
    ("year", 2024, None, None, "minutes", "music", False, "UTC"),
    ("y", 2021, None, None, "plays", "podcast", True, "Europe/Berlin"),
    ("custom", 2026, "2025-02-01", "2025-03-15", "minutes", "music", True, "America/New_York"),
    ("all", 2026, "2025-02-01", "2025-03-15", "plays", "music", False, "Asia/Tokyo"),
]


def _written(dash_duo, case) -> tuple[dict, str]:
    """What the browser's writer returns for the store and puts in the address bar."""
    stored = dash_duo.driver.execute_script(
        "return window.dash_clientside.rewrapped.wrappedFilters(...arguments)[0];", *case
    )
    return stored, dash_duo.driver.execute_script("return window.location.search;")


def test_the_browser_writes_the_url_form_python_reads_and_writes(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    dash_duo.driver.get(dash_duo.server_url + "/wrapped")
    dash_duo.wait_for_element("#wrapped-period", timeout=20)
    for case in CASES:
        period, year, start, end, measure, content, skips, tz = case
        stored, search = _written(dash_duo, case)
        expected = WrappedQuery(
            period=period,
            year=year if period == "y" else None,
            start=date.fromisoformat(start) if period == "custom" else None,
            end=date.fromisoformat(end) if period == "custom" else None,
            measure=measure,
            content=content,
            skips=skips,
            tz=tz,
        )
        assert parse_query(stored) == expected
        written = {k: v for k, v in to_query(expected).items() if v is not None}
        assert {k: str(v) for k, v in stored.items() if v is not None} == written
        in_url = dict(parse_qsl(search.lstrip("?")))
        assert {k: v for k, v in in_url.items() if k in written} == written
        assert parse_query(in_url) == expected
