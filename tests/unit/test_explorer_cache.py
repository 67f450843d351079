"""The explorer's kept ranked lists: paging is a slice of one ranking, and any change to the
data a list was ranked from (an edit, a new event, a hide) ranks it again at once."""

from __future__ import annotations

from sqlalchemy import select, update

from data.db import session_scope
from data.models import Event
from data.queries import explorer_cache
from data.queries.event_filters import from_query
from data.queries.explorer import explore
from tests.unit.test_explorer import SHARE, _uid

BASE = {"when": "all", "city": "everywhere"}


def _ids(query: dict, user_id: int | None) -> list[int]:
    with session_scope() as session:
        return [r["id"] for r in explore(session, from_query(query), user_id, share=SHARE).rows]


def test_kept_pages_match_a_fresh_ranking(dash_app):
    uid = _uid()
    kept = [_ids({**BASE, "page": str(p)}, uid) for p in (1, 2, 3, 1)]
    assert kept[0] == kept[3] and not set(kept[0]) & set(kept[1])
    explorer_cache.forget()
    fresh = [_ids({**BASE, "page": str(p)}, uid) for p in (1, 2, 3)]
    assert fresh == kept[:3]


def test_an_edit_reorders_the_kept_list_at_once(dash_app):
    query = {**BASE, "sort": "popularity"}
    before = _ids(query, None)
    last = before[-1]
    with session_scope() as session:
        old = session.scalar(select(Event.popularity).where(Event.id == last))
        session.execute(update(Event).where(Event.id == last).values(popularity=10**6))
    try:
        assert _ids(query, None)[0] == last
    finally:
        with session_scope() as session:
            session.execute(update(Event).where(Event.id == last).values(popularity=old))
    assert _ids(query, None) == before
