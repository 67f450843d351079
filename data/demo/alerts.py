"""Demo alerts: the listener's subscriptions, a watched event that changed, saved views.

The alert job's first run (at start on the embedded default) turns these into deliveries,
notifications in the bell and a mail in ``instance/outbox/``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Event, EventChange, Subscription


def make_alerts(session: Session, today: date, listener_id: int, home_city_id: int) -> int:
    """Subscribe the demo listener and record a price drop on the event they watch."""
    watched = session.execute(
        select(Event.id, Event.price_min, Event.currency)
        .where(
            Event.city_id == home_city_id,
            Event.local_date > today,
            Event.status == "scheduled",
            Event.price_min.is_not(None),
        )
        .order_by(Event.local_date, Event.id)
        .limit(1)
    ).first()
    subs = [
        Subscription(user_id=listener_id, kind="digest", city_id=home_city_id),
        Subscription(user_id=listener_id, kind="new_shows", artist_id=None),
    ]
    if watched is not None:
        subs.append(Subscription(user_id=listener_id, kind="watch", event_id=watched.id))
        lower = round(float(watched.price_min) * 0.8, 2)
        session.add(
            EventChange(
                event_id=watched.id,
                kind="price_drop",
                old={"price_min": float(watched.price_min), "currency": watched.currency},
                new={"price_min": lower, "currency": watched.currency},
            )
        )
        session.get(Event, watched.id).price_min = lower
    session.add_all(subs)
    return len(subs)
