"""Forged callback payloads with another promoter's event ids get nothing and change nothing;
listeners get nothing at all; analytics never name a viewer."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from flask_login import login_user
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import func, select

from callbacks import promoter as manage
from callbacks import promoter_analytics as analytics
from callbacks.server.sessions import LoginUser
from components import ids
from components.promoter import EMPTY_FORM
from data.db import session_scope
from data.models import Event, EventInteraction, User, UserRole, Venue
from data.queries.accounts import find_user_id, get_account
from data.services.rollups import recompute_daily
from tests.dash_calls import post_callback

PROMOTER = "promoter@demo.rewrapped"
LISTENER = "listener@demo.rewrapped"
TODAY = date.today()


def _dump(value) -> str:
    return json.dumps(value, cls=PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture(scope="module")
def rival(dash_app) -> int:
    """Another promoter's event with 7 views yesterday, rolled up."""
    with session_scope() as session:
        user = session.scalar(select(User).where(User.email == "rival@example.org"))
        if user is None:
            user = User(email="rival@example.org", password_hash="!", display_name="Rival")
            session.add(user)
            session.flush()
            session.add(UserRole(user_id=user.id, role="promoter"))
        event = Event(
            title="Rival Secret Show",
            local_date=TODAY + timedelta(days=9),
            timezone="UTC",
            promoter_id=user.id,
        )
        session.add(event)
        session.flush()
        noon = datetime.combine(TODAY - timedelta(days=1), time(12))
        session.add_all(
            EventInteraction(event_id=event.id, user_id=None, kind="view", occurred_at=noon)
            for _ in range(7)
        )
        session.flush()
        recompute_daily(session, TODAY - timedelta(days=1), TODAY - timedelta(days=1))
        return event.id


@contextmanager
def as_user(dash_app, email: str):
    with session_scope() as session:
        account = get_account(session, find_user_id(session, email))
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        yield


def _prop(component: dict, prop: str) -> str:
    return json.dumps(component, sort_keys=True, separators=(",", ":")) + "." + prop


@contextmanager
def triggered(trigger, **extra):
    prop = trigger if isinstance(trigger, str) else _prop(trigger, "n_clicks")
    token = context_value.set(
        AttributeDict(triggered_inputs=[{"prop_id": prop, "value": 1}], **extra)
    )
    try:
        yield
    finally:
        context_value.reset(token)


def _rival_state(event_id: int):
    with session_scope() as session:
        event = session.get(Event, event_id)
        return event.title, event.status


def test_forged_analytics_ids_read_nothing_of_another_promoter(dash_app, rival):
    start, end = (TODAY - timedelta(days=3)).isoformat(), TODAY.isoformat()
    with as_user(dash_app, PROMOTER):
        cards, _funnel = analytics.show_kpis(start, end, [rival], "light")
        series = analytics.show_series(start, end, [rival], "view", "light")
        geo, _sources, compared = analytics.show_audience(start, end, [rival], "light")
        download = analytics.export(1, "compare", start, end, [rival])
        options = analytics.event_options(start)
    shown = _dump([cards, series, geo, compared, download])
    assert "Rival Secret Show" not in shown
    assert '"children": "7"' not in shown and "No interactions" in _dump(series)
    assert rival not in [o["value"] for o in options]


def test_forged_event_actions_change_nothing(dash_app, rival):
    before = _rival_state(rival)
    edit = ids.promoter_action("edit", rival)
    cancel = ids.promoter_action("cancel", rival)
    delete = ids.promoter_action("delete", rival)
    fields = [{"id": ids.promoter_field(f)} for f in EMPTY_FORM]
    errors = [{"id": ids.promoter_error(f)} for f in EMPTY_FORM]
    with session_scope() as session:
        venue = session.scalar(select(Venue.id).limit(1))
    future = (TODAY + timedelta(days=30)).isoformat()
    form = {**EMPTY_FORM, "title": "Hijacked", "venue_id": venue, "date": future}
    with as_user(dash_app, PROMOTER):
        with triggered(edit), pytest.raises(PreventUpdate):
            manage.fill_form(None, [1], [])
        with triggered(cancel):
            status, _refresh = manage.act([1], [], 0)
        assert "not yours" in _dump(status)
        with triggered(_prop(delete, "submit_n_clicks")):
            status, _ = manage.act([], [1], 0)
        assert "not yours" in _dump(status)
        with triggered(
            ids.PROMOTER_SAVE + ".n_clicks", states_list=[fields], outputs_list=[errors]
        ):
            _, status, _ = manage.save(1, list(form.values()), rival, 0)
        assert "not yours" in _dump(status)
    assert _rival_state(rival) == before


