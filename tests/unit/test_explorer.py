"""Explorer: every filter through the query and the callback, the URL round trip, and who may
do what (saves are the session user's own; forged event ids get nothing)."""

from __future__ import annotations

import json
from contextvars import copy_context
from datetime import UTC, date, datetime, timedelta

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from flask_login import login_user
from sqlalchemy import func, select, update

from callbacks import event_page, explorer
from callbacks.server.sessions import LoginUser
from components import ids
from data.db import session_scope
from data.models import Event, EventSource, SavedEvent, User
from data.queries.accounts import find_user_id, get_account
from data.queries.event_filters import EventFilters, from_query, to_query
from data.queries.explorer import explore
from tests.dash_calls import post_callback

LISTENER = "listener@demo.rewrapped"
PAGE_OUTPUTS = ["_pages_content.children", "_pages_store.data"]  # the pages router
PAGE_INPUTS = {"_pages_location.pathname": "/events"}


def as_user(dash_app, email, func, *args, trigger="explorer-filters.data"):
    with session_scope() as session:
        account = get_account(session, find_user_id(session, email)) if email else None

    def run():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": None}]))
        with dash_app.server.test_request_context():
            if account:
                login_user(LoginUser(account))
            return func(*args)

    return copy_context().run(run)


def _uid() -> int:
    with session_scope() as session:
        return find_user_id(session, LISTENER)


SHARE = 0.2  # SPONSORED_PERCENT's default, what the callbacks pass


def _explore(filters: EventFilters, user_id: int | None = None, share: float = SHARE):
    with session_scope() as session:
        return explore(session, filters, user_id, share=share)


def test_every_filter_survives_the_url_round_trip():
    full = EventFilters(
        q="radiohead live",
        city="london-gb",
        radius=25,
        when="custom",
        start=date(2026, 12, 10),
        end=date(2026, 12, 20),
        genres=("Jazz", "Indie Rock"),
        price_max=30.5,
        free=True,
        hide_cancelled=False,
        source="ticketmaster",
        bbox=(51.3, -0.5, 51.7, 0.3),
        sort="distance",
        page=3,
        size=50,
    )
    assert from_query(to_query(full)) == full
    assert to_query(EventFilters()) == {}


@pytest.mark.parametrize(
    "bad",
    [
        {"radius": "-5", "page": "0", "size": "7", "sort": "evil", "when": "someday"},
        {"price_max": "nan", "bbox": "1,2,3", "start": "2026-13-40"},
        {"bbox": "60,0,50,10", "page": "abc"},
    ],
)
def test_malformed_url_values_fall_back_to_defaults(bad):
    parsed = from_query(bad)
    assert parsed.radius >= 0 and parsed.page >= 1 and parsed.size in (20, 50)
    assert parsed.sort == "" and parsed.when == "month"
    assert parsed.price_max is None and parsed.bbox is None and parsed.start is None


def _today(page) -> date:
    return page.today


FILTER_CASES = {
    "tonight": ({"when": "tonight"}, lambda r, p: r["local_date"] == p.today),
    "weekend": ({"when": "weekend"}, lambda r, p: r["local_date"].weekday() >= 4),
    "week": ({"when": "week"}, lambda r, p: (r["local_date"] - p.today).days < 7),
    "all": ({"when": "all", "city": "everywhere"}, lambda r, p: r["local_date"] >= p.today),
    "custom": (
        {"when": "custom", "start": "2000-01-01", "end": "2999-01-01"},
        lambda r, p: r["local_date"] >= p.today,
    ),
    "genre": ({"genres": "Jazz", "when": "all"}, lambda r, p: "Jazz" in r["genres"]),
    "price": ({"price_max": "20", "when": "all"}, lambda r, p: r["price_min"] <= 20),
    "free": ({"free": "1", "when": "all"}, lambda r, p: r["price_min"] == 0),
    "city": ({"city": "london-gb", "when": "all"}, lambda r, p: r["city"] == "London"),
    "radius": (
        {"city": "london-gb", "radius": "50", "when": "all"},
        lambda r, p: abs(r["lat"] - 51.5) < 1,
    ),
    "bbox": (
        {"bbox": "51.3,-0.6,51.7,0.4", "city": "everywhere", "when": "all"},
        lambda r, p: 51.3 <= r["lat"] <= 51.7,
    ),
    "source": ({"source": "demo", "when": "all"}, lambda r, p: True),
}


@pytest.mark.parametrize("case", list(FILTER_CASES))
def test_each_filter_narrows_the_list_and_the_callback_shows_it(dash_app, case):
    query, keep = FILTER_CASES[case]
    uid = _uid()
    page = _explore(from_query(query), uid)
    assert page.total > 0, f"demo data has nothing for {case}"
    assert all(keep(r, page) for r in page.rows)
    everything = _explore(from_query({"when": "all", "city": "everywhere"}), uid)
    assert page.total <= everything.total
    out = as_user(dash_app, LISTENER, explorer.show_events, query)
    assert out.summary.startswith(f"{page.total:,} show")
    assert len(out.cards.children) == len(page.rows)


