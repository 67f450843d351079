"""Who the promoter's events reach, from the breakdown rollup: match bands, sources, cities.

Never exposes a viewer: geography shows a city only when at least ``K_MIN`` different people
there viewed or saved in the period (counted exactly over ``event_viewer_days``); every other
city, and viewers without a known home city, are folded into one row that never names them.
``AllEvents`` (every event of a promoter) reads the promoter-wide rollups instead
(``promoter_totals``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import case, distinct, func, literal, select, tuple_
from sqlalchemy.orm import Session

from data.models import (
    City,
    Event,
    EventGenre,
    EventInteractionBreakdown,
    EventViewerDay,
    MarketBandDaily,
)
from data.privacy import K_ANONYMITY as K_MIN
from data.queries import promoter_totals
from data.queries.promoter_scope import AllEvents, among, event_ids, rows_frame, summed
from data.ranking.bands import BANDS

OTHER_CITIES = f"Other or unknown cities (fewer than {K_MIN} people each)"
GEOGRAPHY_COLUMNS = ["city", "people", "views", "saves"]
_KINDS = {"impression": "impressions", "view": "views", "save": "saves"}
_KINDS["ticket_click"] = "ticket_clicks"
MARKET = "City average, same genres"
BAND_COLUMNS = ["band", "impressions", "views", "saves", "ticket_clicks"]


def band_counts(session: Session, scope, start: date, end: date) -> pd.DataFrame:
    """Counts per match band; derived shares and rates via ``band_rates``."""
    if isinstance(scope, AllEvents):
        return _band_frame(promoter_totals.band_rows(session, scope, start, end, _KINDS))
    scope = event_ids(session, scope)
    b = EventInteractionBreakdown
    rows = session.execute(
        select(b.band, b.kind, summed(b.count))
        .where(among(session, b.event_id, scope), b.day >= start, b.day <= end, b.kind.in_(_KINDS))
        .group_by(b.band, b.kind)
    ).all()
    return _band_frame(rows)


def _band_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(0, index=list(BANDS), columns=BAND_COLUMNS[1:], dtype="int64")
    for band, kind, count in rows:
        if band in frame.index:
            frame.loc[band, _KINDS[kind]] = int(count or 0)
    return frame.rename_axis("band").reset_index()


def band_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Share of impressions per band, and save and ticket-click rates per view."""
    out = counts.copy()
    total = out["impressions"].sum()
    views = out["views"].where(out["views"] > 0)
    out["impression_share"] = out["impressions"] / total if total else None
    out["save_rate"] = out["saves"] / views
    out["click_rate"] = out["ticket_clicks"] / views
    return out


def market_counts(session: Session, scope, start: date, end: date) -> pd.DataFrame:
    """Counts per match band of every event in the cities and genres of ``scope``'s events.

    Read from ``market_band_daily`` (an event with two of those genres counts twice), so the
    city's average costs the same however many events the city has.
    """
    m = MarketBandDaily
    if isinstance(scope, AllEvents):
        mine = scope.owns(Event.promoter_id)
    else:
        mine = among(session, Event.id, event_ids(session, scope))
    pairs = (
        select(Event.city_id, EventGenre.genre_id)
        .join(EventGenre, EventGenre.event_id == Event.id)
        .where(mine, Event.city_id.isnot(None))
        .distinct()
    )
    rows = session.execute(
        select(m.band, m.kind, summed(m.count))
        .where(tuple_(m.city_id, m.genre_id).in_(pairs), m.day >= start, m.day <= end)
        .where(m.kind.in_(_KINDS))
        .group_by(m.band, m.kind)
    ).all()
    return _band_frame(rows)


def targeting(
    session: Session, groups: dict[str, object], start: date, end: date, market=None
) -> pd.DataFrame:
    """``band_rates`` for each named scope, then (when given) the market of ``market``'s
    cities and genres as "City average, same genres"."""
    counted = [(label, band_counts(session, scope, start, end)) for label, scope in groups.items()]
    if market is not None:
        counted.append((MARKET, market_counts(session, market, start, end)))
    frames = []
    for label, counts in counted:
        frame = band_rates(counts)
        frame.insert(0, "group", label)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def sources(session: Session, scope, start: date, end: date) -> pd.DataFrame:
    """Views per page or list that brought them, most first, with their share."""
    if isinstance(scope, AllEvents):
        rows = promoter_totals.source_rows(session, scope, start, end)
    else:
        b = EventInteractionBreakdown
        rows = session.execute(
            select(b.page, summed(b.count))
            .where(among(session, b.event_id, event_ids(session, scope)))
            .where(b.day >= start, b.day <= end, b.kind == "view")
            .group_by(b.page)
        ).all()
    frame = rows_frame(rows, ["source", "views"])
    frame["views"] = frame["views"].astype("int64")
    frame["source"] = frame["source"].replace("", "unknown")
    total = frame["views"].sum()
    frame["share"] = frame["views"] / total if total else 0.0
    return frame.sort_values("views", ascending=False, ignore_index=True)


def _city_rows(session: Session, scope, start: date, end: date) -> list:
    """(city id, distinct people, views, saves) in the period."""
    if isinstance(scope, AllEvents):
        return promoter_totals.city_rows(session, scope, start, end)
    v = EventViewerDay

    def counted(kind: str):
        return summed(case((v.kind == kind, v.count), else_=literal(0)))

    return session.execute(
        select(v.city_id, func.count(distinct(v.viewer)), counted("view"), counted("save"))
        .where(among(session, v.event_id, event_ids(session, scope)))
        .where(v.day >= start, v.day <= end)
        .group_by(v.city_id)
    ).all()


def geography(session: Session, scope, start: date, end: date) -> pd.DataFrame:
    """People, views and saves by viewers' home city, most people first.

    Columns ``city_id, lat, lng`` and ``GEOGRAPHY_COLUMNS``. A city with fewer than
    ``K_MIN`` people (and the unknown city) is folded into a last ``OTHER_CITIES`` row without
    an id or a place; its people are None unless they are ``K_MIN`` or more together.
    """
    rows = _city_rows(session, scope, start, end)
    raw = rows_frame(rows, ["city_id", "people", "views", "saves"], dtype="int64")
    shown = raw[(raw["people"] >= K_MIN) & (raw["city_id"] != 0)]
    places = session.execute(
        select(City.id, City.name, City.lat, City.lng).where(City.id.in_(shown["city_id"].tolist()))
    ).all()
    named = pd.DataFrame(places, columns=["city_id", "city", "lat", "lng"])
    out = shown.merge(named, on="city_id", how="left")
    out = out.sort_values(["people", "views"], ascending=False, ignore_index=True)
    rest = raw.drop(index=shown.index)
    if not rest.empty:
        people = int(rest["people"].sum())
        other = {"city": OTHER_CITIES, "people": people if people >= K_MIN else None}
        other |= {"views": int(rest["views"].sum()), "saves": int(rest["saves"].sum())}
        out = pd.concat([out, pd.DataFrame([other])], ignore_index=True)
    return out.reindex(columns=["city_id", "lat", "lng", *GEOGRAPHY_COLUMNS])
