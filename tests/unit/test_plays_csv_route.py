"""``/export/plays.csv``: Wrapped's every-play CSV streamed by a Flask route, and its link."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from callbacks import wrapped_export
from callbacks.server.exports import plays_csv_rows
from components.csv_download import BUTTON_CLASSES, csv_link
from data.crypto import hash_password
from data.csv_export import safe_csv
from data.db import session_scope
from data.models import User
from data.queries.accounts import find_user_id
from data.queries.listening import overview
from data.queries.listening.filters import make_filters
from tests.unit.test_wrapped_callbacks import LISTENER, YEAR
from tests.unit.wrapped_fixtures import PLAYS, add_history, add_user

HOSTILE = "=HYPERLINK(2)"  # a name a spreadsheet would run (not test_table_downloads' one)
HOSTILE_EMAIL = "formula-stream@example.test"
PASSWORD = "stream-test-password"
YEAR_QUERY = {"period": "y", "year": str(YEAR), "tz": "UTC"}


@pytest.fixture(scope="module")
def hostile_listener(dash_app):
    """A listener in UTC (who can log in) whose artists' and tracks' names are formulas."""
    with session_scope() as session:
        uid = add_user(session, HOSTILE_EMAIL, tz="UTC")
        session.get(User, uid).password_hash = hash_password(PASSWORD)
        add_history(session, uid, prefix=HOSTILE)
    return HOSTILE_EMAIL


def _table_csv(email: str, query: dict) -> str:
    """What the recently-played table pages through for ``query``, as the old download wrote
    it: the whole list from the table's own query, through the safe writer in one piece."""
    with session_scope() as session:
        uid = find_user_id(session, email)
        f = make_filters(query, session.get(User, uid).timezone)
        _page, total = overview.recently_played(session, uid, f, 0, 0)
        frame, _total = overview.recently_played(session, uid, f, 0, max(total, 1))
    return safe_csv(plays_csv_rows(frame, f.tz))


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_listener_streams_every_play_of_the_period(login):
    client = login()
    response = client.get("/export/plays.csv", query_string=YEAR_QUERY)
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="plays-{YEAR}-01-01-{YEAR}-12-31.csv"'
    body = response.get_data(as_text=True)
    assert body == _table_csv(LISTENER, YEAR_QUERY)  # the same columns and rows as before
    rows = _rows(body)
    assert len(rows) > 100  # the table shows 25 a page; the file holds them all
    assert list(rows[0]) == ["ended (UTC)", "track", "artist", "minutes", "spotify_url"]
    ended = [r["ended (UTC)"] for r in rows]
    assert ended == sorted(ended, reverse=True)
    assert all(e.startswith(str(YEAR)) for e in ended)


def test_chunks_join_to_the_whole_list_newest_first(dash_app):
    f = make_filters(YEAR_QUERY, "UTC")
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        _page, total = overview.recently_played(session, uid, f, 0, 0)
        whole, _total = overview.recently_played(session, uid, f, 0, total)
        chunks = list(overview.recently_played_chunks(session, uid, f, size=97))
    assert len(chunks) > 3 and all(0 < len(c) <= 97 for c in chunks)
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), whole)


def test_the_filters_choose_the_rows(login):
    client = login()
    music = client.get("/export/plays.csv", query_string=YEAR_QUERY).get_data(as_text=True)
    skips_query = {**YEAR_QUERY, "skips": "1"}
    skips = client.get("/export/plays.csv", query_string=skips_query).get_data(as_text=True)
    assert len(_rows(skips)) > len(_rows(music))
    assert skips == _table_csv(LISTENER, skips_query)
    assert min(float(r["minutes"]) for r in _rows(skips)) < 0.5  # the skips (< 30 s) are in


def test_own_plays_only_and_formulas_neutralised(dash_app, login, csrf_token, hostile_listener):
    query = {"period": "all", "skips": "1"}
    response = login(hostile_listener, PASSWORD).get("/export/plays.csv", query_string=query)
    theirs = _rows(response.get_data(as_text=True))
    music = [p for p in PLAYS if not p.startswith("S")]
    assert len(theirs) == len(music)  # their ten-odd plays, nobody else's
    assert all(r["artist"].startswith("'" + HOSTILE) for r in theirs)
    assert all(r["track"].startswith("'" + HOSTILE) for r in theirs)
    other = dash_app.server.test_client()
    page = other.get("/login").get_data(as_text=True)
    form = {"email": LISTENER, "password": "demo-password", "csrf_token": csrf_token(page)}
    assert other.post("/login", data=form).status_code == 302
    mine = other.get("/export/plays.csv", query_string=query).get_data(as_text=True)
    assert len(_rows(mine)) > len(theirs) and HOSTILE not in mine


def test_a_guest_is_sent_to_the_login(client):
    response = client.get("/export/plays.csv?period=all")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "text/csv" not in response.headers.get("Content-Type", "")


def test_unknown_values_fall_back_like_the_page(login):
    client = login()
    odd = client.get("/export/plays.csv?period=zzz&tz=Nowhere/Else&measure=%3D1&skips=maybe")
    assert odd.status_code == 200
    odd_body = odd.get_data(as_text=True)  # read before the next request (a stream holds on)
    default = client.get("/export/plays.csv")
    assert default.status_code == 200
    assert odd_body == default.get_data(as_text=True) == _table_csv(LISTENER, {})


def test_an_empty_period_is_the_header_alone(login):
    response = login().get("/export/plays.csv?period=custom&start=1990-01-01&end=1990-01-31&tz=UTC")
    body = response.get_data(as_text=True)
    assert body == "ended (UTC),track,artist,minutes,spotify_url\n"
    assert 'filename="plays-1990-01-01-1990-01-31.csv"' in response.headers["Content-Disposition"]


def test_a_year_no_calendar_holds_is_a_clear_400(login):
    response = login().get("/export/plays.csv?period=y&year=99999")
    assert response.status_code == 400
    assert "not a valid date" in response.get_data(as_text=True)


def test_the_link_follows_the_filters_and_round_trips(login):
    store = {"period": "y", "year": YEAR, "start": None, "end": None, "measure": "plays"}
    store |= {"content": None, "skips": "1", "tz": "UTC"}
    href = wrapped_export.recent_csv_href(store)
    assert href == f"/export/plays.csv?period=y&year={YEAR}&measure=plays&skips=1&tz=UTC"
    body = login().get(href).get_data(as_text=True)
    assert body == _table_csv(LISTENER, store)
    assert wrapped_export.recent_csv_href(None) == "/export/plays.csv?period=year"


def test_the_link_looks_like_the_other_csv_buttons():
    link = csv_link("Download (CSV)", "some-link", "/export/plays.csv")
    anchor = link.children
    assert anchor.href == "/export/plays.csv" and anchor.download == ""
    assert anchor.className == BUTTON_CLASSES
