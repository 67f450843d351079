"""Cross-source event deduplication: the merge decision and the batched candidate lookup.

Two records are one event when they share the venue-local date, the venue (same row, or
within ``NEAR_METRES``), the kind of performance ("Artist" is not "Artist (DJ set)"), start
times within ``TIME_TOLERANCE_MIN`` when both are known, and a similar lineup or title.
Two shows at one venue on one day at different times therefore stay two events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from rapidfuzz import fuzz
from sqlalchemy import Date, Integer, func, select, true, tuple_
from sqlalchemy.orm import Session

from data.db.bulk import array_param, in_values
from data.matching.names import base_key, distance_m, qualifiers
from data.models import Artist, Event, EventArtist, EventSource

NEAR_METRES = 250.0
TIME_TOLERANCE_MIN = 90  # doors vs show time differ by up to 90 minutes between feeds
TITLE_THRESHOLD = 88
_CHUNK = 500


@dataclass
class EventKey:
    """What the merge decision looks at, for a stored event or an incoming one."""

    venue_id: int | None
    lat: float | None
    lng: float | None
    local_date: date
    local_time: time | None
    title: str
    artist_ids: tuple[int, ...] = ()
    headliner_ids: frozenset[int] = frozenset()
    artist_names: tuple[str, ...] = ()
    sources: frozenset[str] = frozenset()
    id: int | None = None
    tags: frozenset[str] = field(init=False)
    title_key: str = field(init=False)

    def __post_init__(self) -> None:
        # Titles only: stored artist rows keep the base name, so lineups cannot carry the tag.
        self.tags = qualifiers(self.title)
        self.title_key = base_key(self.title)


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _lineup_score(a: EventKey, b: EventKey) -> float | None:
    """Share of the smaller lineup in the other (1.0 for a shared headliner); None if unknown."""
    if not a.artist_ids or not b.artist_ids:
        return None
    if a.headliner_ids & b.headliner_ids:
        return 1.0
    common = len(set(a.artist_ids) & set(b.artist_ids))
    return common / min(len(set(a.artist_ids)), len(set(b.artist_ids)))


def _title_score(a: EventKey, b: EventKey) -> float:
    if not a.title_key or not b.title_key:
        return 0.0
    score = fuzz.token_sort_ratio(a.title_key, b.title_key)
    shorter, longer = sorted((a.title_key, b.title_key), key=len)
    if len(shorter) >= 5 and longer.startswith(shorter + " "):
        # "Khruangbin" vs "Khruangbin with Men I Trust": one title is the other plus support.
        score = max(score, 90.0)
    return score


def _name_in_title(a: EventKey, b: EventKey) -> bool:
    """A headlining name of one record is in the other's title ("Jazz night: Kokoroko")."""
    for names, title in ((a.artist_names, b.title_key), (b.artist_names, a.title_key)):
        for name in names[:2]:
            key = base_key(name)
            if len(key) >= 4 and f" {key} " in f" {title} ":
                return True
    return False


def match_score(a: EventKey, b: EventKey) -> float | None:
    """A positive score when ``a`` and ``b`` are the same event, else None (no merge)."""
    if a.local_date != b.local_date or a.tags != b.tags:
        return None
    same_venue = a.venue_id is not None and a.venue_id == b.venue_id
    if not same_venue:
        if None in (a.lat, a.lng, b.lat, b.lng):
            return None
        if distance_m(a.lat, a.lng, b.lat, b.lng) > NEAR_METRES:
            return None
    gap = 0
    if a.local_time is not None and b.local_time is not None:
        gap = abs(_minutes(a.local_time) - _minutes(b.local_time))
        if gap > TIME_TOLERANCE_MIN:
            return None
    lineup = _lineup_score(a, b)
    title = _title_score(a, b)
    if lineup is not None:
        # Both lineups known: they must overlap; a mere title likeness is not enough.
        if lineup < 0.5:
            return None
        similarity = lineup + title / 200
    elif title >= TITLE_THRESHOLD or _name_in_title(a, b):
        similarity = max(title, 90.0) / 100
    else:
        return None
    if not same_venue and lineup is None and title < 95:
        return None
    return similarity + (0.5 if same_venue else 0.0) - gap / 600


