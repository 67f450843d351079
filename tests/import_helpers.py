"""Helpers for tests of the import's parse helpers (data.importers.parallel)."""

from __future__ import annotations

from sqlalchemy import select

from data.importers import parallel
from data.importers.sources import Limits
from data.models import Play, User
from data.services import imports
from data.services.imports import import_history

LIMITS = Limits.for_upload_limit(50 * 1024 * 1024)
# Every column a play keeps, except its owner and its import.
STORED = (
    Play.ended_at,
    Play.ms_played,
    Play.kind,
    Play.track_id,
    Play.artist_id,
    Play.album_id,
    Play.source,
    Play.skipped,
    Play.shuffle,
    Play.offline,
    Play.incognito,
    Play.platform,
    Play.country,
    Play.reason_start,
    Play.reason_end,
)
REPORTED = ("rows_seen", "plays_added", "duplicates", "rejected", "rejected_reasons", "kinds")


class Spy:
    """Counts the files the helpers parsed (a CompactFile came back)."""

    def __init__(self, monkeypatch, helpers: int) -> None:
        self.asked = self.compact = 0
        monkeypatch.setattr(imports, "helper_count", lambda total, dialect: helpers)
        result = parallel.ParseHelpers.result

        def counted(helpers_self):
            found = result(helpers_self)
            self.asked += 1
            self.compact += found is not None
            return found

        monkeypatch.setattr(parallel.ParseHelpers, "result", counted)


def add_user(session, email: str) -> int:
    user = User(email=email, password_hash="x", display_name=email)
    session.add(user)
    session.commit()
    return user.id


def stored_plays(session, user_id: int) -> list[tuple]:
    rows = session.execute(select(*STORED).where(Play.user_id == user_id)).all()
    return sorted(tuple(row) for row in rows)


def both_ways(session, monkeypatch, paths) -> tuple[dict, dict, list, list, Spy]:
    """Import the same paths with two helpers (one user) and without (another)."""
    spy = Spy(monkeypatch, 2)
    fast_user = add_user(session, "fast@example.org")
    slow_user = add_user(session, "slow@example.org")
    fast = import_history(session, fast_user, paths, LIMITS)
    session.commit()
    monkeypatch.setattr(imports, "helper_count", lambda total, dialect: 0)
    slow = import_history(session, slow_user, paths, LIMITS)
    session.commit()
    return fast, slow, stored_plays(session, fast_user), stored_plays(session, slow_user), spy
