"""Who the promoter's events reach, from the breakdown rollup: match bands, sources, cities.

Never exposes a viewer: geography shows a city only when at least ``K_MIN`` different people
there viewed or saved (a lower bound: the most distinct people of one event on one day, from
``event_audience_daily``); every other city
is folded into one "Other cities" row that never names them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from data.models import (
    City,
    Event,
    EventAudienceDaily,
    EventGenre,
    EventInteractionBreakdown,
    MarketBandDaily,
)
from data.privacy import K_ANONYMITY as K_MIN
from data.ranking.bands import BANDS

OTHER_CITIES = f"Other cities (fewer than {K_MIN} people each)"
_KINDS = {"impression": "impressions", "view": "views", "save": "saves"}
_KINDS["ticket_click"] = "ticket_clicks"
MARKET = "City average, same genres"
BAND_COLUMNS = ["band", "impressions", "views", "saves", "ticket_clicks"]


def band_counts(session: Session, scope, start: date, end: date) -> pd.DataFrame:
    """Counts per match band; derived shares and rates via ``band_rates``."""
    b = EventInteractionBreakdown
    rows = session.execute(
        select(b.band, b.kind, func.sum(b.count))
        .where(b.event_id.in_(scope), b.day >= start, b.day <= end, b.kind.in_(_KINDS))
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
    pairs = (
        select(Event.city_id, EventGenre.genre_id)
        .join(EventGenre, EventGenre.event_id == Event.id)
        .where(Event.id.in_(scope), Event.city_id.isnot(None))
        .distinct()
    )
    rows = session.execute(
        select(m.band, m.kind, func.sum(m.count))
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
    b = EventInteractionBreakdown
    rows = session.execute(
        select(b.page, func.sum(b.count))
        .where(b.event_id.in_(scope), b.day >= start, b.day <= end, b.kind == "view")
        .group_by(b.page)
    ).all()
    frame = pd.DataFrame(rows, columns=["source", "views"])
    frame["views"] = frame["views"].astype("int64")
    frame["source"] = frame["source"].replace("", "unknown")
    total = frame["views"].sum()
    frame["share"] = frame["views"] / total if total else 0.0
    return frame.sort_values("views", ascending=False, ignore_index=True)


def geography(session: Session, scope, start: date, end: date) -> pd.DataFrame:
    """Views and saves by viewers' home city; cities under ``K_MIN`` people are grouped."""
    b = EventAudienceDaily
    rows = session.execute(
        select(b.city_id, b.kind, func.sum(b.count), func.max(b.unique_users))
        .where(b.event_id.in_(scope), b.day >= start, b.day <= end, b.kind.in_(("view", "save")))
        .group_by(b.city_id, b.kind)
    ).all()
    raw = pd.DataFrame(rows, columns=["city_id", "kind", "count", "people"])
    columns = ["city", "views", "saves"]
    if raw.empty:
        return pd.DataFrame(columns=columns)
    wide = raw.set_index(["city_id", "kind"])["count"].unstack()  # one row per pair already
    wide = wide.reindex(columns=["view", "save"], fill_value=0).fillna(0).astype("int64")
    people = raw.groupby("city_id")["people"].max()
    shown = people[(people >= K_MIN) & (people.index != 0)].index
    names = dict(
        session.execute(select(City.id, City.name).where(City.id.in_(shown.tolist()))).all()
    )
    table = wide.loc[shown].rename(columns={"view": "views", "save": "saves"})
    table.insert(0, "city", [names.get(i, "?") for i in table.index])
    rest = wide.drop(index=shown).sum()
    out = table.sort_values("views", ascending=False).reset_index(drop=True)
    if rest.sum() > 0:
        other = {"city": OTHER_CITIES, "views": int(rest["view"]), "saves": int(rest["save"])}
        out = pd.concat([out, pd.DataFrame([other])], ignore_index=True)
    return out[columns]