def test_cancelled_shows_are_hidden_unless_asked_for(dash_app):
    shown = _explore(from_query({"when": "all", "city": "everywhere", "hide_cancelled": "0"}))
    hidden = _explore(from_query({"when": "all", "city": "everywhere"}))
    with session_scope() as session:
        cancelled = session.scalar(
            select(func.count(Event.id)).where(
                Event.status == "cancelled", Event.local_date >= shown.today
            )
        )
    assert cancelled > 0
    assert shown.total - hidden.total == cancelled


def test_source_that_has_no_events_matches_nothing(dash_app):
    with session_scope() as session:
        assert not session.scalar(select(EventSource.id).where(EventSource.source == "songkick"))
    assert _explore(from_query({"source": "songkick", "when": "all"})).total == 0


def test_sorts_and_pages(dash_app):
    uid = _uid()
    base = {"when": "all", "city": "everywhere"}
    by_date = _explore(from_query({**base, "sort": "date"}), uid)
    dates = [r["local_date"] for r in by_date.rows]
    assert dates == sorted(dates)
    popular = _explore(from_query({**base, "sort": "popularity"}), uid)
    pops = [r["popularity"] for r in popular.rows]
    assert pops == sorted(pops, reverse=True)
    near = _explore(from_query({**base, "sort": "distance"}), uid)
    kms = [r["km"] for r in near.rows]
    assert kms == sorted(kms)
    second = _explore(from_query({**base, "sort": "date", "page": "2"}), uid)
    assert {r["id"] for r in second.rows}.isdisjoint({r["id"] for r in by_date.rows})


def test_for_you_is_the_listeners_default_with_reasons_and_guests_get_date(dash_app):
    listener = _explore(EventFilters(when="all"), _uid())
    assert listener.sort == "foryou" and listener.city["slug"] == "berlin-de"
    assert listener.rows[0]["reasons"][0].startswith("You played ")
    guest = _explore(EventFilters(when="all"))
    assert guest.sort == "date" and all(r["reasons"] == [] for r in guest.rows)
    out = as_user(dash_app, None, explorer.show_events, {})
    assert "Log in" in out.summary


def test_search_and_typo_tolerance_through_the_explorer(dash_app):
    uid = _uid()
    top = _explore(EventFilters(when="all"), uid).rows[0]
    artist = top["lineup"][0]
    typo = artist[:-1] + ("x" if artist[-1] != "x" else "y")
    for q in (artist, typo, artist.split()[-1][:4]):
        found = _explore(EventFilters(q=q, when="all", city="everywhere"), uid)
        assert found.total > 0 and any(artist in r["lineup"] for r in found.rows), q


def test_controls_write_the_url_and_paging_keeps_the_rest():
    before = EventFilters(city="berlin-de", page=3)
    controls = ("jazz", "berlin-de", 25, "week", None, None, ["Jazz"], 30, ["free"], "demo", "date")
    after = explorer.next_filters(before, ids.EXPLORER_GENRES, controls, 3, None)
    assert after == EventFilters(
        q="jazz",
        city="berlin-de",
        radius=25,
        when="week",
        genres=("Jazz",),
        price_max=30.0,
        free=True,
        hide_cancelled=False,
        source="demo",
        sort="date",
        page=1,
    )
    paged = explorer.next_filters(after, ids.EXPLORER_PAGE, controls, 2, None)
    assert paged == after.with_(page=2)
    custom = explorer.next_filters(
        after,
        ids.EXPLORER_DATES,
        ("", "", 0, "month", "2026-12-01", "2026-12-05", [], None, [], None, None),
        1,
        None,
    )
    assert custom.when == "custom" and custom.start == date(2026, 12, 1)
    area = explorer.next_filters(after, ids.EXPLORER_AREA, controls, 1, [[51, -1], [52, 1]])
    assert area.bbox == (51.0, -1.0, 52.0, 1.0)
    assert explorer.next_filters(area, ids.EXPLORER_AREA_CLEAR, controls, 1, None).bbox is None


def _event_id(offset: int = 0) -> int:
    with session_scope() as session:
        return session.scalars(select(Event.id).order_by(Event.id).offset(offset).limit(1)).one()


def _saved_by(event_id: int) -> set[int]:
    with session_scope() as session:
        return set(
            session.scalars(select(SavedEvent.user_id).where(SavedEvent.event_id == event_id))
        )


def test_save_toggles_for_the_session_user_only(dash_app):
    event_id = _event_id(3)
    trigger = f'{{"index":{event_id},"type":"event-save"}}.n_clicks'

    def click():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": 1}]))
        return event_page.toggle_save(1)

    label, outline = as_user(dash_app, LISTENER, click, trigger=trigger)
    assert label.startswith("Saved") and outline is False
    assert _saved_by(event_id) == {_uid()}
    label, _ = as_user(dash_app, LISTENER, click, trigger=trigger)
    assert label == "Save" and _saved_by(event_id) == set()


