"""The audience map: only k-anonymous named cities become circles; the job fills new rollups."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dash import html

from components.promoter_map import audience_layer, audience_map, map_view
from data.models import EventInteraction, EventViewerDay
from data.queries import promoter_audience as aud
from data.queries.promoter_scope import scope_ids
from data.services.rollups import first_unrolled_day
from tests.unit.promoter_fixtures import DAY, build


def _texts(component) -> str:
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if not isinstance(children, list):
        children = [children]
    return " ".join(_texts(c) for c in children)


def test_named_cities_become_circles_and_the_grouped_row_never_does(db_session):
    world = build(db_session)
    both = scope_ids(world.alice, False)
    frame = aud.geography(db_session, both, DAY - timedelta(days=1), DAY)
    layer = audience_layer(frame)
    assert [f["properties"] for f in layer["features"]] == [
        {"label": "Berlin", "people": 6, "views": 9, "saves": 2}
    ]
    centre, zoom = map_view(layer)
    assert centre == [1.0, 1.0] and 4 <= zoom <= 9  # one city: regional scale, not streets
    shown = audience_map(frame, "/tiles/{z}/{x}/{y}.png", "tiles")
    assert "Circles are sized by people" in _texts(shown)


def test_a_period_with_only_small_cities_has_no_map(db_session):
    world = build(db_session)
    frame = aud.geography(db_session, scope_ids(world.alice, False, [world.mine2]), DAY, DAY)
    assert audience_layer(frame)["features"] == []
    empty = audience_map(frame, "/tiles/{z}/{x}/{y}.png", "tiles")
    assert isinstance(empty, html.P) and "5 or more people" in empty.children


def test_the_rollup_job_goes_back_to_the_first_view_while_the_viewer_rollup_is_empty(db_session):
    assert first_unrolled_day(db_session) is None  # nothing logged yet
    world = build(db_session)  # rolls up DAY - 5 .. DAY + 1
    assert first_unrolled_day(db_session) is None  # filled: the job keeps its usual window
    db_session.execute(EventViewerDay.__table__.delete())
    old = datetime.combine(date(2025, 1, 2), time(9))
    db_session.add(
        EventInteraction(event_id=world.mine, user_id=world.bob, kind="view", occurred_at=old)
    )
    db_session.flush()
    assert first_unrolled_day(db_session) == date(2025, 1, 2)
