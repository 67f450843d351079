"""Demo data for promoter analytics and the talent finder.

An audience of listeners in the demo cities; their impressions, views, saves and ticket clicks
of the demo promoter's events (with match scores, the page they came from and their home
city), rolled up so the analytics page is full; and their plays, so the talent finder has
local listeners.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from data.models import Event, EventGenre, EventInteraction, Play, RoleRequest, User
from data.services.rollups import recompute_daily

AUDIENCE = 160
DAYS = 45
PAGES = (("explore", 0.45), ("for-you", 0.25), ("map", 0.12), ("home", 0.1), ("saved", 0.08))


def make_audience(session: Session, rng, city_ids: list[int]) -> list[tuple[int, int]]:
    """Listeners who cannot log in (no usable password), most of them in the first city."""
    weights = [6, 3, 2, 2, *([1] * (len(city_ids) - 4))][: len(city_ids)]
    rows = [
        {
            "email": f"audience{n:03d}@demo.rewrapped",
            "password_hash": "!",  # never matches a password: these accounts only fill charts
            "display_name": f"Demo listener {n}",
            "home_city_id": rng.choices(city_ids, weights)[0],
            "is_demo": True,
        }
        for n in range(AUDIENCE)
    ]
    session.execute(insert(User), rows)
    emails = [r["email"] for r in rows]
    found = session.execute(select(User.id, User.home_city_id).where(User.email.in_(emails)))
    return [(uid, city) for uid, city in found]


def _visits(rng, event_id: int, audience, day: date, appeal: float) -> list[dict]:
    """One day of one event: who saw it in a list, and who went further."""
    rows = []
    noon = datetime.combine(day, time(9))
    for user_id, city in rng.sample(audience, rng.randint(10, int(20 + 50 * appeal))):
        score = None if rng.random() < 0.15 else round(min(1.0, rng.random() * (0.4 + appeal)), 3)
        lift = 0.3 + (score or 0.2)
        page = rng.choices([p for p, _ in PAGES], [w for _, w in PAGES])[0]
        at = noon + timedelta(minutes=rng.randint(0, 720))
        base = {"event_id": event_id, "user_id": user_id, "match_score": score, "page": page}
        base["viewer_city_id"] = city
        kinds = ["impression"]
        if rng.random() < 0.45 * lift:
            kinds.append("view")
            if rng.random() < 0.35 * lift:
                kinds.append("save")
            if rng.random() < 0.25 * lift:
                kinds.append("ticket_click")
        rows += [
            {**base, "kind": k, "occurred_at": at + timedelta(seconds=i)}
            for i, k in enumerate(kinds)
        ]
    return rows


def make_promoter_analytics(session: Session, rng, promoter_id: int, audience, today: date) -> int:
    """Replace the promoter's events' interactions with detailed ones; roll them up."""
    event_ids = session.scalars(
        select(Event.id).where(Event.promoter_id == promoter_id).order_by(Event.id)
    ).all()
    session.execute(delete(EventInteraction).where(EventInteraction.event_id.in_(event_ids)))
    for event_id in event_ids[:2]:
        session.execute(update(Event).where(Event.id == event_id).values(sponsored=True))
    # Other shows in the same cities and genres give the "city average" to compare with (the
    # targeting view's market is exactly those city and genre pairs).
    pairs = (
        select(Event.city_id, EventGenre.genre_id)
        .join(EventGenre, EventGenre.event_id == Event.id)
        .where(Event.id.in_(event_ids))
    )
    peers = session.scalars(
        select(Event.id)
        .join(EventGenre, EventGenre.event_id == Event.id)
        .where(Event.promoter_id.is_(None), tuple_(Event.city_id, EventGenre.genre_id).in_(pairs))
        .group_by(Event.id)
        .order_by(Event.id)
        .limit(30)
    ).all()
    rows = []
    for event_id in [*event_ids, *peers]:
        appeal = rng.random() * (1.0 if event_id in event_ids else 0.6)
        for offset in range(DAYS):
            rows += _visits(rng, event_id, audience, today - timedelta(days=offset), appeal)
    session.execute(insert(EventInteraction), rows)
    recompute_daily(session, today - timedelta(days=DAYS + 1), today)
    return len(rows)


def make_local_listening(session: Session, rng, audience, city_id: int, today: date) -> int:
    """Plays for the audience of ``city_id``, from the demo catalogue.

    The talent finder then has local listeners: a few artists are shared by many of them.
    """
    catalogue = session.execute(
        select(Play.track_id, Play.artist_id, Play.album_id).distinct().limit(400)
    ).all()
    locals_ = [user_id for user_id, city in audience if city == city_id]
    if not catalogue or not locals_:
        return 0
    popular = rng.sample(catalogue, min(12, len(catalogue)))
    rows, seen = [], set()
    for user_id in locals_:
        picks = rng.sample(popular, 6) + rng.sample(catalogue, 10)
        for n in range(40):
            track, artist, album = rng.choice(picks)
            at = datetime.combine(today, time(20)) - timedelta(
                days=rng.randint(1, 170), minutes=rng.randint(0, 600), seconds=n
            )
            if (user_id, at, track) not in seen:
                seen.add((user_id, at, track))
                rows.append(
                    {"user_id": user_id, "ended_at": at, "ms_played": 180_000,
                     "track_id": track, "artist_id": artist, "album_id": album}
                )  # fmt: skip
    session.execute(insert(Play), rows)
    return len(rows)


def load_promoter_demo(session: Session, rng, promoter_id: int, city_ids, today: date) -> int:
    """The audience, then the promoter's detailed interactions; returns interactions written."""
    audience = make_audience(session, rng, list(city_ids))
    session.execute(update(User).where(User.id == promoter_id).values(home_city_id=city_ids[0]))
    make_local_listening(session, rng, audience, city_ids[0], today)
    for (user_id, _city), role in zip(audience[:2], ("promoter", "analyst"), strict=True):
        reason = "I book shows at a small club." if role == "promoter" else "Scene research."
        session.add(RoleRequest(user_id=user_id, role=role, reason=reason, status="pending"))
    return make_promoter_analytics(session, rng, promoter_id, audience, today)
