"""A listener's year (or all time) in numbers: the Wrapped-style summary.

Music numbers count only ``kind == "music"``; podcasts and audiobooks get their own minutes.
A play is a stored row, a stream a play that is not a skip (``SKIP_MS``, as on the page),
minutes the sum of ms played.
Years are calendar years in the listener's time zone (``ended_at`` is stored in UTC).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from data.models import Artist, Play, Track
from data.queries.listening.filters import SKIP_MS

TOP_N = 5


def year_bounds(year: int, tz: str) -> tuple[datetime, datetime]:
    """Naive-UTC [start, end) of a calendar year in ``tz``."""
    zone = ZoneInfo(tz)

    def utc(y: int) -> datetime:
        return datetime(y, 1, 1, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)

    return utc(year), utc(year + 1)


def _scoped(stmt: Select, user_id: int, bounds: tuple[datetime, datetime] | None) -> Select:
    stmt = stmt.where(Play.user_id == user_id)
    if bounds:
        stmt = stmt.where(Play.ended_at >= bounds[0], Play.ended_at < bounds[1])
    return stmt


def _minutes(ms: int | None) -> float:
    return round((ms or 0) / 60_000, 1)


def year_summary(session: Session, user_id: int, year: int | None, tz: str) -> dict:
    """Plays, streams, minutes, distinct tracks/artists, top 5s and podcast minutes.

    Args:
        year: calendar year in ``tz``; None for all time.
        tz: IANA zone name deciding where the year starts and ends.
    """
    bounds = year_bounds(year, tz) if year is not None else None
    music = Play.kind == "music"
    totals = session.execute(
        _scoped(
            select(
                func.count(),
                func.sum(case((Play.ms_played >= SKIP_MS, 1), else_=0)),
                func.sum(Play.ms_played),
                func.count(func.distinct(Play.track_id)),
                func.count(func.distinct(Play.artist_id)),
                func.min(Play.ended_at),
                func.max(Play.ended_at),
            ).where(music),
            user_id,
            bounds,
        )
    ).one()
    by_kind = dict(
        session.execute(
            _scoped(
                select(Play.kind, func.sum(Play.ms_played)).group_by(Play.kind), user_id, bounds
            )
        ).all()
    )
    ms = func.sum(Play.ms_played).label("ms")
    artists = session.execute(
        _scoped(
            select(Artist.id, Artist.name, ms, func.count())
            .join(Artist, Artist.id == Play.artist_id)
            .where(music)
            .group_by(Artist.id, Artist.name)
            .order_by(ms.desc(), Artist.name, Artist.id)
            .limit(TOP_N),
            user_id,
            bounds,
        )
    ).all()
    tracks = session.execute(
        _scoped(
            select(Track.id, Track.name, Artist.name, ms, func.count())
            .join(Track, Track.id == Play.track_id)
            .join(Artist, Artist.id == Track.artist_id)
            .where(music)
            .group_by(Track.id, Track.name, Artist.name)
            .order_by(ms.desc(), Track.name, Artist.name, Track.id)
            .limit(TOP_N),
            user_id,
            bounds,
        )
    ).all()
    plays, streams, total_ms, n_tracks, n_artists, first, last = totals
    zone = ZoneInfo(tz)

    def local(value: datetime | None) -> str | None:
        return value.replace(tzinfo=UTC).astimezone(zone).isoformat() if value else None

    return {
        "year": year,
        "tz": tz,
        "plays": plays or 0,
        "streams": int(streams or 0),
        "minutes": _minutes(total_ms),
        "distinct_tracks": n_tracks or 0,
        "distinct_artists": n_artists or 0,
        "first_play": local(first),
        "last_play": local(last),
        "top_artists": [
            {"artist_id": a, "name": name, "minutes": _minutes(m), "plays": n}
            for a, name, m, n in artists
        ],
        "top_tracks": [
            {"track_id": t, "name": name, "artist": artist, "minutes": _minutes(m), "plays": n}
            for t, name, artist, m, n in tracks
        ],
        "podcast_minutes": _minutes(by_kind.get("podcast")),
        "audiobook_minutes": _minutes(by_kind.get("audiobook")),
    }


def play_years(session: Session, user_id: int, tz: str) -> list[int]:
    """Calendar years (in ``tz``) that have at least one play, oldest first."""
    # Two subqueries: SQLite answers a lone min() or max() from the index, but reads every play
    # of the user for both in one query (1M plays: 270 ms against under 1 ms).
    mine = Play.user_id == user_id
    first, last = session.execute(
        select(
            select(func.min(Play.ended_at)).where(mine).scalar_subquery(),
            select(func.max(Play.ended_at)).where(mine).scalar_subquery(),
        )
    ).one()
    if first is None:
        return []
    zone = ZoneInfo(tz)
    low = first.replace(tzinfo=UTC).astimezone(zone).year
    high = last.replace(tzinfo=UTC).astimezone(zone).year
    return [
        y
        for y in range(low, high + 1)
        if session.scalar(_scoped(select(Play.user_id).limit(1), user_id, year_bounds(y, tz)))
        is not None
    ]


def last_play_day(session: Session, user_id: int, tz: str) -> date | None:
    """The local date (in ``tz``) of the listener's latest play of any kind; None without plays."""
    last = session.scalar(select(func.max(Play.ended_at)).where(Play.user_id == user_id))
    return last.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).date() if last else None


def play_count(session: Session, user_id: int) -> int:
    """How many plays the listener has, from every source (imports, live sync, demo)."""
    return session.scalar(select(func.count()).where(Play.user_id == user_id)) or 0
