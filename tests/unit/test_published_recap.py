"""Publishing a year in review: a shared link shows the owner's recap read-only only while
it is published; unpublished, the link shows nothing of the owner's listening."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from callbacks import year as year_callbacks
from data.db import session_scope
from data.queries.accounts import find_user_id
from data.queries.recaps import is_published
from data.queries.views import list_views
from data.services import views as view_service
from data.services.recaps import set_published
from tests.dash_calls import post_callback
from tests.unit.test_explorer import as_user

LISTENER = "listener@demo.rewrapped"
YEAR = datetime.now(UTC).year - 1  # a full year inside the demo's two years of plays


def _uid() -> int:
    with session_scope() as session:
        return find_user_id(session, LISTENER)


def _link_view(path: str, visibility: str = "link") -> str:
    with session_scope() as session:
        error, token = view_service.save_view(
            session, _uid(), f"recap {visibility}", path, "", visibility
        )
    assert error is None
    return token


def _publish_click(dash_app, clicks: int):
    return as_user(
        dash_app,
        LISTENER,
        year_callbacks.toggle_publish,
        clicks,
        YEAR,
        trigger="year-publish.n_clicks",
    )


def _shared_body(client, token: str) -> str:
    status, body = post_callback(
        client,
        ["shared-recap-body.children"],
        {"shared-recap-link.data": token, "theme.data": "light"},
    )
    assert status == 200
    return json.dumps(body)


def test_the_demo_listener_published_last_year_and_shares_it(dash_app):
    with session_scope() as session:
        assert is_published(session, _uid(), YEAR)
        views, _total = list_views(session, _uid(), 1, 50)
    assert any(v["path"] == f"/wrapped/year/{YEAR}" and v["visibility"] == "link" for v in views)


def test_publish_toggle_and_the_shared_link_in_both_states(dash_app):
    client = dash_app.server.test_client()  # a guest
    with session_scope() as session:
        set_published(session, _uid(), YEAR, False)  # the demo published it: start unpublished
    token = _link_view(f"/wrapped/year/{YEAR}")
    shown = as_user(dash_app, LISTENER, year_callbacks.toggle_publish, 0, YEAR, trigger="x.y")
    assert shown[0] == "Publish this recap" and "Only you see" in shown[2]

    response = client.get(f"/v/{token}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/shared/recap/{token}")
    assert client.get(f"/shared/recap/{token}").status_code == 200  # public page

    unpublished = _shared_body(client, token)
    assert "has not published" in unpublished and '"data"' not in unpublished

    label, outline, note = _publish_click(dash_app, 1)
    assert label == "Published — unpublish" and outline is False and "published" in note
    with session_scope() as session:
        assert is_published(session, _uid(), YEAR)
    published = _shared_body(client, token)
    assert "Demo Listener" in published and '"data"' in published  # the owner's figure

    assert _publish_click(dash_app, 2)[0] == "Publish this recap"
    with session_scope() as session:
        assert not is_published(session, _uid(), YEAR)
    assert "has not published" in _shared_body(client, token)


def test_the_owner_opens_their_own_link_on_the_recap_page(login):
    token = _link_view(f"/wrapped/year/{YEAR}")
    client = login(LISTENER)
    response = client.get(f"/v/{token}")
    assert response.headers["Location"].endswith(f"/wrapped/year/{YEAR}?view={token}")


def test_private_recap_views_and_other_pages_show_nothing_shared(client):
    private = _link_view(f"/wrapped/year/{YEAR}", "private")
    assert client.get(f"/v/{private}").status_code == 404
    assert "does not open a shared recap" in _shared_body(client, private)
    wrapped = _link_view("/wrapped")
    assert "does not open a shared recap" in _shared_body(client, wrapped)
