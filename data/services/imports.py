"""Import Spotify export files for a user, and delete a user's listening data.

``import_history`` runs inside the caller's transaction: any bad file raises ImportFileError and
the caller's rollback leaves the database as it was; a rerun then does the whole import.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from data.db.data_version import bump_data_version
from data.db.gc_pause import gc_paused
from data.importers.fast import parse_extended_fast
from data.importers.formats import (
    ImportFileError,
    ParsedFile,
    detect,
    load_json,
    parse_document,
)
from data.importers.parallel import CompactFile, HelperStopped, ParseHelpers, helper_count
from data.importers.sources import Limits, Member, open_sources
from data.importers.store import InsertResult, PlayStore, bulk_session
from data.models import Import, Play, SpotifyWrapped, User, utcnow
from data.queries.imports import import_report

Progress = Callable[[float, str], None]
_KIND = attrgetter("kind")
_ENDED = attrgetter("ended_at")


@dataclass
class _Tally:
    """Running totals of one import, written onto its ``imports`` row at the end."""

    counts: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    formats: Counter = field(default_factory=Counter)
    files: list[dict] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None

    def add(self, name: str, parsed: ParsedFile | CompactFile, result: InsertResult) -> None:
        seen = parsed.rows_seen
        rejected = seen - parsed.plays
        self.counts.update(seen=seen, added=result.added, dup=result.duplicates, rej=rejected)
        self.reasons.update(parsed.rejected)
        self.formats[parsed.format] += 1
        if isinstance(parsed, CompactFile):
            self.kinds.update(parsed.kinds)
            low, high = parsed.first, parsed.last
        else:
            rows = parsed.rows
            self.kinds.update(map(_KIND, rows))
            low = min(map(_ENDED, rows), default=None)
            high = max(map(_ENDED, rows), default=None)
        if low is not None:
            self.first = low if self.first is None else min(self.first, low)
            self.last = high if self.last is None else max(self.last, high)
        self.files.append(
            {
                "name": name,
                "format": parsed.format,
                "rows_seen": seen,
                "plays_added": result.added,
                "duplicates": result.duplicates,
                "rejected": rejected,
            }
        )

    def write(self, record: Import) -> None:
        record.status, record.finished_at = "finished", utcnow()
        record.source_names = [f["name"] for f in self.files]
        record.formats, record.kinds = dict(self.formats), dict(self.kinds)
        record.rejected_reasons = dict(self.reasons)
        record.rows_seen, record.plays_added = self.counts["seen"], self.counts["added"]
        record.duplicates, record.rejected = self.counts["dup"], self.counts["rej"]
        record.first_play_at, record.last_play_at = self.first, self.last


def import_history(
    session: Session,
    user_id: int,
    paths: list[Path],
    limits: Limits,
    *,
    job_id: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """Import every history file under ``paths``; return the report (also stored on ``imports``)."""
    if session.get(User, user_id) is None:
        raise ImportFileError(f"No user with id {user_id}.")
    record = Import(user_id=user_id, job_id=job_id, status="running")
    session.add(record)
    session.flush()
    store = PlayStore(session, user_id, record.id)
    tally = _Tally()
    with open_sources(paths, limits) as members, bulk_session(session), gc_paused():
        if not members:
            raise ImportFileError("No JSON files found; upload my_spotify_data.zip or its files.")
        done, size = 0, sum(m.size for m in members) or 1
        with _helpers(members, store) as helpers:
            for member, parsed in _parsed_members(members, helpers):
                done += member.size
                if parsed is None:
                    tally.ignored.append(member.name)
                    continue
                if isinstance(parsed, CompactFile):
                    result = store.insert_compact(parsed, "extended")
                else:
                    if parsed.wrapped:
                        _keep_wrapped(session, user_id, *parsed.wrapped)
                    source = "extended" if parsed.format.startswith("extended") else "account"
                    result = store.insert(parsed.rows, source)
                tally.add(member.name, parsed, result)
                if progress:
                    progress(done / size, f"Imported {member.name}")
    tally.write(record)
    bump_data_version(session, user_id)
    return {**import_report(record), "files": tally.files, "ignored": tally.ignored}


@contextmanager
def _helpers(members: list[Member], store: PlayStore) -> Iterator[ParseHelpers | None]:
    """Parse helpers for a large import of full-resolution history (see ``parallel``).

    Not when the user has account-data plays: replacing those needs whole rows.
    """
    dialect = "postgresql" if store.postgres else "sqlite"
    count = helper_count(sum(m.size for m in members if m.order == 0), dialect)
    if not count or store.has_account_plays():
        yield None
        return
    with ParseHelpers(count, dialect) as helpers:
        yield helpers


def _parsed_members(
    members: list[Member], helpers: ParseHelpers | None
) -> Iterator[tuple[Member, ParsedFile | CompactFile | None]]:
    """Each member with its parsed rows, in order.

    Full-resolution history (sorted first) goes through the helpers, which parse the next
    files while the caller stores this one; a file they cannot take is parsed here.
    """
    ahead = [m for m in members if m.order == 0] if helpers else []
    queue: deque[tuple[Member, bool]] = deque()  # (member, handed to a helper)
    feed = iter(ahead)

    def top_up() -> None:
        while len(queue) < helpers.capacity and (member := next(feed, None)) is not None:
            queue.append((member, helpers.submit(member.name, member.locator)))

    if ahead:
        top_up()
    while queue:
        member, submitted = queue.popleft()
        compact = None
        if submitted:
            try:
                compact = helpers.result()
            except HelperStopped:
                submitted = False
        top_up()  # the next file is parsed while this one is stored
        # A file a helper returned unparsed is not for the fast path; skip trying it again.
        yield member, compact or _parse_member(member, fast=not submitted)
    for member in members[len(ahead) :]:
        yield member, _parse_member(member)


def _parse_member(member: Member, *, fast: bool = True) -> ParsedFile | None:
    """Read, parse and normalise one file; None when it is JSON but not listening history.

    ``fast=False`` when a helper already found the file is not for the fast path.
    """
    data = member.read()
    parsed = parse_extended_fast(member.name, data) if fast else None
    if parsed is not None:
        return parsed
    doc = load_json(member.name, data)
    fmt = detect(doc)
    if fmt is None:
        if member.explicit:
            raise ImportFileError(
                f"{member.name}: JSON, but not Spotify listening history "
                "(expected a list of plays with ts/ms_played or endTime/msPlayed)."
            )
        return None
    return parse_document(member.name, doc, fmt)


def _keep_wrapped(session: Session, user_id: int, year: int, payload: dict) -> None:
    existing = session.get(SpotifyWrapped, (user_id, year))
    if existing is None:
        session.add(SpotifyWrapped(user_id=user_id, year=year, payload=payload))
    else:
        existing.payload, existing.imported_at = payload, utcnow()


def delete_listening_data(session: Session, user_id: int) -> int:
    """Delete every play, import record and Wrapped file of the user; return plays deleted."""
    deleted = session.execute(delete(Play).where(Play.user_id == user_id)).rowcount or 0
    session.execute(delete(Import).where(Import.user_id == user_id))
    session.execute(delete(SpotifyWrapped).where(SpotifyWrapped.user_id == user_id))
    bump_data_version(session, user_id)
    return deleted
