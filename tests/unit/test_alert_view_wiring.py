"""Save view and alert toggles on /events, /event/<id>, /map and /promoter/analytics: present
for a logged-in user and working through their callbacks; guests get a "Log in to…" link."""

from __future__ import annotations

import importlib
import json

import flask_login
from sqlalchemy import select

from callbacks import event_page, explorer, views
from callbacks.server.sessions import LoginUser
from components import ids
from data.db import session_scope
from data.models import City, Event, SavedView, Subscription, User, utcnow
from data.queries.accounts import find_user_id, get_account
from tests.dash_calls import post_callback
from tests.pattern_calls import post as _post
from tests.unit.test_explorer import as_user

LISTENER = "listener@demo.rewrapped"
PROMOTER = "promoter@demo.rewrapped"


def _ids(tree) -> set[str]:
    """Every id in a component tree, pattern ids as JSON, so a test can look one up."""
    found: set[str] = set()

    def walk(node) -> None:
        cid = getattr(node, "id", None)
        if cid is not None:
            found.add(json.dumps(cid, sort_keys=True) if isinstance(cid, dict) else cid)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if hasattr(child, "to_plotly_json"):
                walk(child)

    walk(tree)
    return found


def _pid(cid: dict) -> str:
    return json.dumps(cid, sort_keys=True)


def _layout(dash_app, page: str, email: str | None, **query):
    account = None
    if email:
        with session_scope() as session:
            account = get_account(session, find_user_id(session, email))
    module = importlib.import_module(f"pages.{page}")
    with dash_app.server.test_request_context("/"):
        if account:
            flask_login.login_user(LoginUser(account))
        return module.layout(**query)


def _event_city() -> tuple[int, str, str]:
    """(id, slug, name) of a city with an upcoming event."""
    with session_scope() as session:
        return tuple(
            session.execute(
                select(City.id, City.slug, City.name)
                .join(Event, Event.city_id == City.id)
                .where(Event.local_date > utcnow().date())
                .order_by(City.id)
                .limit(1)
            ).one()
        )


def _upcoming_event() -> int:
    with session_scope() as session:
        return session.scalar(
            select(Event.id).where(Event.local_date > utcnow().date()).order_by(Event.id).limit(1)
        )


def test_save_view_on_events_map_and_analytics_for_logged_in_users(dash_app):
    for page, email, name in (
        ("events", LISTENER, "events"),
        ("map", LISTENER, "map"),
        ("promoter_analytics", PROMOTER, "promoter_analytics"),
    ):
        found = _ids(_layout(dash_app, page, email))
        assert f"view-save-open-{name}" in found, page
        assert _pid(ids.view_save(name)) in found, page
        assert _pid(ids.view_banner(name)) in found, page


def test_guests_get_a_login_link_in_place_of_save_view(dash_app):
    for page in ("events", "map"):
        tree = _layout(dash_app, page, None)
        found = _ids(tree)
        assert f"view-save-open-{page}" not in found
        assert _pid(ids.view_banner(page)) in found  # shared links still say whose view
        assert "Log in to save this view" in str(tree)


def test_a_listener_saves_the_explorer_view(dash_app):
    location = {"path": "/events", "query": "?city=berlin&when=week", "n": 1}
    status = as_user(dash_app, LISTENER, views.save_view, location, "Berlin this week", "private")
    assert "Saved." in str(status)
    with session_scope() as session:
        row = session.execute(
            select(SavedView.path, SavedView.query).where(SavedView.name == "Berlin this week")
        ).one()
    assert row.path == "/events" and "city=berlin" in row.query


def test_explorer_offers_top_artist_alerts_and_the_chosen_citys_digest(dash_app):
    city_id, slug, name = _event_city()
    out = as_user(dash_app, LISTENER, explorer.show_events, {"city": slug}).alerts
    found = _ids(out)
    assert _pid(ids.alert_subscribe("new_shows", "top")) in found
    assert _pid(ids.alert_subscribe("digest", city_id)) in found
    assert name in str(out)
    everywhere = as_user(dash_app, LISTENER, explorer.show_events, {"city": "everywhere"}).alerts
    assert not any('"digest:' in i for i in _ids(everywhere))


def test_guests_see_log_in_to_get_alerts_on_the_explorer(client):
    status, body = post_callback(
        client,
        ["_pages_content.children", "_pages_store.data"],
        {"_pages_location.pathname": "/events", "_pages_location.search": ""},
    )
    assert status == 200
    assert "Log in to get alerts" in json.dumps(body)


