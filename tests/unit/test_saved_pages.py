"""/saved pages its three lists (upcoming, past, hidden), each page number in the URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, insert, select

from callbacks import saved
from components import ids
from data.db import session_scope
from data.models import Event, HiddenEvent, SavedEvent
from data.queries.accounts import find_user_id
from tests.unit.test_explorer import LISTENER, as_user

TODAY = datetime.now(UTC).date()


@pytest.fixture
def many_saved(dash_app):
    """The demo listener with 30 upcoming and 14 past saves and 25 hidden shows."""
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        before = {
            SavedEvent: session.scalars(
                select(SavedEvent.event_id).where(SavedEvent.user_id == uid)
            ).all(),
            HiddenEvent: session.scalars(
                select(HiddenEvent.event_id).where(HiddenEvent.user_id == uid)
            ).all(),
        }
        session.execute(delete(SavedEvent).where(SavedEvent.user_id == uid))
        session.execute(delete(HiddenEvent).where(HiddenEvent.user_id == uid))
        # Two days' margin either side of "today" so the listener's time zone cannot move a show.
        upcoming = session.scalars(
            select(Event.id)
            .where(Event.local_date >= TODAY + timedelta(days=2))
            .order_by(Event.id)
            .limit(30)
        ).all()
        past = session.scalars(
            select(Event.id)
            .where(Event.local_date < TODAY - timedelta(days=2))
            .order_by(Event.id)
            .limit(14)
        ).all()
        hidden = session.scalars(
            select(Event.id).where(Event.id.not_in(upcoming)).order_by(Event.id.desc()).limit(25)
        ).all()
        assert len(upcoming) == 30 and len(past) == 14, "demo data lacks past or upcoming shows"
        now = datetime.now(UTC)
        session.execute(
            insert(SavedEvent), [{"user_id": uid, "event_id": i} for i in [*upcoming, *past]]
        )
        session.execute(
            insert(HiddenEvent),
            [
                {"user_id": uid, "event_id": i, "hidden_at": now - timedelta(minutes=n)}
                for n, i in enumerate(hidden)
            ],
        )
    yield {"upcoming": upcoming, "past": past, "hidden": hidden}
    with session_scope() as session:
        session.execute(delete(SavedEvent).where(SavedEvent.user_id == uid))
        session.execute(delete(HiddenEvent).where(HiddenEvent.user_id == uid))
        for model, ids_ in before.items():
            if ids_:
                session.execute(insert(model), [{"user_id": uid, "event_id": i} for i in ids_])


def _card_ids(children) -> list[int]:
    return [col.children.id["index"] for col in children.children]


def _dates(event_ids) -> dict[int, object]:
    with session_scope() as session:
        return dict(
            session.execute(select(Event.id, Event.local_date).where(Event.id.in_(event_ids))).all()
        )


def _call(dash_app, func, page, trigger):
    return as_user(dash_app, LISTENER, func, page, trigger=f"{trigger}.active_page")


def test_upcoming_saves_page_by_twelve_soonest_first(dash_app, many_saved):
    seen = []
    for page, size in ((1, 12), (2, 12), (3, 6)):
        cards, last, style = _call(dash_app, saved.show_upcoming, page, ids.SAVED_UPCOMING_PAGE)
        assert last == 3 and style == {} and len(_card_ids(cards)) == size
        seen += _card_ids(cards)
    assert sorted(seen) == sorted(many_saved["upcoming"])
    dates = _dates(seen)
    assert [dates[i] for i in seen] == sorted(dates[i] for i in seen)
    # A page past the end shows the last page, not an empty list.
    cards, _, _ = _call(dash_app, saved.show_upcoming, 9, ids.SAVED_UPCOMING_PAGE)
    assert _card_ids(cards) == seen[24:]


def test_past_saves_latest_first_and_hidden_by_twenty(dash_app, many_saved):
    first, last, _ = _call(dash_app, saved.show_past, 1, ids.SAVED_PAST_PAGE)
    second, _, _ = _call(dash_app, saved.show_past, 2, ids.SAVED_PAST_PAGE)
    shown = _card_ids(first) + _card_ids(second)
    assert last == 2 and sorted(shown) == sorted(many_saved["past"])
    dates = _dates(shown)
    assert [dates[i] for i in shown] == sorted((dates[i] for i in shown), reverse=True)
    hidden_one, last, style = _call(dash_app, saved.show_hidden, 1, ids.SAVED_HIDDEN_PAGE)
    hidden_two, _, _ = _call(dash_app, saved.show_hidden, 2, ids.SAVED_HIDDEN_PAGE)
    rows = [li.id["index"] for li in hidden_one.children + hidden_two.children]
    assert last == 2 and style == {} and rows == many_saved["hidden"]  # most recently hidden first


def test_a_single_page_hides_its_pager(dash_app):
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        count = len(
            session.scalars(select(SavedEvent.event_id).where(SavedEvent.user_id == uid)).all()
        )
    if count > 12:
        pytest.skip("the demo listener has more than one page of saves")
    _, last, style = _call(dash_app, saved.show_upcoming, 1, ids.SAVED_UPCOMING_PAGE)
    assert last == 1 and style == {"display": "none"}


def _pager(tree, pid):
    for child in tree.children:
        if getattr(child, "id", None) == pid:
            return child
    raise AssertionError(pid)


def test_each_lists_page_comes_from_the_url(dash_app):
    from pages.saved import layout  # registers the page: only once the app exists

    tree = layout(upcoming="3", past="junk", hidden="2")
    assert _pager(tree, ids.SAVED_UPCOMING_PAGE).active_page == 3
    assert _pager(tree, ids.SAVED_PAST_PAGE).active_page == 1
    assert _pager(tree, ids.SAVED_HIDDEN_PAGE).active_page == 2
    assert _pager(layout(upcoming="0"), ids.SAVED_UPCOMING_PAGE).active_page == 1