def test_listeners_get_nothing(dash_app, rival):
    start, end = (TODAY - timedelta(days=3)).isoformat(), TODAY.isoformat()
    with as_user(dash_app, LISTENER):
        for call in (
            lambda: analytics.show_kpis(start, end, [], "light"),
            lambda: analytics.show_audience(start, end, [rival], "light"),
            lambda: manage.show_events(0, 1),
            lambda: manage.load_choices(0),
        ):
            with pytest.raises(PreventUpdate):
                call()


def test_a_listener_opening_promoter_pages_is_refused(dash_app, login, rival):
    web = login(LISTENER)
    for path in ("/promoter", "/promoter/analytics"):
        status, body = post_callback(
            web,
            ["_pages_content.children", "_pages_store.data"],
            {"_pages_location.pathname": path, "_pages_location.search": ""},
        )
        # The router answers with the notice in place of the page; the page never renders.
        text = json.dumps(body)
        assert status == 200 and "This page is for promoters" in text
        assert ids.PROMOTER_TABS not in text
    status, body = post_callback(
        web,
        [f"{ids.ANALYTICS_KPIS}.children", f"{ids.ANALYTICS_FUNNEL}.figure"],
        {
            f"{ids.ANALYTICS_RANGE}.start_date": (TODAY - timedelta(days=3)).isoformat(),
            f"{ids.ANALYTICS_RANGE}.end_date": TODAY.isoformat(),
            f"{ids.ANALYTICS_EVENTS}.value": [rival],
            f"{ids.THEME}.data": "light",
        },
    )
    assert status == 204 and not body


def test_a_promoter_posting_another_promoters_id_gets_zeroes(dash_app, login, rival):
    web = login(PROMOTER)
    status, body = post_callback(
        web,
        [f"{ids.ANALYTICS_KPIS}.children", f"{ids.ANALYTICS_FUNNEL}.figure"],
        {
            f"{ids.ANALYTICS_RANGE}.start_date": (TODAY - timedelta(days=3)).isoformat(),
            f"{ids.ANALYTICS_RANGE}.end_date": TODAY.isoformat(),
            f"{ids.ANALYTICS_EVENTS}.value": [rival],
            f"{ids.THEME}.data": "light",
        },
    )
    assert status == 200
    cards = json.dumps(body["response"][ids.ANALYTICS_KPIS]["children"])
    assert '"Views"' in cards and '"0"' in cards and '"7"' not in cards


def test_save_puts_each_message_under_its_field_and_stores_nothing(dash_app):
    fields = [{"id": ids.promoter_field(f)} for f in EMPTY_FORM]
    errors = [{"id": ids.promoter_error(f)} for f in EMPTY_FORM]
    form = {**EMPTY_FORM, "title": "", "ticket_url": "javascript:alert(1)"}
    with session_scope() as session:
        before = session.scalar(select(func.count()).select_from(Event))
    with (
        as_user(dash_app, PROMOTER),
        triggered(ids.PROMOTER_SAVE + ".n_clicks", states_list=[fields], outputs_list=[errors]),
    ):
        messages, status, _refresh = manage.save(1, list(form.values()), None, 0)
    by_field = dict(zip(EMPTY_FORM, messages, strict=True))
    assert by_field["title"] == "Give the show a title."
    assert "http" in by_field["ticket_url"] and by_field["price_min"] == ""
    assert "correct the marked fields" in _dump(status)
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == before
