"""Daily interaction rollups: recomputed from the raw log for a window of days.

Each table is replaced for the window with one INSERT ... SELECT inside the database (no rows
travel through Python): ``event_interaction_daily`` (per event, day and kind),
``event_interaction_breakdown`` (also per match band and page), ``event_viewer_days`` (one row
per viewer who viewed or saved an event on a day, with their home city: exact unique viewers
over any period, and distinct people per city for the geography's k >= 5 rule) and
``market_band_daily``. The promoter-wide rollups are then summed from the per-event ones
(``data.services.promoter_rollups``). Every promoter chart reads one of them and never the raw
log.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    Integer,
    String,
    case,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session

from data.db.bulk import replace_rows
from data.models import (
    Event,
    EventGenre,
    EventInteraction,
    EventInteractionBreakdown,
    EventInteractionDaily,
    EventViewerDay,
    MarketBandDaily,
    User,
)
from data.ranking.bands import HIGH, MEDIUM
from data.services.promoter_rollups import recompute_promoters

_I = EventInteraction


def _window(since: date, until: date):
    start = datetime.combine(since, time.min)
    end = datetime.combine(until + timedelta(days=1), time.min)
    return _I.occurred_at >= start, _I.occurred_at < end


def _regroup(session: Session, table, keys: dict, extra: dict, since: date, until: date) -> int:
    """Replace ``table``'s rows for the window with the raw log grouped by ``keys``."""
    columns = {**keys, "count": func.count(), "unique_users": func.count(distinct(_I.user_id))}
    columns |= extra
    query = select(*columns.values()).where(*_window(since, until)).group_by(*keys.values())
    window = (table.day >= since, table.day <= until)
    return replace_rows(session, table, window, query, list(columns))


def recompute_daily(session: Session, since: date, until: date) -> int:
    """Replace every rollup's rows for days in [since, until]; returns rows written."""
    day = func.date(_I.occurred_at)
    keys = {"event_id": _I.event_id, "day": day, "kind": _I.kind}
    matched = func.sum(cast(case((_I.match_score >= 0.5, 1), else_=0), Integer))
    written = _regroup(
        session, EventInteractionDaily, keys, {"matched_count": matched}, since, until
    )
    score = _I.match_score
    band = case(
        (score.is_(None), literal("none")),
        (score >= HIGH, literal("high")),
        (score >= MEDIUM, literal("medium")),
        else_=literal("low"),
    )
    detail = {**keys, "band": band, "page": func.coalesce(_I.page, literal(""))}
    written += _regroup(session, EventInteractionBreakdown, detail, {}, since, until)
    written += recompute_viewers(session, since, until)
    written += recompute_promoters(session, since, until)
    return written + recompute_market(session, since, until)


def viewer_key():
    """The person behind an interaction: "u<user id>", or "s<session id>" for a guest."""
    return case(
        (_I.user_id.isnot(None), literal("u") + cast(_I.user_id, String)),
        else_=literal("s") + _I.session_id,
    )


def recompute_viewers(session: Session, since: date, until: date) -> int:
    """Replace ``event_viewer_days`` for the window: who viewed or saved which event on a day.

    The home city is the one logged with the interaction, else the account's home city, else
    0 (unknown); a person with two on one day is counted in one of them.
    """
    v = EventViewerDay
    day, viewer = func.date(_I.occurred_at), viewer_key()
    city = func.max(func.coalesce(_I.viewer_city_id, User.home_city_id, literal(0)))
    query = (
        select(_I.event_id, _I.kind, day, viewer, city, func.count())
        .outerjoin(User, User.id == _I.user_id)
        .where(*_window(since, until), _I.kind.in_(("view", "save")))
        .where(or_(_I.user_id.isnot(None), _I.session_id.isnot(None)))
        .group_by(_I.event_id, _I.kind, day, viewer)
    )
    columns = ["event_id", "kind", "day", "viewer", "city_id", "count"]
    return replace_rows(session, v, (v.day >= since, v.day <= until), query, columns)


def first_unrolled_day(session: Session) -> date | None:
    """The day of the first view or save while ``event_viewer_days`` is still empty (the
    upgrade that added it), so the job fills it from the whole log once."""
    if session.scalar(select(EventViewerDay.event_id).limit(1)) is not None:
        return None
    first = session.scalar(select(func.min(_I.occurred_at)).where(_I.kind.in_(("view", "save"))))
    return first.date() if first else None


def recompute_market(session: Session, since: date, until: date) -> int:
    """Replace the per city, genre and band totals for the window, from the breakdown rollup."""
    m, b = MarketBandDaily, EventInteractionBreakdown
    keys = {"city_id": Event.city_id, "genre_id": EventGenre.genre_id, "day": b.day}
    keys |= {"kind": b.kind, "band": b.band}
    query = (
        select(*keys.values(), func.sum(b.count))
        .join(Event, Event.id == b.event_id)
        .join(EventGenre, EventGenre.event_id == b.event_id)
        .where(b.day >= since, b.day <= until, Event.city_id.isnot(None))
        .group_by(*keys.values())
    )
    return replace_rows(session, m, (m.day >= since, m.day <= until), query, [*keys, "count"])
