"""Reads for the promoter's event form: choices, one event's values, artist autocomplete."""

from __future__ import annotations

import html

import nh3
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.feeds.promoter_form import Known, Place
from data.models import Artist, City, Event, EventArtist, EventGenre, EventSource, Genre, Venue
from data.queries.promoter_scope import scope_ids
from data.text import name_key

MAX_VENUES = 2000


def known(session: Session) -> Known:
    """Venues, cities and genre names the form may pick from."""
    cities = {
        c.id: Place(c.name, c.name, c.country_code, c.timezone, c.lat, c.lng)
        for c in session.scalars(select(City).order_by(City.name))
    }
    venues = {}
    rows = session.execute(
        select(Venue, City).join(City, City.id == Venue.city_id).order_by(Venue.name)
    ).all()
    for venue, city in rows[:MAX_VENUES]:
        zone = venue.timezone or city.timezone
        venues[venue.id] = Place(
            venue.name, city.name, city.country_code, zone, venue.lat, venue.lng, venue.address
        )
    genres = frozenset(session.scalars(select(Genre.name)))
    return Known(venues=venues, cities=cities, genres=genres)


def search_artists(session: Session, typed: str, limit: int = 20) -> list[str]:
    """Known artist names starting with what was typed (by normalised name), shortest first."""
    key = name_key(typed or "")
    if len(key) < 2:
        return []
    rows = session.scalars(
        select(Artist.name)
        .where(Artist.name_key.startswith(key))
        .order_by(func.length(Artist.name_key), Artist.name)
        .limit(limit)
    )
    return list(dict.fromkeys(rows))


def owner_of(session: Session, user_id: int, admin: bool, event_id) -> int | None:
    """The promoter id of ``event_id`` when the caller may change it, else None."""
    if not str(event_id).isdigit():
        return None
    return session.scalar(
        select(Event.promoter_id).where(
            Event.id == int(event_id), Event.id.in_(scope_ids(user_id, admin))
        )
    )


def promoter_key(session: Session, event_id: int, owner: int) -> str | None:
    """The key of the promoter's own record of the event (``owner:key`` in event_sources)."""
    source_id = session.scalar(
        select(EventSource.source_id).where(
            EventSource.event_id == event_id, EventSource.source == "promoter"
        )
    )
    prefix = f"{owner}:"
    return source_id[len(prefix) :] if source_id and source_id.startswith(prefix) else None


def feed_sources(session: Session, event_id: int) -> int:
    """How many feeds other than the promoter also list the event."""
    return session.scalar(
        select(func.count())
        .select_from(EventSource)
        .where(EventSource.event_id == event_id, EventSource.source != "promoter")
    )


def event_form(session: Session, user_id: int, admin: bool, event_id) -> dict | None:
    """The form values of one of the caller's events, or None when it is not theirs."""
    if owner_of(session, user_id, admin, event_id) is None:
        return None
    event = session.get(Event, int(event_id))
    artists = session.scalars(
        select(Artist.name)
        .join(EventArtist, EventArtist.artist_id == Artist.id)
        .where(EventArtist.event_id == event.id)
        .order_by(EventArtist.position)
    ).all()
    genres = session.scalars(
        select(Genre.name)
        .join(EventGenre, EventGenre.genre_id == Genre.id)
        .where(EventGenre.event_id == event.id)
    ).all()
    return {
        "id": event.id,
        "title": event.title,
        "artists": list(artists),
        "genres": list(genres),
        "venue_id": event.venue_id,
        "date": event.local_date.isoformat(),
        "time": event.local_time.isoformat("minutes") if event.local_time else "",
        "doors": event.doors_time.isoformat("minutes") if event.doors_time else "",
        "price_min": event.price_min,
        "price_max": event.price_max,
        "currency": event.currency or "",
        "ticket_url": event.ticket_url or "",
        "image_url": event.image_url or "",
        "description": _plain(event.description),
        "sponsored": event.sponsored,
        "status": event.status,
    }


def _plain(stored: str | None) -> str:
    """Stored (sanitised HTML) description back as plain text for the form's Markdown box."""
    if not stored:
        return ""
    spaced = stored.replace("</p>", "\n\n").replace("<br>", "\n").replace("<li>", "- ")
    return html.unescape(nh3.clean(spaced, tags=set())).strip()
