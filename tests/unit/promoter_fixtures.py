"""Small hand-countable promoter data: two promoters, events, interactions, rollups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from data.models import City, Event, EventGenre, EventInteraction, Genre, User, UserRole, Venue
from data.services.rollups import recompute_daily

DAY = date(2026, 11, 10)


@dataclass
class World:
    alice: int
    bob: int
    mine: int  # alice's event in Berlin (techno)
    mine2: int  # alice's second event
    theirs: int  # bob's event in Berlin (techno)
    berlin: int
    paris: int


def _user(session, email: str, roles=("listener",), city=None) -> int:
    user = User(email=email, password_hash="x", display_name=email.split("@")[0])
    user.home_city_id = city
    session.add(user)
    session.flush()
    for role in roles:
        session.add(UserRole(user_id=user.id, role=role))
    return user.id


def _city(session, name: str, slug: str, cc: str) -> int:
    city = City(name=name, slug=slug, country_code=cc, lat=1, lng=1, timezone="Europe/Berlin")
    session.add(city)
    session.flush()
    return city.id


def _event(session, title: str, promoter: int, city: int, venue: int, genre: int) -> int:
    event = Event(
        title=title,
        local_date=DAY + timedelta(days=30),
        timezone="Europe/Berlin",
        promoter_id=promoter,
        city_id=city,
        venue_id=venue,
    )
    session.add(event)
    session.flush()
    session.add(EventGenre(event_id=event.id, genre_id=genre))
    return event.id


def build(session) -> World:
    """Alice owns two events, Bob one; interactions are listed so tests can count them by hand."""
    berlin = _city(session, "Berlin", "berlin", "DE")
    paris = _city(session, "Paris", "paris", "FR")
    alice = _user(session, "alice@example.org", ("promoter",))
    bob = _user(session, "bob@example.org", ("promoter",))
    venue = Venue(name="Tresor", name_key="tresor", city_id=berlin)
    session.add(venue)
    techno = Genre(name="Techno", key="techno")
    session.add(techno)
    session.flush()
    mine = _event(session, "Alice Night", alice, berlin, venue.id, techno.id)
    mine2 = _event(session, "Alice Matinee", alice, berlin, venue.id, techno.id)
    theirs = _event(session, "Bob Night", bob, berlin, venue.id, techno.id)
    viewers = [
        _user(session, f"v{i}@example.org", city=berlin if i < 6 else paris) for i in range(8)
    ]
    noon = datetime.combine(DAY, time(12))
    rows = []
    # On DAY, for "mine": 8 impressions (6 high from Berlin viewers 0-5, 2 none from Paris 6-7),
    # 6 views (viewers 0-5, page "explore" x4, "map" x2), 2 saves (0, 1), 1 ticket click (0).
    for i, viewer in enumerate(viewers):
        score = 0.9 if i < 6 else None
        rows.append((mine, viewer, "impression", noon, score, "explore"))
    for i, viewer in enumerate(viewers[:6]):
        rows.append((mine, viewer, "view", noon, 0.9, "explore" if i < 4 else "map"))
    rows += [
        (mine, viewers[0], "save", noon, 0.9, "event"),
        (mine, viewers[1], "save", noon, 0.9, "event"),
    ]
    rows.append((mine, viewers[0], "ticket_click", noon, 0.9, "event"))
    # The day before (previous period for a one-day window): 4 impressions, 2 views of "mine".
    before = noon - timedelta(days=1)
    rows += [(mine, viewers[i], "impression", before, 0.1, "explore") for i in range(4)]
    rows += [(mine, viewers[i], "view", before, 0.1, "explore") for i in range(2)]
    # "mine2": 2 impressions, 1 view, low match. Bob's event: 5 impressions, 5 views, 5 saves.
    rows += [(mine2, viewers[i], "impression", noon, 0.2, "explore") for i in range(2)]
    rows.append((mine2, viewers[0], "view", noon, 0.2, "explore"))
    for kind in ("impression", "view", "save"):
        rows += [(theirs, viewers[i], kind, noon, 0.5, "explore") for i in range(5)]
    city_of = {v: (berlin if n < 6 else paris) for n, v in enumerate(viewers)}
    for event_id, user_id, kind, at, score, page in rows:
        session.add(
            EventInteraction(
                event_id=event_id,
                user_id=user_id,
                kind=kind,
                occurred_at=at,
                match_score=score,
                page=page,
                viewer_city_id=city_of[user_id],
            )
        )
    session.flush()
    recompute_daily(session, DAY - timedelta(days=5), DAY + timedelta(days=1))
    session.commit()
    return World(alice, bob, mine, mine2, theirs, berlin, paris)