def test_the_digest_toggle_subscribes_the_listener_to_that_city(login):
    city_id = _event_city()[0]
    client = login(LISTENER)
    pid = {"type": "alert-subscribe", "index": f"digest:{city_id}"}
    changed = json.dumps(pid, sort_keys=True, separators=(",", ":")) + ".n_clicks"
    key = json.dumps(pid, sort_keys=True, separators=(",", ":"))
    outputs = [(pid, "children"), (pid, "outline")]
    status, body = _post(client, outputs, [(pid, "n_clicks", 1)], changed)
    assert status == 200
    on = body["response"][key]["children"]
    with session_scope() as session:
        uid = session.scalar(select(User.id).where(User.email == LISTENER))
        subs = session.scalars(
            select(Subscription.id).where(
                Subscription.user_id == uid,
                Subscription.kind == "digest",
                Subscription.city_id == city_id,
                Subscription.active.is_(True),
            )
        ).all()
    # The demo listener may already have had this digest: a click flips it either way.
    assert (on == "Digest on — turn off") == bool(subs)
    _post(client, outputs, [(pid, "n_clicks", 2)], changed)  # back as it was


def test_event_page_has_watch_for_listeners_and_a_login_link_for_guests(dash_app):
    event_id = _upcoming_event()
    trigger = "event-page-id.data"
    body = as_user(dash_app, LISTENER, event_page.show_event, event_id, trigger=trigger)
    assert _pid(ids.alert_subscribe("watch", event_id)) in _ids(body)
    guest = as_user(dash_app, None, event_page.show_event, event_id, trigger=trigger)
    assert _pid(ids.alert_subscribe("watch", event_id)) not in _ids(guest)
    assert "Log in to watch this event" in str(guest)


def _csv_rows(download: dict) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(download["content"])))


def test_explorer_csv_has_every_matching_show_in_the_lists_order(dash_app):
    from data.queries.event_filters import EventFilters, to_query
    from data.queries.explorer import explore

    filters = EventFilters(when="all", hide_cancelled=False, page=2)
    uid = _uid()
    with session_scope() as session:
        first = explore(session, filters.with_(page=1), uid)
    assert first.total > 20  # more than one page, so "not just 20 rows" is tested
    download = as_user(
        dash_app,
        LISTENER,
        explorer.download_csv,
        1,
        to_query(filters),
        trigger="explorer-export.n_clicks",
    )
    rows = _csv_rows(download)
    assert download["filename"].endswith(".csv")
    assert len(rows) == min(first.total, 5000)
    assert [int(r["event_id"]) for r in rows[:20]] == [r["id"] for r in first.rows]
    assert any(r["reasons"] for r in rows)  # the listener's ranking, with its reasons


def test_explorer_csv_is_capped(dash_app):
    from data.queries.event_filters import EventFilters
    from data.queries.explorer_export import explorer_table

    with session_scope() as session:
        frame, total = explorer_table(session, EventFilters(when="all"), None, cap=7)
    assert len(frame) == 7 < total
    assert frame["match"].isna().all() and (frame["reasons"] == "").all()  # a guest's export


def test_guests_may_download_the_public_list(client):
    status, body = post_callback(
        client,
        ["explorer-download.data"],
        {"explorer-export.n_clicks": 1},
        state={"explorer-filters.data": {"when": "all"}},
    )
    assert status == 200
    assert body["response"]["explorer-download"]["data"]["content"].startswith("date,time,title")


def _uid() -> int:
    with session_scope() as session:
        return find_user_id(session, LISTENER)


def test_saved_csv_lists_the_listeners_saved_shows_only(dash_app):
    from callbacks import saved
    from data.models import SavedEvent

    with session_scope() as session:
        mine = set(session.scalars(select(SavedEvent.event_id).where(SavedEvent.user_id == _uid())))
    assert mine  # the demo listener has saved shows
    download = as_user(dash_app, LISTENER, saved.download_saved, 1, trigger="saved-export.n_clicks")
    rows = _csv_rows(download)
    assert {int(r["event_id"]) for r in rows} == mine
    lists = [r["list"] for r in rows]
    assert lists == sorted(lists, key=lambda x: x != "upcoming")  # upcoming first, then past
