"""The explorer's ranked list, kept for a minute per listener, data version and filters.

Ranking reads every candidate's lineup and genres; paging through the same filters, or
coming back to them, should not. One small query names the data a list was ranked from: the
newest event id and the latest edit (indexed ``events.updated_at``, set by feed upserts and
every ORM update), the listener's data version (plays), the count and latest time of their
saves and hides, and the database. A list is reused while all of these match, for at most
``RANKED_SECONDS`` (a deleted event leaves its page one card short until then; details are
always read fresh for the page shown). Per process, in memory (the frame cache's
bounded, timed tier): the entries are live pandas objects, not Arrow tables.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.frame_cache import TimedLRU
from data.models import Event, HiddenEvent, SavedEvent, User
from data.queries.event_filters import EventFilters, to_query
from data.queries.search import db_place
from data.ranking.affinity import Affinity
from data.ranking.score import Feedback

RANKED_SECONDS = 60
RANKED_LISTS = 256
_lists: TimedLRU[Ranked] = TimedLRU(size=RANKED_LISTS, seconds=RANKED_SECONDS)


@dataclass(frozen=True)
class Ranked:
    """One filtered, ordered candidate list.

    Attributes:
        order: every candidate's id in list order (sponsored events capped).
        events: the candidates (id, title, local_date, lat, lng, popularity, status, sponsored).
        parts: score parts of every candidate (``whole``) or empty (the page is scored alone).
        whole: whether ``parts`` covers every candidate.
        sort: the order applied.
        feedback: the listener's saves and hides the ranking used.
        markers: id, lat, lng, title of the first ``MAX_MARKERS`` in order (for the map).
        affinity: the listener's affinity the ranking used.
        anchor: (lat, lng) distances were measured from, if any.
        pages: card rows of the pages shown so far, by page number (filled as they are asked
            for; every input of a row is named by the key).
    """

    order: list[int]
    events: pd.DataFrame
    parts: pd.DataFrame
    whole: bool
    sort: str
    feedback: Feedback
    markers: pd.DataFrame
    affinity: Affinity
    anchor: tuple[float, float] | None
    pages: dict[int, list[dict]] = field(default_factory=dict)


def _version(session: Session, user_id: int | None) -> tuple:
    newest = select(func.max(Event.id)).scalar_subquery()
    edited = select(func.max(Event.updated_at)).scalar_subquery()
    if user_id is None:
        return tuple(session.execute(select(newest, edited)).one())
    mine = [
        select(agg).where(model.user_id == user_id).scalar_subquery()
        for model, stamp in (
            (SavedEvent, SavedEvent.saved_at),
            (HiddenEvent, HiddenEvent.hidden_at),
        )
        for agg in (func.count(), func.max(stamp))
    ]
    plays = select(User.data_version).where(User.id == user_id).scalar_subquery()
    return tuple(session.execute(select(newest, edited, plays, *mine)).one())


def ranked_key(
    session: Session, filters: EventFilters, user_id: int | None, today: date, share: float
) -> str:
    """The cache key of a list: the filters but the page, who asks, and the data's version."""
    query = to_query(filters.with_(page=1))
    name = json.dumps(
        [query, user_id, str(today), share, db_place(session), _version(session, user_id)],
        sort_keys=True,
        default=str,
    )
    return "explorer:" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()


def cached(key: str) -> Ranked | None:
    """The list under ``key``, if ranked within the last ``RANKED_SECONDS``."""
    return _lists.get(key)  # type: ignore[return-value]


def forget() -> None:
    """Drop every kept list (benchmarks measuring the uncached path)."""
    _lists.forget("")


def drop_pages() -> None:
    """Forget the built pages of every kept list, keeping the lists (benchmarks)."""
    for _expires, ranked in list(_lists._tables.values()):
        ranked.pages.clear()  # type: ignore[attr-defined]


def keep(key: str, ranked: Ranked) -> Ranked:
    """Remember ``ranked`` under ``key``."""
    _lists.put(key, ranked)  # type: ignore[arg-type]
    return ranked
