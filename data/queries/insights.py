"""Event-market statistics for analysts: by city and genre over months.

``market_frames`` reads the events in scope once (public event data only: no listener's plays
or interactions); the other functions are pure aggregations over those frames, so each is
tested against hand-computed numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import City, Event, EventArtist, EventGenre, Genre
from data.queries.event_places import read_frame, with_place

MOVED = ("postponed", "rescheduled")


@dataclass(frozen=True)
class MarketScope:
    """The filters: months [start, end] (first days), optional city and genre ids."""

    start: date
    end: date
    city_id: int | None = None
    genre_id: int | None = None


def market_frames(session: Session, scope: MarketScope) -> dict[str, pd.DataFrame]:
    """Events in scope (id, month, status, price, currency, venue), their artists, and
    their genres; plus every artist's first event month (for new vs returning)."""
    end = (pd.Timestamp(scope.end) + pd.offsets.MonthEnd(0)).date()
    query = with_place(
        Event.id, Event.local_date, Event.status, Event.price_min.label("price"), Event.currency
    ).where(Event.local_date >= scope.start, Event.local_date <= end)
    if scope.city_id:
        query = query.where(Event.city_id == scope.city_id)
    if scope.genre_id:
        query = query.where(
            Event.id.in_(select(EventGenre.event_id).where(EventGenre.genre_id == scope.genre_id))
        )
    events = read_frame(session, query)
    events["month"] = pd.to_datetime(events["local_date"]).dt.to_period("M").dt.to_timestamp()
    in_scope = select(query.subquery().c.id)
    artists = pd.DataFrame(
        session.execute(
            select(EventArtist.event_id, EventArtist.artist_id).where(
                EventArtist.event_id.in_(in_scope)
            )
        ).all(),
        columns=["event_id", "artist_id"],
    )
    genres = pd.DataFrame(
        session.execute(
            select(EventGenre.event_id, Genre.name)
            .join(Genre)
            .where(EventGenre.event_id.in_(in_scope))
        ).all(),
        columns=["event_id", "genre"],
    )
    in_lineups = select(EventArtist.artist_id).where(EventArtist.event_id.in_(in_scope))
    first = pd.DataFrame(
        session.execute(
            select(EventArtist.artist_id, func.min(Event.local_date))
            .join(Event, Event.id == EventArtist.event_id)
            .where(EventArtist.artist_id.in_(in_lineups))
            .group_by(EventArtist.artist_id)
        ).all(),
        columns=["artist_id", "local_date"],
    )
    first["first_month"] = pd.to_datetime(first["local_date"]).dt.to_period("M").dt.to_timestamp()
    return {
        "events": events,
        "artists": artists,
        "genres": genres,
        "first": first[["artist_id", "first_month"]],
    }


def events_per_month(events: pd.DataFrame) -> pd.DataFrame:
    """month, events."""
    return events.groupby("month").size().rename("events").reset_index()


def main_currency(events: pd.DataFrame) -> str | None:
    """The most common currency of priced events (prices are compared only within one)."""
    priced = events.dropna(subset=["price", "currency"])
    return None if priced.empty else str(priced["currency"].value_counts().idxmax())


def price_stats(events: pd.DataFrame, currency: str | None) -> pd.DataFrame:
    """month, median, q1, q3, events priced: prices in ``currency`` only."""
    priced = events[(events["currency"] == currency) & events["price"].notna()]
    grouped = priced.groupby("month")["price"]
    return pd.DataFrame(
        {
            "median": grouped.median(),
            "q1": grouped.quantile(0.25),
            "q3": grouped.quantile(0.75),
            "priced": grouped.size(),
        }
    ).reset_index()


def status_shares(events: pd.DataFrame) -> pd.DataFrame:
    """month, cancelled share, moved (postponed or rescheduled) share, in percent."""
    frame = events.assign(
        cancelled=events["status"].eq("cancelled"), moved=events["status"].isin(MOVED)
    )
    shares = frame.groupby("month")[["cancelled", "moved"]].mean().mul(100).round(1)
    return shares.reset_index()


def new_vs_returning(
    events: pd.DataFrame, artists: pd.DataFrame, first: pd.DataFrame
) -> pd.DataFrame:
    """month, new (the artist's first show anywhere), returning: distinct artists per month."""
    if artists.empty:
        return pd.DataFrame(columns=["month", "new", "returning"])
    lineup = artists.merge(events[["id", "month"]], left_on="event_id", right_on="id")
    lineup = lineup.drop_duplicates(["month", "artist_id"]).merge(first, on="artist_id")
    lineup["kind"] = (lineup["month"] == lineup["first_month"]).map(
        {True: "new", False: "returning"}
    )
    table = lineup.pivot_table(
        index="month", columns="kind", values="artist_id", aggfunc="count", fill_value=0
    )
    return table.reindex(columns=["new", "returning"], fill_value=0).reset_index()


def venue_activity(events: pd.DataFrame, limit: int = 200) -> pd.DataFrame:
    """venue, city, events, cancelled, first and last date: the busiest venues first."""
    known = events.dropna(subset=["venue"])
    table = known.groupby(["venue", "city"], dropna=False).agg(
        events=("id", "size"),
        cancelled=("status", lambda s: int(s.eq("cancelled").sum())),
        first=("local_date", "min"),
        last=("local_date", "max"),
    )
    return table.reset_index().sort_values(["events", "venue"], ascending=[False, True]).head(limit)


def genre_growth(events: pd.DataFrame, genres: pd.DataFrame, limit: int = 50) -> pd.DataFrame:
    """genre, earlier, later, growth %: events in the range's second half against its first.

    Genres with fewer than 3 events overall are left out (a 1 -> 2 jump is not a trend).
    """
    if genres.empty or events.empty:
        return pd.DataFrame(columns=["genre", "earlier", "later", "growth"])
    months = sorted(events["month"].unique())
    cut = months[len(months) // 2] if len(months) > 1 else months[0]
    tagged = genres.merge(events[["id", "month"]], left_on="event_id", right_on="id")
    tagged["half"] = (tagged["month"] >= cut).map({True: "later", False: "earlier"})
    table = tagged.pivot_table(
        index="genre", columns="half", values="event_id", aggfunc="count", fill_value=0
    )
    table = table.reindex(columns=["earlier", "later"], fill_value=0)
    table = table[table.sum(axis=1) >= 3]
    growth = (table["later"] - table["earlier"]) / table["earlier"].clip(lower=1) * 100
    table = table.assign(growth=growth.round(1)).reset_index()
    return table.sort_values(["growth", "later"], ascending=False).head(limit)


def scope_options(session: Session) -> dict[str, list[dict]]:
    """Cities and genres that have events, for the filter dropdowns."""
    cities = session.execute(
        select(City.id, City.name, City.country_code)
        .where(City.id.in_(select(Event.city_id).distinct()))
        .order_by(City.name)
    ).all()
    genres = session.execute(
        select(Genre.id, Genre.name)
        .where(Genre.id.in_(select(EventGenre.genre_id).distinct()))
        .order_by(Genre.name)
    ).all()
    return {
        "cities": [{"label": f"{n}, {cc}", "value": i} for i, n, cc in cities],
        "genres": [{"label": n, "value": i} for i, n in genres],
    }
