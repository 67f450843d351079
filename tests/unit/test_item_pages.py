"""Track and album pages: numbers worked out by hand on the fixture history, the callback as
the logged-in listener, and the lists that link to them."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest
from flask_login import login_user
from plotly.utils import PlotlyJSONEncoder

from callbacks import item as item_page
from callbacks import search as search_page
from callbacks.server.sessions import LoginUser
from components.wrapped_lists import recent_table, top_list
from data.db import session_scope
from data.queries.accounts import get_account
from data.queries.listening import item
from data.queries.listening.filters import Filters
from data.queries.listening.search import search_history
from tests.unit.wrapped_fixtures import add_history, add_user

BERLIN = "Europe/Berlin"


@pytest.fixture
def listener(db_session):
    uid = add_user(db_session, "items@example.test")
    ids = add_history(db_session, uid)
    db_session.commit()
    return db_session, uid, ids


def test_track_numbers_months_and_sessions(listener):
    session, uid, ids = listener
    f = Filters(tz=BERLIN)
    info = item.item_info(session, "track", ids["a1"])
    assert info["artist_id"] == ids["A"] and info["album_id"] == ids["a1_album"]
    summary = item.item_summary(session, uid, "track", ids["a1"], ids["A"], f)
    # a1 is played by P7, P1 and P5; Alpha's other track a2 by P2 and P9: 3 of 5 plays
    assert summary["plays"] == 3 and summary["share"] == pytest.approx(3 / 5)
    assert summary["minutes"] == pytest.approx((60 + 180 + 300) / 60)
    assert summary["first"] == datetime(2024, 12, 30, 13, 0)  # local Berlin time
    assert summary["last"] == datetime(2025, 1, 3, 10, 0)
    months = item.item_months(session, uid, "track", ids["a1"], f)
    # P1 ended 23:30 UTC on 31 Dec: already January in Berlin
    assert months.set_index("month")["plays"].to_dict() == {
        pd.Timestamp("2024-12-01").date(): 1,
        pd.Timestamp("2025-01-01").date(): 2,
    }
    sessions, total = item.item_sessions(session, uid, "track", ids["a1"], f)
    assert total == 3  # {P7}, {P1}, {P5, P9}: P9 started exactly 10 min after P5 ended
    longest = sessions.iloc[0]
    assert (longest["minutes"], longest["plays"], longest["item_plays"]) == (20.0, 2, 1)


def test_album_page_and_unknown_ids(listener):
    session, uid, ids = listener
    f = Filters(tz=BERLIN)
    info = item.item_info(session, "album", ids["b1_album"])
    assert info["name"] == "B one LP" and info["artist"] == "Bravo"
    summary = item.item_summary(session, uid, "album", ids["b1_album"], ids["B"], f)
    assert summary["plays"] == 2 and summary["share"] == 1.0  # P3 was a skip
    assert item.item_info(session, "album", 10**9) is None
    nothing = item.item_summary(session, uid, "track", 10**9, ids["A"], f)
    assert nothing["plays"] == 0 and nothing["first"] is None


def test_podcast_episode_page_counts_podcast_plays(listener):
    session, uid, ids = listener
    info = item.item_info(session, "track", ids["s1"])
    assert info["content"] == "podcast"
    f = Filters(tz=BERLIN, content=info["content"])
    assert item.item_summary(session, uid, "track", ids["s1"], ids["S"], f)["plays"] == 1


def test_the_callback_shows_the_listeners_own_numbers(dash_app):
    with session_scope() as session:
        uid = add_user(session, "items-cb@example.test")
        ids = add_history(session, uid, prefix="Itm ")
        account = get_account(session, uid)
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        header, figure, sessions = item_page.show_item({"kind": "track", "id": ids["a1"]}, "dark")
        missing = item_page.show_item({"kind": "album", "id": 10**9}, "dark")
    text = json.dumps([header, sessions], cls=PlotlyJSONEncoder)
    assert "Itm A one" in text and "3 plays" in text and "60% of your plays of Itm Alpha" in text
    assert f"/album/{ids['a1_album']}" in text and f"/artist/{ids['A']}" in text
    assert "Part of 3 listening sessions" in text
    assert figure["data"][0]["y"] == [1, 2]
    assert "No such album." in json.dumps(missing[0], cls=PlotlyJSONEncoder)


def test_lists_link_tracks_and_albums_to_their_pages():
    ranked = pd.DataFrame(
        {
            "rank": [1],
            "id": [42],
            "name": ["Song"],
            "artist_id": [7],
            "artist": ["Band"],
            "value": [10.0],
            "movement": [float("nan")],
            "compared": [False],
            "image_url": [None],
            "spotify_url": [None],
        }
    )
    for entity, href in (
        ("tracks", "/track/42"),
        ("albums", "/album/42"),
        ("artists", "/artist/7"),
    ):
        assert href in json.dumps(top_list(ranked, entity, "plays"), cls=PlotlyJSONEncoder)
    recent = pd.DataFrame(
        {
            "ended": [pd.Timestamp("2025-01-01 10:00")],
            "track": ["Song"],
            "track_id": [42],
            "artist": ["Band"],
            "artist_id": [7],
            "minutes": [3.0],
            "platform": ["ios"],
            "spotify_url": [None],
        }
    )
    assert "/track/42" in json.dumps(recent_table(recent), cls=PlotlyJSONEncoder)


def test_search_finds_what_you_played_with_counts(listener):
    session, uid, ids = listener
    found = search_history(session, uid, "one", BERLIN)
    tracks = found["tracks"].set_index("name")
    # every play counts here, skips included: B one has P3 (a skip), P4 and P10
    assert tracks.loc["A one", "plays"] == 3 and tracks.loc["B one", "plays"] == 3
    assert tracks.loc["Episode one", "plays"] == 1
    assert found["tracks"]["name"].iloc[0] == "A one"  # most played, then oldest first
    assert found["albums"].set_index("name").loc["A one LP", "artist"] == "Alpha"
    assert list(search_history(session, uid, "ALPHA", BERLIN)["artists"]["id"]) == [ids["A"]]
    assert all(df.empty for df in search_history(session, uid, "zz-nothing", BERLIN).values())
    assert all(df.empty for df in search_history(session, uid, "a", BERLIN).values())


def test_search_page_says_what_to_do_and_links_results(dash_app):
    with session_scope() as session:
        uid = add_user(session, "search-cb@example.test")
        add_history(session, uid, prefix="Srch ")
        account = get_account(session, uid)
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        short = json.dumps(search_page.show_results("S"), cls=PlotlyJSONEncoder)
        none = json.dumps(search_page.show_results("qqqq"), cls=PlotlyJSONEncoder)
        hits = json.dumps(search_page.show_results("srch bravo"), cls=PlotlyJSONEncoder)
    assert "Type at least 2 letters" in short
    assert "Nothing you played matches" in none
    assert "Srch Bravo" in hits and "/artist/" in hits and "3 plays" in hits


def test_tops_over_time_chart_and_its_empty_state(dash_app):
    from callbacks import tops as tops_page
    from data.queries.accounts import find_user_id

    with session_scope() as session:
        demo = get_account(session, find_user_id(session, "listener@demo.rewrapped"))
        uid = add_user(session, "tops-empty@example.test")
        nobody = get_account(session, uid)
    with dash_app.server.test_request_context():
        login_user(LoginUser(demo))
        figure = tops_page.show_tops("tracks", "medium_term", "dark")
        login_user(LoginUser(nobody))
        empty = tops_page.show_tops("artists", "bogus", "light")
    assert len(figure["data"]) == 10  # today's top 10, each a line back in time
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"
    assert all(len(trace["x"]) > 1 for trace in figure["data"])
    assert "Spotify's top tracks, last 6 months" in figure["layout"]["title"]["text"]
    assert "Connect Spotify on your Profile" in empty["layout"]["annotations"][0]["text"]
