"""The explorer's one read: filtered candidate events, ranked, one page with reasons.

``explore`` is what the /events page, the ``events-for`` CLI and the benchmark call. Filters
run in SQL; ranking runs on the candidates in pandas (``data.ranking``); only the page shown
gets its lineup names, genres, sources and reasons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from data.db.gc_pause import gc_paused
from data.frame_cache import get_frame_cache
from data.models import City, Event, EventGenre, EventSource, Genre, HiddenEvent, Venue
from data.queries import event_details
from data.queries.event_filters import EventFilters, date_range
from data.queries.explorer_cache import Ranked, cached, keep, ranked_key
from data.queries.listener_taste import home_city, listener_affinity, listener_feedback
from data.queries.search import db_place, search_condition
from data.ranking.affinity import Affinity
from data.ranking.reasons import reasons_for
from data.ranking.score import (
    Candidates,
    Feedback,
    haversine_km,
    rank,
    score_parts,
    scored_keys,
)
from data.ranking.sponsored import cap_sponsored

MAX_MARKERS = 20_000
OPTIONS_CACHE_SECONDS = 600
EVERYWHERE = "everywhere"  # the city filter's value for "no city", even with a home city
EVENT_COLUMNS = ["id", "title", "local_date", "lat", "lng", "popularity", "status", "sponsored"]


@dataclass(frozen=True)
class ExplorerPage:
    """One page of the explorer: its rows (dicts, with ``reasons`` and score parts), the
    map markers of every match (id, lat, lng, title), counts and what the filters resolved to."""

    filters: EventFilters
    sort: str
    total: int
    rows: list[dict]
    markers: pd.DataFrame
    city: dict | None
    today: date
    personal: bool  # a logged-in listener: reasons shown
    has_listening: bool
    genres: list[str] = field(default_factory=list)


def resolve_city(session: Session, slug: str, user_id: int | None) -> dict | None:
    """The chosen city by slug, else the listener's home city, else none (everywhere)."""
    if slug == EVERYWHERE:
        return None
    if slug:
        row = session.execute(
            select(City.id, City.slug, City.name, City.lat, City.lng, City.timezone).where(
                City.slug == slug
            )
        ).first()
        if row:
            return row._asdict()
    return home_city(session, user_id) if user_id is not None else None


def explore(
    session: Session,
    filters: EventFilters,
    user_id: int | None,
    now: datetime | None = None,
    share: float = 0.0,
) -> ExplorerPage:
    """Filter, rank and page the events for ``user_id`` (None for a guest).

    ``share`` is the largest fraction of sponsored events in any prefix of the list
    (settings.sponsored_percent / 100); sponsored events beyond it move down or drop out.
    """
    city = resolve_city(session, filters.city, user_id)
    now = now or datetime.now(UTC)
    today = now.astimezone(ZoneInfo(city["timezone"] if city else "UTC")).date()
    key = ranked_key(session, filters, user_id, today, share)
    ranked = cached(key) or keep(key, _rank(session, filters, city, today, user_id, share))
    if filters.page not in ranked.pages:
        ranked.pages[filters.page] = _page_rows(session, ranked, filters, user_id, today)
    return ExplorerPage(
        filters=filters,
        sort=ranked.sort,
        total=len(ranked.order),
        rows=[dict(r) for r in ranked.pages[filters.page]],  # copies: the cached rows stay
        markers=ranked.markers,
        city=city,
        today=today,
        personal=user_id is not None,
        has_listening=not ranked.affinity.empty,
        genres=genres_present(session, today),
    )


def _page_rows(session, ranked: Ranked, filters: EventFilters, user_id, today) -> list[dict]:
    """One page's card rows with score parts and reasons (only its events' links are read)."""
    start = (filters.page - 1) * filters.size
    page_ids = [int(i) for i in ranked.order[start : start + filters.size]]
    events = ranked.events[ranked.events["id"].isin(page_ids)]
    cands = _with_links(session, events, page_ids)
    if ranked.whole:
        parts = ranked.parts[ranked.parts.index.isin(page_ids)]
    else:
        parts = score_parts(cands, ranked.affinity, ranked.feedback, ranked.anchor, today)
    reasons = (
        reasons_for(page_ids, parts, cands, ranked.affinity, ranked.feedback, today)
        if user_id
        else {}
    )
    return event_details.page_rows(session, page_ids, parts, reasons, (cands.lineups, cands.genres))


def _rank(session, filters: EventFilters, city, today, user_id, share) -> Ranked:
    """Every candidate in order: filtered in SQL, scored when the order needs every score."""
    affinity = listener_affinity(session, user_id) if user_id else Affinity.none()
    feedback = listener_feedback(session, user_id) if user_id else Feedback()
    home = home_city(session, user_id) if user_id else None
    ref = home or city
    anchor = (ref["lat"], ref["lng"]) if ref else None
    sort = filters.sort or ("foryou" if not affinity.empty else "date")
    events = _candidates(session, filters, city, today, user_id)
    whole = sort in ("foryou", "distance")  # these orders need every candidate's score
    parts = pd.DataFrame()
    if whole:
        with gc_paused():  # thousands of small rows: a collection would rescan them all
            lineups, genres = event_details.scoring_links(
                session, events["id"].tolist(), scored_keys(affinity, feedback)
            )
        parts = score_parts(Candidates(events, lineups, genres), affinity, feedback, anchor, today)
    order = _capped(events, _order(events, parts, sort), share)
    markers = events.set_index("id").loc[order[:MAX_MARKERS], ["lat", "lng", "title"]]
    return Ranked(
        order, events, parts, whole, sort, feedback, markers.reset_index(), affinity, anchor
    )


