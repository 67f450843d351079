"""The event page says what it lacks instead of showing empty headings, and a past show is past."""

from __future__ import annotations

import json
from datetime import date, time

from plotly.utils import PlotlyJSONEncoder

from components.event_page import event_body

ROW = {
    "id": 7,
    "title": "A quiet show",
    "status": "scheduled",
    "local_date": date(2026, 5, 8),
    "local_time": time(20, 0),
    "timezone": "Europe/Paris",
    "venue": "Distant Hall",
    "city": "Paris",
    "artists": [],
    "sources": [],
}


def _text(row: dict) -> str:
    return json.dumps(event_body(row, [], set(), True, ("", "")), cls=PlotlyJSONEncoder)


def test_an_event_without_lineup_or_feeds_says_so():
    text = _text(ROW)
    assert "No lineup announced yet." in text
    assert "Entered by hand (no feed lists it)." in text


def test_a_past_event_is_marked_past_not_on_sale():
    assert "On sale" in _text(ROW) and "Past" not in _text(ROW)
    past = _text({**ROW, "past": True})
    assert '"Past"' in past and "On sale" not in past
