"""Landing-page windows and the public home callbacks."""

from __future__ import annotations

from datetime import date

import pytest

from data.queries.landing import weekend_range


@pytest.mark.parametrize(
    ("today", "friday"),
    [
        (date(2026, 11, 23), date(2026, 11, 27)),  # Monday -> coming Friday
        (date(2026, 11, 27), date(2026, 11, 27)),  # Friday itself
        (date(2026, 11, 29), date(2026, 11, 27)),  # Sunday -> this weekend's Friday
    ],
)
def test_weekend_is_friday_to_sunday(today, friday):
    assert weekend_range(today) == (friday, date.fromordinal(friday.toordinal() + 2))


def test_anonymous_visitor_gets_public_home_data(client):
    payload = {
        "output": "..home-city.options...home-city.value...home-stats.children..."
        "home-city-title.children...home-next-shows.children..",
        "outputs": [
            {"id": "home-city", "property": "options"},
            {"id": "home-city", "property": "value"},
            {"id": "home-stats", "property": "children"},
            {"id": "home-city-title", "property": "children"},
            {"id": "home-next-shows", "property": "children"},
        ],
        "inputs": [{"id": "home-city", "property": "value", "value": None}],
        "changedPropIds": [],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert body["home-city"]["options"]  # cities with upcoming demo events
    assert body["home-city-title"]["children"].startswith("Next shows in ")