def _order(events: pd.DataFrame, parts: pd.DataFrame, sort: str) -> list[int]:
    if sort in ("foryou", "distance"):
        return list(rank(parts, sort))
    if sort == "popularity":
        # Stable on the date order the SQL returned: equally popular shows stay by date.
        return list(events.sort_values("popularity", ascending=False, kind="stable")["id"])
    return list(events["id"])


def _capped(events: pd.DataFrame, order: list[int], share: float) -> list[int]:
    """The order with sponsored events capped (a no-op when none are among the candidates)."""
    sponsored = set(events.loc[events["sponsored"].astype(bool), "id"].tolist())
    if not sponsored:
        return order
    return cap_sponsored(order, share, flag=sponsored.__contains__)


def _candidates(session, filters: EventFilters, city, today, user_id) -> pd.DataFrame:
    lat = func.coalesce(Venue.lat, City.lat)
    lng = func.coalesce(Venue.lng, City.lng)
    stmt = (
        select(
            Event.id,
            Event.title,
            Event.local_date,
            lat.label("lat"),
            lng.label("lng"),
            Event.popularity,
            Event.status,
            Event.sponsored,
        )
        .select_from(Event)
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .outerjoin(City, City.id == Event.city_id)
        .where(*_conditions(session, filters, city, today, user_id, lat, lng))
        .order_by(Event.local_date, Event.local_time, Event.id)
    )
    frame = event_details.frame(session.execute(stmt).all(), EVENT_COLUMNS, {"title", "status"})
    if city and filters.radius and not frame.empty:
        km = haversine_km(
            frame["lat"].to_numpy(), frame["lng"].to_numpy(), city["lat"], city["lng"]
        )
        frame = frame[km <= filters.radius]
    return frame.reset_index(drop=True)


def _conditions(session, filters: EventFilters, city, today, user_id, lat, lng) -> list:
    start, end = date_range(filters, today)
    conds = [Event.local_date >= max(start or today, today)]
    if end is not None:
        conds.append(Event.local_date <= end)
    if filters.hide_cancelled:
        conds.append(Event.status != "cancelled")
    if filters.free:
        conds.append(Event.price_min == 0)
    elif filters.price_max is not None:
        conds.append(Event.price_min <= filters.price_max)
    if city and filters.radius:
        dlat = filters.radius / 111.0  # a box around the circle; the exact cut is in pandas
        dlng = filters.radius / (111.0 * max(np.cos(np.radians(city["lat"])), 0.05))
        conds += [lat.between(city["lat"] - dlat, city["lat"] + dlat)]
        conds += [lng.between(city["lng"] - dlng, city["lng"] + dlng)]
    elif city:
        conds.append(Event.city_id == city["id"])
    if filters.bbox:
        south, west, north, east = filters.bbox
        conds += [lat.between(south, north), lng.between(west, east)]
    if user_id is not None:
        hidden = select(HiddenEvent.event_id).where(HiddenEvent.user_id == user_id)
        conds.append(Event.id.not_in(hidden))
    return conds + _match_conditions(session, filters, today)


def _match_conditions(session, filters: EventFilters, today) -> list:
    """Genres, source and search: conditions on what the event is, not where or when."""
    conds = []
    if filters.genres:
        conds.append(
            exists().where(
                EventGenre.event_id == Event.id,
                EventGenre.genre_id.in_(select(Genre.id).where(Genre.name.in_(filters.genres))),
            )
        )
    if filters.source:
        conds.append(
            exists().where(
                and_(EventSource.event_id == Event.id, EventSource.source == filters.source)
            )
        )
    found = search_condition(session, filters.q, today) if filters.q else None
    if found is not None:
        conds.append(found)
    return conds


def _with_links(session: Session, events: pd.DataFrame, ids: list[int]) -> Candidates:
    """Candidates with the lineups and genres of ``ids``."""
    lineups, genres = event_details.links(session, ids)
    return Candidates(events, lineups, genres)


def genres_present(session: Session, today: date) -> list[str]:
    """Genre names of upcoming events (what the genre filter suggests), alphabetical.

    Cached for ten minutes: it reads every upcoming event's genres.
    """
    cache = get_frame_cache()
    key = f"explorer:genres:{db_place(session)}:{today}"
    found = cache.shared_get(key) if cache is not None else None
    if found is not None:
        return json.loads(found)
    names = list(
        session.scalars(
            select(Genre.name)
            .where(
                Genre.id.in_(
                    select(EventGenre.genre_id)
                    .join(Event, Event.id == EventGenre.event_id)
                    .where(Event.local_date >= today)
                )
            )
            .order_by(Genre.name)
        )
    )
    if cache is not None:
        cache.shared_set(key, json.dumps(names).encode(), OPTIONS_CACHE_SECONDS)
    return names


def filter_options(session: Session, today: date) -> dict[str, list[dict]]:
    """Dropdown options: cities with upcoming events (with counts) and the event sources."""
    cities = session.execute(
        select(City.slug, City.name, func.count(Event.id))
        .join(Event, Event.city_id == City.id)
        .where(Event.local_date >= today, Event.status != "cancelled")
        .group_by(City.id, City.slug, City.name)
        .order_by(City.name)
    ).all()
    sources = session.scalars(select(EventSource.source).distinct().order_by(EventSource.source))
    return {
        "cities": [{"label": "Everywhere", "value": EVERYWHERE}]
        + [{"label": f"{name} ({n})", "value": slug} for slug, name, n in cities],
        "sources": [{"label": s.title(), "value": s} for s in sources],
    }
