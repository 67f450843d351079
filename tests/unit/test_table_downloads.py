"""CSV downloads of the tables that page: every row of the current filters, one user's only."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pandas as pd
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from callbacks import (
    import_export,
    insights,
    item,
    promoter_export,
    saved,
    views_export,
)
from data.csv_export import minute_text, safe_frame
from data.db import session_scope
from data.models import Event, Import, RoleRequest, SavedView, UserRole
from data.privacy import K_ANONYMITY
from data.queries import talent
from data.queries.accounts import find_user_id, get_account
from data.queries.listening import item as item_queries
from data.queries.listening import overview
from data.queries.listening.filters import Filters, make_filters
from data.queries.promoter_scope import own_events
from data.services.role_requests import request_role
from data.services.views import save_view
from tests.unit.test_admin_export import ADMIN, _download
from tests.unit.test_saved_pages import many_saved  # noqa: F401  (the fixture)
from tests.unit.test_wrapped_callbacks import LISTENER, YEAR, as_user
from tests.unit.wrapped_fixtures import add_history, add_user

HOSTILE = "=HYPERLINK(1)"  # a name a spreadsheet would run as a formula
VIEW = "CSV test view "


def _rows(download: dict) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download["content"])))


@pytest.fixture(scope="module")
def hostile_listener(dash_app):
    """A listener in UTC whose artists' and tracks' names all start with a formula."""
    email = "formula-plays@example.test"
    with session_scope() as session:
        uid = add_user(session, email, tz="UTC")
        add_history(session, uid, prefix=HOSTILE)
    return email


@pytest.fixture
def many_views(dash_app, hostile_listener):
    """Twelve views of the demo listener (two pages, one shared, one named like a formula)
    and one of another listener."""
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        for i in range(12):
            name = ("" if i else f"{HOSTILE} ") + f"{VIEW}{i:02d}"
            shared = "link" if i == 1 else "private"
            save_view(session, uid, name, "/wrapped", f"period=y&year={YEAR}", shared)
        other = find_user_id(session, hostile_listener)
        save_view(session, other, f"{VIEW}of someone else", "/wrapped", "", "private")
    yield
    with session_scope() as session:
        session.query(SavedView).filter(SavedView.name.contains(VIEW)).delete()


def test_views_csv_lists_every_own_view_on_every_page(dash_app, many_views):
    download = as_user(dash_app, LISTENER, views_export.export_views, 1)
    rows = [r for r in _rows(download) if VIEW in r["name"]]
    assert len(rows) == 12  # /views shows ten a page; the file has both pages, not the other's
    assert not any("someone else" in r["name"] for r in rows)
    assert any(r["name"].startswith("'" + HOSTILE) for r in rows)
    shared = [r for r in rows if r["visibility"] == "link"]
    assert len(shared) == 1 and "/v/" in shared[0]["shared link"]
    assert all(r["shared link"] == "" for r in rows if r["visibility"] == "private")
    assert {r["address"] for r in rows} == {f"/wrapped?period=y&year={YEAR}"}


@pytest.fixture
def pending_roles(dash_app, hostile_listener):
    """Two pending role requests, one with a reason that reads like a formula."""
    with session_scope() as session:
        made = [
            request_role(session, find_user_id(session, hostile_listener), "analyst", HOSTILE),
            request_role(session, find_user_id(session, LISTENER), "promoter", "I run a bar"),
        ]
    yield
    with session_scope() as session:
        session.query(RoleRequest).filter(RoleRequest.id.in_(made)).delete()


def test_role_requests_csv_lists_the_pending_requests(dash_app, pending_roles):
    rows = _rows(_download(dash_app, ADMIN, "roles"))
    mine = {r["email"]: r for r in rows}
    assert mine[LISTENER]["role"] == "promoter" and mine[LISTENER]["reason"] == "I run a bar"
    assert mine["formula-plays@example.test"]["reason"] == "'" + HOSTILE
    assert list(rows[0]) == ["name", "email", "role", "reason", "asked (UTC)"]
    with pytest.raises(PreventUpdate):
        _download(dash_app, LISTENER, "roles")


def test_a_tracks_sessions_csv_has_every_session_not_only_the_longest(dash_app):
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        f = make_filters({"period": "all", "tz": "UTC"}, "UTC")
        track = int(overview.top_items(session, uid, f, "tracks", 1)["id"].iloc[0])
        longest, total = item_queries.item_sessions(session, uid, "track", track, Filters())
    download = as_user(dash_app, LISTENER, item.export_sessions, 1, {"kind": "track", "id": track})
    rows = _rows(download)
    assert total > len(longest) == 10  # the page shows the ten longest
    assert len(rows) == total
    minutes = [float(r["minutes"]) for r in rows]
    assert minutes == sorted(minutes, reverse=True)
    assert minutes[:10] == [round(m, 1) for m in longest["minutes"]]
    assert all(int(r["plays of this track"]) >= 1 for r in rows)
    assert sum(int(r["plays of this track"]) for r in rows) >= total


PROMOTER = "promoter@demo.rewrapped"
ANALYST = "analyst@demo.rewrapped"


@pytest.fixture
def rival_event(dash_app):
    """A formula-titled event of the demo promoter and an event of another promoter."""
    with session_scope() as session:
        mine = find_user_id(session, PROMOTER)
        rival = add_user(session, "rival-promoter@example.test", tz="UTC")
        session.add(UserRole(user_id=rival, role="promoter"))
        made = []
        for owner, title in ((mine, f"{HOSTILE} night"), (rival, "Rival CSV night")):
            event = Event(title=title, local_date=date.today(), timezone="UTC", promoter_id=owner)
            session.add(event)
            session.flush()
            made.append(event.id)
    yield
    with session_scope() as session:
        session.query(Event).filter(Event.id.in_(made)).delete()


def test_promoter_events_csv_has_every_own_event_only(dash_app, rival_event):
    with session_scope() as session:
        own = own_events(session, find_user_id(session, PROMOTER), False)
    rows = _rows(as_user(dash_app, PROMOTER, promoter_export.export_events, 1))
    assert len(own) > 10  # more than one page of the list
    assert [int(r["id"]) for r in rows] == own["id"].tolist()
    assert f"'{HOSTILE} night" in {r["title"] for r in rows}
    assert "Rival CSV night" not in {r["title"] for r in rows}
    with pytest.raises(PreventUpdate):
        as_user(dash_app, LISTENER, promoter_export.export_events, 1)


def test_talent_csv_is_the_whole_k_anonymous_list(dash_app):
    with session_scope() as session:
        account = get_account(session, find_user_id(session, PROMOTER))
        city = talent.promoter_city(session, account.id, account.home_city_id)
        frame = talent.talent(session, city, date.today())
    rows = _rows(as_user(dash_app, PROMOTER, promoter_export.export_talent, 1))
    assert len(frame) > 15  # more than one page of the finder
    assert [r["artist"] for r in rows] == frame["artist"].tolist()
    assert all(int(r["listeners"]) >= K_ANONYMITY for r in rows)


def test_past_imports_csv_has_the_listeners_own_imports(dash_app, hostile_listener):
    with session_scope() as session:
        uid = find_user_id(session, hostile_listener)
        for day, added in ((2, 7), (5, 3)):
            session.add(
                Import(
                    user_id=uid,
                    status="finished",
                    rows_seen=added + 1,
                    plays_added=added,
                    duplicates=1,
                    created_at=datetime(2026, 1, day, 9, 30, 15),
                    first_play_at=datetime(2025, 1, 1),
                    last_play_at=datetime(2025, 12, 31, 23, 59),
                )
            )
    rows = _rows(as_user(dash_app, hostile_listener, import_export.export_imports, 1))
    assert [(r["imported (UTC)"], r["added"]) for r in rows] == [
        ("2026-01-05 09:30", "3"),  # newest first, to the minute, as the table shows
        ("2026-01-02 09:30", "7"),
    ]
    assert rows[0]["last play (UTC)"] == "2025-12-31 23:59"
    mine = _rows(as_user(dash_app, LISTENER, import_export.export_imports, 1))
    assert ("2026-01-05 09:30", "3") not in [(r["imported (UTC)"], r["added"]) for r in mine]


def test_hidden_shows_csv_has_every_page_of_the_list(dash_app, many_saved):  # noqa: F811
    rows = _rows(as_user(dash_app, LISTENER, saved.download_hidden, 1))
    assert len(many_saved["hidden"]) > 20  # the list shows twenty a page
    assert [int(r["event_id"]) for r in rows] == many_saved["hidden"]  # latest hidden first
    assert "match" not in rows[0] and rows[0]["title"]


def test_safe_frame_neutralises_text_cells_only_in_mixed_and_text_columns():
    mixed = pd.Series(["=a", None, 3, date(2026, 1, 2), "-x", "ok", "+1", "@b"], dtype=object)
    frame = safe_frame(
        pd.DataFrame(
            {
                "mixed": mixed,
                "text": pd.Series(["\tx", "fine", "=1"] + ["ok"] * 5, dtype="string"),
                "dates": [date(2026, 1, 1)] * 8,
                "plays": range(-4, 4),
            }
        )
    )
    assert frame["mixed"].tolist() == ["'=a", None, 3, date(2026, 1, 2), "'-x", "ok", "'+1", "'@b"]
    assert frame["text"].tolist()[:3] == ["'\tx", "fine", "'=1"]
    assert frame["dates"].tolist() == [date(2026, 1, 1)] * 8
    assert frame["plays"].tolist() == list(range(-4, 4))


def test_minute_text_is_the_tables_form():
    times = pd.Series([datetime(2026, 3, 4, 5, 6, 59), None], dtype="datetime64[ms]")
    assert minute_text(times).tolist() == ["2026-03-04 05:06", ""]


def test_insights_venues_go_back_to_page_one_on_a_new_filter(dash_app):
    now = pd.Period(date.today(), freq="M")  # the page's default months, as pages/insights.py
    months = (str(now - 6), str(now + 6))

    def venues(trigger: str, page: int):
        args = (None, None, *months, page)
        return as_user(dash_app, ANALYST, insights.show_venues, *args, trigger=trigger)

    far = 10_000  # a page far past the last of any selection
    table, pages, page = venues("insights-city.value", far)
    assert page == 1 and pages > 1
    assert "No venues" not in json.dumps(table.to_plotly_json(), default=str)
    table, _pages, page = venues("insights-venues-page.active_page", far)
    assert page is no_update  # paging is the person's choice: kept (and in the URL)
    assert "No venues" in json.dumps(table.to_plotly_json(), default=str)
