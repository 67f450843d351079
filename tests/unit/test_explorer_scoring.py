"""The explorer ranks every candidate from the links a score reads (the listener's artists and
genres, their saves and hides): the same order and scores as ranking from every link."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from data.db import session_scope
from data.models import Event, EventArtist, HiddenEvent, SavedEvent
from data.queries import event_details, explorer_cache
from data.queries.event_filters import EventFilters
from data.queries.explorer import explore
from data.queries.explorer_cache import ranked_key
from data.queries.listener_taste import home_city, listener_affinity, listener_feedback
from data.ranking.score import Candidates, rank, score_parts, scored_keys
from data.ranking.sponsored import cap_sponsored
from tests.unit.test_explorer import SHARE, _uid

PAGES = 3


def _full_ranking(session, uid: int, filters: EventFilters, today) -> tuple[list, dict]:
    """The reference: every candidate the explorer kept, scored from every one of its links."""
    events = explorer_cache.cached(ranked_key(session, filters, uid, today, SHARE)).events
    lineups, genres = event_details.links(session, events["id"].tolist())
    home = home_city(session, uid)
    parts = score_parts(
        Candidates(events, lineups, genres),
        listener_affinity(session, uid),
        listener_feedback(session, uid),
        (home["lat"], home["lng"]) if home else None,
        today,
    )
    sponsored = set(events.loc[events["sponsored"].astype(bool), "id"])
    order = cap_sponsored(list(rank(parts, "foryou")), SHARE, flag=sponsored.__contains__)
    return order, parts["score"].round(4).to_dict()


@pytest.fixture
def feedback(dash_app):
    """One more save and one hide by the demo listener (their artists and genres move
    scores); only these two rows are removed afterwards."""
    uid = _uid()
    with session_scope() as session:
        taken = select(SavedEvent.event_id).where(SavedEvent.user_id == uid)
        hidden = select(HiddenEvent.event_id).where(HiddenEvent.user_id == uid)
        save, hide = session.scalars(
            select(Event.id)
            .join(EventArtist)
            .where(Event.id.not_in(taken), Event.id.not_in(hidden))
            .order_by(Event.local_date.desc(), Event.id)
            .limit(2)
        ).all()
        session.add(SavedEvent(user_id=uid, event_id=save))
        session.add(HiddenEvent(user_id=uid, event_id=hide))
    yield uid
    with session_scope() as session:
        session.execute(
            delete(SavedEvent).where(SavedEvent.user_id == uid, SavedEvent.event_id == save)
        )
        session.execute(
            delete(HiddenEvent).where(HiddenEvent.user_id == uid, HiddenEvent.event_id == hide)
        )


def test_scored_links_rank_like_every_link(feedback):
    uid = feedback
    explorer_cache.forget()
    filters = EventFilters(when="all", city="everywhere", size=50)
    with session_scope() as session:
        pages = [
            explore(session, filters.with_(page=p), uid, share=SHARE) for p in range(1, PAGES + 1)
        ]
        order, scores = _full_ranking(session, uid, filters, pages[0].today)
    shown = [r["id"] for p in pages for r in p.rows]
    assert pages[0].sort == "foryou" and len(shown) == PAGES * 50
    assert shown == order[: len(shown)]
    assert [r["score"] for p in pages for r in p.rows] == [scores[i] for i in shown]
    assert any(r["feedback"] for p in pages for r in p.rows)  # saves and hides took part


def test_scored_keys_are_the_listeners_artists_genres_saves_and_hides(feedback):
    with session_scope() as session:
        affinity = listener_affinity(session, feedback)
        taste = listener_feedback(session, feedback)
    artists, genres = scored_keys(affinity, taste)
    assert set(affinity.artists["artist_id"]) <= artists and taste.hidden_artists <= artists
    assert set(taste.saved["artist_id"].dropna()) <= artists
    assert set(affinity.genres["genre_id"]) | set(taste.saved["genre_id"].dropna()) <= genres
