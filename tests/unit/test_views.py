"""Saved and shared views: saving from any page, the link's permissions, managing the list."""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import select

from data.db import session_scope
from data.models import SavedView
from data.queries.accounts import find_user_id
from data.services import views as service
from tests.dash_calls import post_callback
from tests.pattern_calls import post
from tests.unit.test_wrapped_callbacks import OVERVIEW, OVERVIEW_INPUTS
from tests.unit.wrapped_fixtures import add_history, add_user

LISTENER = "listener@demo.rewrapped"
SHARER = "sharer-views@example.test"


@pytest.fixture(scope="module")
def sharer(dash_app):
    """A listener with private plays ("Confidential …" artists) who shares views."""
    with session_scope() as session:
        uid = add_user(session, SHARER, tz="UTC")
        add_history(session, uid, prefix="Confidential ")
    return uid


def _save(owner_id: int, visibility: str, path="/wrapped", query="?period=all&tab=overview"):
    with session_scope() as session:
        error, token = service.save_view(session, owner_id, "My view", path, query, visibility)
    assert error is None
    return token


def test_a_private_view_is_404_for_everyone_but_its_owner(dash_app, login, sharer, client):
    token = _save(sharer, "private")
    assert client.get(f"/v/{token}").status_code == 404  # a guest
    assert client.get("/v/not-a-token").status_code == 404
    login(LISTENER)
    assert client.get(f"/v/{token}").status_code == 404


def test_a_link_view_opens_with_its_filters_and_the_viewers_own_data(dash_app, login, sharer):
    token = _save(sharer, "link")
    client = login(LISTENER)
    response = client.get(f"/v/{token}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/wrapped?period=all&tab=overview&view={token}"
    status, body = post_callback(
        client, OVERVIEW, {"wrapped-filters.data": {"period": "all"}, **OVERVIEW_INPUTS}
    )
    assert status == 200 and "Top artists" in json.dumps(body)
    assert "Confidential" not in json.dumps(body)
    banner = {"type": "view-banner", "index": "wrapped"}
    status, body = post(
        client,
        [(banner, "children")],
        [(banner, "id", banner)],
        state=[("url", "search", f"?period=all&view={token}")],
    )
    assert status == 200
    text = json.dumps(body)
    assert "shared by sharer" in text.lower() and "your own data" in text


def test_the_banner_is_public_and_names_no_private_view(client, sharer):
    token = _save(sharer, "private", path="/", query="?city=berlin")
    banner = {"type": "view-banner", "index": "home"}
    status, body = post(
        client,
        [(banner, "children")],
        [(banner, "id", banner)],
        state=[("url", "search", f"?view={token}")],
    )
    assert status == 200 and "My view" not in json.dumps(body)


def test_save_view_from_a_page_and_bad_input_saves_nothing(login):
    client = login(LISTENER)
    page = "year"
    location = {"path": "/wrapped/year/2025", "query": "?view=abc&x=1", "n": 1}

    def save(name, visibility="link", where=location):
        status, body = post(
            client,
            [({"type": "view-status", "index": page}, "children")],
            [({"type": "view-location", "index": page}, "data", where)],
            "x",
            state=[
                ({"type": "view-name", "index": page}, "value", name),
                ({"type": "view-visibility", "index": page}, "value", visibility),
            ],
        )
        assert status == 200
        return json.dumps(body)

    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        before = len(session.scalars(select(SavedView).where(SavedView.owner_id == uid)).all())
    assert "Give the view a name" in save("  ")
    assert "cannot be saved" in save("evil", where={**location, "path": "//evil.example"})
    assert "Saved." in save("Year 2025") and "/v/" in save("Year again")
    with session_scope() as session:
        rows = session.scalars(select(SavedView).where(SavedView.owner_id == uid)).all()
    assert len(rows) == before + 2
    assert {r.query for r in rows[-2:]} == {"x=1"}  # the shared-view marker is not state


def test_views_page_renames_shares_and_deletes_only_own_views(login, sharer):
    foreign = _save(sharer, "link")
    client = login(LISTENER)
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        service.save_view(session, uid, "Mine", "/wrapped", "period=all", "private")
    with session_scope() as session:
        mine = session.scalar(
            select(SavedView.id).where(SavedView.owner_id == uid, SavedView.name == "Mine")
        )
        theirs = session.scalar(select(SavedView.id).where(SavedView.token == foreign))
    outputs = [
        ("views-table", "children"),
        ("views-page", "max_value"),
        ("views-status", "children"),
    ]

    def act(kind: str, view_id: int, name: str = "Mine"):
        def clicks(k):
            return [({"type": k, "index": view_id}, "n_clicks", 1 if k == kind else 0)]

        trig = json.dumps({"index": view_id, "type": kind}, separators=(",", ":"))
        return post(
            client,
            outputs,
            [
                ("views-page", "active_page", 1),
                clicks("view-rename-save"),
                clicks("view-share"),
                clicks("view-delete"),
            ],
            f"{trig}.n_clicks",
            state=[
                [({"type": "view-rename", "index": view_id}, "value", name)],
                [
                    (
                        {"type": "view-rename", "index": view_id},
                        "id",
                        {"type": "view-rename", "index": view_id},
                    )
                ],
            ],
        )

    status, body = act("view-rename-save", mine, "Renamed")
    assert status == 200 and "Renamed." in json.dumps(body)
    assert "Shared:" in json.dumps(act("view-share", mine)[1])
    assert "no longer exists" in json.dumps(act("view-share", theirs)[1])
    assert "no longer exists" in json.dumps(act("view-rename-save", theirs, "Hijacked")[1])
    act("view-delete", theirs)
    with session_scope() as session:
        assert session.get(SavedView, theirs).name == "My view"
        view = session.get(SavedView, mine)
        assert (view.name, view.visibility) == ("Renamed", "link")
    assert "View deleted." in json.dumps(act("view-delete", mine)[1])


def test_the_demo_analyst_has_saved_views_one_shared_by_link(dash_app, login):
    with session_scope() as session:
        uid = find_user_id(session, "analyst@demo.rewrapped")
        rows = session.scalars(select(SavedView).where(SavedView.owner_id == uid)).all()
    assert len(rows) >= 3 and [r.visibility for r in rows].count("link") == 1
    shared = next(r for r in rows if r.visibility == "link")
    response = login(LISTENER).get(f"/v/{shared.token}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/insights?")


def test_every_page_with_state_in_its_url_offers_save_view():
    from components.item import item_layout
    from components.promoter import promoter_layout
    from components.saved import saved_layout
    from components.search import search_layout

    for layout in (
        search_layout("gardens"),
        saved_layout(),
        promoter_layout("events", {"events": "…"}, admin=False),
        item_layout("track", 1),
        item_layout("album", 1),
    ):
        assert "Save view" in json.dumps(layout, cls=PlotlyJSONEncoder)