def best_match(incoming: EventKey, candidates: list[EventKey], source: str) -> EventKey | None:
    """The best-scoring candidate that has no record from ``source`` yet (a feed never lists
    one event twice under two ids, so such a candidate is a different show)."""
    scored = [
        (score, c)
        for c in candidates
        if source not in c.sources and (score := match_score(incoming, c)) is not None
    ]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _pairs_lateral(columns, chunk: list[tuple[int, date]]):
    """Events at (venue, date) pairs as unnest(venues, dates) joined to a LATERAL index lookup: one
    parameter per list, and a plan that stays an index lookup per pair even before the table
    has statistics (a plain join sorted all stored events first, about ten times slower)."""
    wanted = (
        func.unnest(
            array_param([v for v, _ in chunk], Integer),
            array_param([d for _, d in chunk], Date),
        )
        .table_valued("venue_id", "local_date")
        .render_derived()
    )
    found = (
        select(*columns)
        .where(Event.venue_id == wanted.c.venue_id, Event.local_date == wanted.c.local_date)
        .offset(0)  # keeps the planner from flattening the lateral subquery into a join
        .lateral()
    )
    return select(*found.c).select_from(wanted).join(found, true())


def load_candidates(
    session: Session, pairs: set[tuple[int, date]], coords: dict[int, tuple[float, float]]
) -> dict[tuple[int, date], list[EventKey]]:
    """Stored events at these (venue, local date) pairs with lineups and sources: 3 queries
    per chunk instead of one per incoming event."""
    out: dict[tuple[int, date], list[EventKey]] = {}
    ordered = sorted(pairs)
    postgres = session.get_bind().dialect.name == "postgresql"
    connection = session.connection()  # Core rows: no ORM row processing for many candidates
    size = max(1, len(ordered)) if postgres else _CHUNK
    for start in range(0, len(ordered), size):
        chunk = ordered[start : start + size]
        columns = (Event.id, Event.venue_id, Event.local_date, Event.local_time, Event.title)
        if postgres:
            query = _pairs_lateral(columns, chunk)
        else:
            query = select(*columns).where(tuple_(Event.venue_id, Event.local_date).in_(chunk))
        rows = connection.execute(query).all()
        if not rows:
            continue
        ids = [r[0] for r in rows]
        lineups: dict[int, list[tuple[int, bool, str]]] = {}
        for event_id, artist_id, headliner, name in connection.execute(
            select(
                EventArtist.event_id, EventArtist.artist_id, EventArtist.is_headliner, Artist.name
            )
            .join(Artist, Artist.id == EventArtist.artist_id)
            .where(in_values(session, EventArtist.event_id, ids, Integer))
            .order_by(EventArtist.event_id, EventArtist.position)
        ).all():
            lineups.setdefault(event_id, []).append((artist_id, headliner, name))
        sources: dict[int, set[str]] = {}
        for event_id, source in connection.execute(
            select(EventSource.event_id, EventSource.source).where(
                in_values(session, EventSource.event_id, ids, Integer)
            )
        ).all():
            sources.setdefault(event_id, set()).add(source)
        for event_id, venue_id, local_date, local_time, title in rows:
            lineup = lineups.get(event_id, [])
            lat, lng = coords.get(venue_id, (None, None))
            out.setdefault((venue_id, local_date), []).append(
                EventKey(
                    venue_id=venue_id,
                    lat=lat,
                    lng=lng,
                    local_date=local_date,
                    local_time=local_time,
                    title=title,
                    artist_ids=tuple(a for a, _, _ in lineup),
                    headliner_ids=frozenset(a for a, h, _ in lineup if h),
                    artist_names=tuple(n for _, _, n in lineup),
                    sources=frozenset(sources.get(event_id, ())),
                    id=event_id,
                )
            )
    return out
