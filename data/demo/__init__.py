"""A seeded, deterministic demo data set: cities, venues, artists, events, plays, interactions.

The same seed and reference date always produce the same rows. Loaded on the embedded default's
first start and by ``flask --app app load-demo``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from data import gazetteer
from data.demo.alerts import make_alerts
from data.demo.artwork import make_demo_artwork
from data.demo.events import make_events, make_interactions, make_venues
from data.demo.explorer import make_explorer_events
from data.demo.geography import make_geography
from data.demo.listening import make_artists, make_genres, make_plays
from data.demo.promoter import load_promoter_demo
from data.demo.recaps import make_published_recap
from data.demo.spoken import make_spoken_plays
from data.demo.tops import make_top_snapshots
from data.demo.views import make_views
from data.models import City, Event, Play, User
from data.services.accounts import ensure_city, register

SEED = 20261123
DEMO_PASSWORD = "demo-password"  # noqa: S105  (public demo credential, shown on the login page)


@dataclass(frozen=True)
class DemoAccount:
    label: str
    email: str
    password: str
    roles: tuple[str, ...]


DEMO_ACCOUNTS = (
    DemoAccount("Listener", "listener@demo.rewrapped", DEMO_PASSWORD, ("listener",)),
    DemoAccount("Promoter", "promoter@demo.rewrapped", DEMO_PASSWORD, ("promoter",)),
    DemoAccount("Analyst", "analyst@demo.rewrapped", DEMO_PASSWORD, ("analyst",)),
    DemoAccount("Admin", "admin@demo.rewrapped", DEMO_PASSWORD, ("admin", "analyst")),
)
CITIES = (
    ("Berlin", "DE"),
    ("London", "GB"),
    ("Paris", "FR"),
    ("Amsterdam", "NL"),
    ("Barcelona", "ES"),
    ("New York City", "US"),
    ("Chicago", "US"),
    ("Los Angeles", "US"),
    ("Toronto", "CA"),
    ("Melbourne", "AU"),
    ("Tokyo", "JP"),
    ("Mexico City", "MX"),
)


def demo_loaded(session: Session) -> bool:
    """True while the demo accounts exist (the login page shows their credentials then)."""
    return bool(session.scalar(select(exists().where(User.is_demo.is_(True)))))


def load_demo_if_empty(
    session: Session, today: date | None = None, artwork_dir: Path | None = None
) -> bool:
    """Load the demo set into an empty database; returns whether it loaded.

    With ``artwork_dir`` (the instance folder) the demo listener's artists and albums get
    drawn images there (data/demo/artwork.py).
    """
    if session.scalar(select(exists().where(User.id.isnot(None)))):
        return False
    load_demo(session, today or datetime.now(UTC).date())
    if artwork_dir is not None:
        listener = session.scalar(select(User.id).where(User.email == DEMO_ACCOUNTS[0].email))
        make_demo_artwork(session, artwork_dir, listener)
    return True


def remove_demo(session: Session) -> None:
    """Delete demo users (with their data) and demo events; shared artists stay."""
    session.execute(delete(Event).where(Event.is_demo.is_(True)))
    demo_users = select(User.id).where(User.is_demo.is_(True)).scalar_subquery()
    session.execute(delete(Play).where(Play.user_id.in_(demo_users)))  # plays have no FKs
    session.execute(delete(User).where(User.is_demo.is_(True)))


def load_demo(session: Session, today: date, seed: int = SEED, plays: int = 40_000) -> dict:
    """Generate the whole demo set relative to ``today``; returns row counts."""
    rng = random.Random(seed)
    users = {
        a.label: register(session, a.email, a.password, f"Demo {a.label}", a.roles, is_demo=True)
        for a in DEMO_ACCOUNTS
    }
    cities = [ensure_city(session, gazetteer.lookup(n, cc).geonameid) for n, cc in CITIES]
    city_rows = {c.id: c for c in session.scalars(select(City).where(City.id.in_(cities)))}
    genres = make_genres(session)
    artists = make_artists(session, rng, genres)
    venues = make_venues(session, rng, [city_rows[c] for c in cities])
    events = make_events(
        session, rng, today, venues, city_rows, artists, genres, promoter_id=users["Promoter"].id
    )
    listener = users["Listener"]
    listener_row = session.get(User, listener.id)
    listener_row.home_city_id = cities[0]
    listener_row.timezone = city_rows[cities[0]].timezone
    n_plays = make_plays(session, rng, listener.id, artists, today, plays)
    n_plays += make_spoken_plays(session, random.Random(seed + 1), listener.id, today)
    make_top_snapshots(session, random.Random(seed + 2), listener.id, today)
    n_inter = make_interactions(session, rng, events[:20], [u.id for u in users.values()], today)
    geo = make_geography(session, random.Random(seed + 1), today, venues, artists, genres, cities)
    make_alerts(session, today, listener.id, cities[0])
    make_views(session, today, users["Analyst"].id, cities[0])
    make_published_recap(session, today, listener.id)
    n_inter += load_promoter_demo(session, rng, users["Promoter"].id, cities, today)
    n_explorer = make_explorer_events(session, today, venues, artists, cities[0], listener.id)
    return {
        "events": len(events) + n_explorer,
        "artists": len(artists),
        "plays": n_plays,
        "interactions": n_inter,
        "venues": len(venues),
        **geo,
    }