def test_forged_event_ids_get_nothing(dash_app):
    forged = 10_000_000
    trigger = f'{{"index":{forged},"type":"event-save"}}.n_clicks'

    def click():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": 1}]))
        return event_page.toggle_save(1)

    with pytest.raises(PreventUpdate):
        as_user(dash_app, LISTENER, click, trigger=trigger)
    assert _saved_by(forged) == set()
    body = as_user(dash_app, None, event_page.show_event, forged, trigger="event-page-id.data")
    assert "not found" in str(body)


def test_guests_cannot_save_but_may_browse(client):
    event_id = _event_id(4)
    status, _ = post_callback(
        client,
        [f'{{"index":{event_id},"type":"event-save"}}.children'],
        {f'{{"index":{event_id},"type":"event-save"}}.n_clicks': 1},
    )
    assert status == 401
    status, body = post_callback(
        client, PAGE_OUTPUTS, {**PAGE_INPUTS, "_pages_location.search": ""}
    )
    assert status == 200 and "sorted by date" in json.dumps(body)


def test_hide_removes_from_the_list_and_restore_brings_it_back(dash_app):
    uid = _uid()
    first = _explore(EventFilters(when="all"), uid).rows[0]["id"]
    trigger = f'{{"index":{first},"type":"event-hide"}}.n_clicks'

    def hide():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": 1}]))
        return event_page.hide(1)

    assert as_user(dash_app, LISTENER, hide, trigger=trigger) == {"display": "none"}
    assert first not in {r["id"] for r in _explore(EventFilters(when="all"), uid).rows}
    restore_trigger = f'{{"index":{first},"type":"event-restore"}}.n_clicks'

    def restore():
        context_value.set(
            AttributeDict(triggered_inputs=[{"prop_id": restore_trigger, "value": 1}])
        )
        return event_page.restore(1)

    as_user(dash_app, LISTENER, restore, trigger=restore_trigger)
    assert first in {r["id"] for r in _explore(EventFilters(when="all"), uid).rows}


def test_users_table_untouched_by_guests(dash_app):
    with session_scope() as session:
        assert session.scalar(select(func.count(User.id))) >= 4
    assert datetime.now(UTC) - timedelta(days=1) < datetime.now(UTC)


def test_events_for_cli_prints_the_same_ranking_as_the_page(dash_app):
    import json

    runner = dash_app.server.test_cli_runner()
    result = runner.invoke(args=["events-for", "--user", LISTENER, "--limit", "5", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    page = _explore(EventFilters(size=5), _uid())
    assert printed["sort"] == "foryou"
    assert [e["id"] for e in printed["events"]] == [r["id"] for r in page.rows]
    assert printed["events"][0]["reasons"] == page.rows[0]["reasons"]
    assert set(printed["events"][0]["parts"]) == {
        "artist",
        "genre",
        "distance",
        "time",
        "feedback",
        "popularity",
    }
    text = runner.invoke(args=["events-for", "--user", LISTENER, "--limit", "3"])
    assert "You played" in text.output and "score" in text.output
    missing = runner.invoke(args=["events-for", "--user", "nobody@example.org"])
    assert missing.exit_code != 0 and "no user" in missing.output


def _badges(card) -> list[str]:
    return [b.children for b in card.children.children.children[0].children]


def test_sponsored_shows_are_capped_and_labelled_in_every_explorer_list(dash_app):
    base = {"when": "all", "city": "everywhere", "sort": "date"}
    organic = _explore(from_query(base), share=0.0).rows
    first = [r["id"] for r in organic[:6]]
    with session_scope() as session:
        before = dict(
            session.execute(select(Event.id, Event.sponsored).where(Event.id.in_(first))).all()
        )
        session.execute(update(Event).where(Event.id.in_(first)).values(sponsored=True))
    try:
        capped = _explore(from_query(base))
        head = [r["sponsored"] for r in capped.rows[:5]]
        assert head.count(True) == 1 and capped.rows[0]["id"] == first[0]
        flags = [r["sponsored"] for r in capped.rows]
        assert all(flags[: n + 1].count(True) <= max(1, int(0.2 * (n + 1))) for n in range(20))
        assert _explore(from_query(base), share=0.0).rows[0]["id"] not in first
        out = as_user(dash_app, None, explorer.show_events, base)
        assert "Sponsored" in _badges(out.cards.children[0])
        assert [_badges(c).count("Sponsored") for c in out.cards.children[:5]].count(1) == 1
    finally:
        with session_scope() as session:
            for event_id, flag in before.items():
                session.execute(update(Event).where(Event.id == event_id).values(sponsored=flag))


def test_similar_shows_hold_at_most_one_sponsored_show(dash_app):
    from data.queries.event_details import similar_events

    with session_scope() as session:
        today = datetime.now(UTC).date()
        event_id = next(
            i
            for i in session.scalars(select(Event.id).order_by(Event.id).limit(50))
            if len(similar_events(session, i, today, limit=4, share=SHARE)) == 4
        )
        similar = [r["id"] for r in similar_events(session, event_id, today, 8, share=1.0)]
        session.execute(update(Event).where(Event.id.in_(similar)).values(sponsored=True))
        shown = similar_events(session, event_id, today, limit=4, share=SHARE)
        assert [r["sponsored"] for r in shown].count(True) <= 1 and shown
        session.rollback()
