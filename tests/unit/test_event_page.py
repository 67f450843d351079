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


def test_a_past_show_offers_no_tickets_save_or_watch_but_keeps_its_calendar_entry():
    row = {**ROW, "ticket_url": "https://tickets.example.org/7"}
    upcoming = _text(row)
    assert "/go/7?from=event" in upcoming and '"Save"' in upcoming and "watch:7" in upcoming
    past = _text({**row, "past": True})
    assert "This show has happened." in past
    assert "/go/7" not in past and "Tickets" not in past
    assert '"Save"' not in past and "event-save" not in past and "watch:7" not in past
    assert "/event/7/calendar.ics" in past


def test_a_cancelled_show_has_no_ticket_link():
    text = _text({**ROW, "status": "cancelled", "ticket_url": "https://tickets.example.org/7"})
    assert "/go/7" not in text and "Tickets" not in text
    assert "Cancelled: no tickets on sale." in text
