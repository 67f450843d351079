"""Demo Spotify top lists, one per day, as live sync would have saved them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from data.models import Play, TopSnapshot

RANGES = {"short_term": 4, "medium_term": 2, "long_term": 1}  # how much the ranking moves
DAYS = 60
SIZE = 15


def make_top_snapshots(session: Session, rng: random.Random, user_id: int, today: date) -> int:
    """Daily top artists and tracks for the last ``DAYS`` days, drawn from the listener's own
    most played, reshuffled a little each day (more for the short range)."""
    rows = []
    for item_type, column in (("artists", Play.artist_id), ("tracks", Play.track_id)):
        ranked = session.scalars(
            select(column)
            .where(Play.user_id == user_id, Play.kind == "music")
            .group_by(column)
            .order_by(func.count().desc(), column)
            .limit(SIZE + 10)
        ).all()
        if not ranked:
            continue
        artist_of = dict(
            session.execute(
                select(Play.track_id, Play.artist_id).where(Play.track_id.in_(ranked)).distinct()
            ).all()
        )
        for time_range, churn in RANGES.items():
            score = {item: -i + rng.uniform(-churn, churn) for i, item in enumerate(ranked)}
            for day in range(DAYS, 0, -1):
                for item in score:
                    score[item] += rng.uniform(-churn, churn) / 4
                order = sorted(score, key=lambda k: -score[k])[:SIZE]
                for rank, item in enumerate(order, start=1):
                    rows.append(
                        {
                            "user_id": user_id,
                            "taken_on": today - timedelta(days=day),
                            "time_range": time_range,
                            "item_type": item_type,
                            "rank": rank,
                            "artist_id": item if item_type == "artists" else artist_of.get(item),
                            "track_id": item if item_type == "tracks" else None,
                        }
                    )
    if rows:
        session.execute(insert(TopSnapshot), rows)
    return len(rows)
