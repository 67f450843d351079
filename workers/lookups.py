"""One loop for the jobs that ask an outside service about each of many items.

The genre jobs (MusicBrainz, Spotify, Last.fm) and the album-cover job share its shape: the
items come in the order that matters (a listener's most played first), already limited to those
not asked within the source's max age, so an interrupted run has done the ones that matter most
and a rerun skips them; each answer is committed on its own; progress is reported per item; the
client paces its own requests (or ``pause`` seconds between items); a refusal or an outage ends
the run with its reason in ``stopped`` and the rest waits for the next run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from data.db import session_scope
from data.models import utcnow
from data.queries.genre_lookups import artists_to_look_up
from workers.runner import report_progress


@dataclass(frozen=True)
class Lookup:
    """How one source is asked about one item and what is kept of its answer.

    Attributes:
        noun: what the items are, plural ("artists", "albums"), for the counts and progress.
        where: the source in words ("on MusicBrainz"), for progress messages.
        ask: the item -> the answer; raises one of ``unavailable`` when the source cannot answer.
        record: (session, item, answer) -> None: keeps the answer, in the session's transaction.
        tally: the answer -> 0 or 1 for each name of ``counted``, added to the run's counts.
        counted: the names of what ``tally`` counts ("found", "with_genres").
        unavailable: the exceptions that stop the run (their message becomes ``stopped``).
        pause: seconds between items, for sources whose client does not pace itself.
    """

    noun: str
    where: str
    ask: Callable[[Any], Any]
    record: Callable[[Any, Any, Any], None]
    tally: Callable[[Any], Sequence[int]]
    counted: tuple[str, ...]
    unavailable: tuple[type[Exception], ...]
    pause: float = 0.0


def run_lookups(todo: Sequence, lookup: Lookup) -> dict:
    """Ask about each item of ``todo`` in order until done or the source stops answering.

    Returns:
        ``{noun: len(todo), "looked_up": n, <counted>: n, "stopped": reason or None}``.
    """
    counts: dict[str, Any] = {lookup.noun: len(todo), "looked_up": 0}
    counts.update(dict.fromkeys(lookup.counted, 0))
    stopped = None
    report_progress(0.0, f"Looking up {len(todo)} {lookup.noun} {lookup.where}")
    for item in todo:
        if lookup.pause and counts["looked_up"]:
            time.sleep(lookup.pause)
        try:
            answer = lookup.ask(item)
        except lookup.unavailable as exc:
            stopped = str(exc)
            break
        with session_scope() as session:
            lookup.record(session, item, answer)
        counts["looked_up"] += 1
        for name, value in zip(lookup.counted, lookup.tally(answer), strict=True):
            counts[name] += int(value)
        done = counts["looked_up"]
        report_progress(done / len(todo), f"{done} of {len(todo)} {lookup.noun} looked up")
    return {**counts, "stopped": stopped}


@dataclass(frozen=True)
class GenreSource:
    """A source the genre jobs ask about each of a listener's artists.

    Attributes:
        name: the source as genre lookups record it (``musicbrainz``, ``spotify``).
        where: the source in words, for progress messages.
        max_age_days: an artist asked within this many days is not asked again.
        external: the artist column holding the source's own id (``mbid``, ``spotify_id``).
        ask: (artist name, its known id or None) -> an answer with ``genres`` and
            ``external_id`` (None: not found).
        record: (session, artist id, answer) -> None: keeps an answer, in the session's
            transaction.
        unavailable: the exception by which the source says it cannot answer now.
    """

    name: str
    where: str
    max_age_days: int
    external: str
    ask: Callable[[str, str | None], Any]
    record: Callable[[Any, int, Any], None]
    unavailable: type[Exception]


def look_up_genres(listener_id: int, source: GenreSource, limit: int) -> dict:
    """The genre jobs' run: up to ``limit`` of the listener's artists not asked of the source
    within its max age, most played first.

    Returns:
        Counts (``artists``, ``looked_up``, ``found``, ``with_genres``) and ``stopped``.
    """
    with session_scope() as session:
        todo = artists_to_look_up(
            session,
            listener_id,
            source.name,
            utcnow(),
            source.max_age_days,
            limit,
            external=source.external,
        )
    return run_lookups(
        todo,
        Lookup(
            noun="artists",
            where=source.where,
            ask=lambda artist: source.ask(artist[1], artist[2]),
            record=lambda session, artist, answer: source.record(session, artist[0], answer),
            tally=lambda answer: (answer.external_id is not None, bool(answer.genres)),
            counted=("found", "with_genres"),
            unavailable=(source.unavailable,),
        ),
    )
