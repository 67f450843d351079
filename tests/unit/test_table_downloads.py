"""CSV downloads of the tables that page: every row of the current filters, one user's only."""

from __future__ import annotations

import csv
import io

import pytest
from dash.exceptions import PreventUpdate

from callbacks import wrapped_export
from data.db import session_scope
from data.queries.accounts import find_user_id
from data.queries.listening import overview
from data.queries.listening.filters import make_filters
from tests.unit.test_wrapped_callbacks import LISTENER, YEAR, as_user
from tests.unit.wrapped_fixtures import PLAYS, add_history, add_user

HOSTILE = "=HYPERLINK(1)"  # a name a spreadsheet would run as a formula


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


def test_recently_played_downloads_every_page_of_the_period(dash_app):
    data = {"period": "y", "year": str(YEAR), "tz": "UTC"}
    download = as_user(dash_app, LISTENER, wrapped_export.export_recent, 1, data)
    rows = _rows(download)
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        first_page, total = overview.recently_played(session, uid, make_filters(data, "UTC"), 0)
    assert download["type"] == "text/csv" and download["filename"].endswith(".csv")
    assert total > 3 * len(first_page) > 0  # the table pages; the file holds them all
    assert len(rows) == total
    # Newest first, the table's first page first, in the columns the table shows.
    assert list(rows[0]) == ["ended (UTC)", "track", "artist", "minutes", "spotify_url"]
    assert [r["track"] for r in rows[: len(first_page)]] == first_page["track"].tolist()
    ended = [r["ended (UTC)"] for r in rows]
    assert ended == sorted(ended, reverse=True)
    assert all(e.startswith(str(YEAR)) for e in ended)


def test_recently_played_csv_follows_the_filters(dash_app):
    music = {"period": "y", "year": str(YEAR), "tz": "UTC"}
    skips = {**music, "skips": "1"}
    without = _rows(as_user(dash_app, LISTENER, wrapped_export.export_recent, 1, music))
    with_skips = _rows(as_user(dash_app, LISTENER, wrapped_export.export_recent, 1, skips))
    assert len(with_skips) > len(without)
    assert min(float(r["minutes"]) for r in with_skips) < 0.5  # the skips (< 30 s) are in


def test_recently_played_csv_is_the_users_own_and_formula_safe(dash_app, hostile_listener):
    data = {"period": "all", "skips": "1"}
    rows = _rows(as_user(dash_app, hostile_listener, wrapped_export.export_recent, 1, data))
    music = [p for p in PLAYS if not p.startswith("S")]
    assert len(rows) == len(music)  # their ten-odd plays, nobody else's
    assert all(r["artist"].startswith("'" + HOSTILE) for r in rows)
    assert all(r["track"].startswith("'" + HOSTILE) for r in rows)
    mine = _rows(as_user(dash_app, LISTENER, wrapped_export.export_recent, 1, data))
    assert not any(HOSTILE in r["artist"] for r in mine)


def test_no_click_no_file(dash_app):
    with pytest.raises(PreventUpdate):
        as_user(dash_app, LISTENER, wrapped_export.export_recent, None, {"period": "all"})
