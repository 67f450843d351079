"""The state the feed write path passes down explicitly: a run's (``RunState``) and a batch's.

``RunState`` lives as long as one feed run (``data.services.feed_runs`` creates it) and
carries what the run's pages share: the source, the run id, the default time zone, the counts,
the ids already seen, the events merged into, and the venue/city/artist caches. ``Batch``
lives as long as one batch of a page (``data.services.ingest`` opens it): where its writes go,
what its records resolved to, and the events it merged into (undone if the batch is refused).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from data.db.writes import Writes
from data.matching.artists import ArtistResolver
from data.matching.venues import CityCache, KnownVenue, VenueResolver
from data.services.run_counts import RunCounts

Resolvers = tuple[CityCache, VenueResolver, ArtistResolver]


@dataclass
class RunState:
    """One feed run's state, shared by its pages.

    Attributes:
        source: The feed, stamped on every record's provenance.
        run_id: The ``feed_runs`` row (None outside a run).
        default_timezone: The zone of events whose record and venue name none.
        counts: What the run did so far.
        seen: Source ids met in this run; a second listing counts as a duplicate.
        merged_ids: Events that took a record from this source during the run: candidates'
            sources come from the database, where a deferred write may not be visible yet.
        journal: Additions to ``seen`` and ``merged_ids`` to undo if a write-behind group is
            refused; None on the plain path.
        resolvers: The run's city, venue and artist caches; None until first used and after
            a failed transaction (the rows they cached may be gone).
    """

    source: str
    run_id: int | None
    default_timezone: str = "UTC"
    counts: RunCounts = field(default_factory=RunCounts)
    seen: set[str] = field(default_factory=set)
    merged_ids: set[int] = field(default_factory=set)
    journal: list[tuple[set, object]] | None = None
    resolvers: Resolvers | None = None

    def add(self, found: set, item: object) -> None:
        """Add ``item`` to one of the run's sets, journalled when write-behind may undo it."""
        found.add(item)
        if self.journal is not None:
            self.journal.append((found, item))

    def reset(self) -> None:
        """Forget cached ids after a failed transaction (rows created in it are gone)."""
        self.resolvers = None

    def open_batch(self, session: Session, writes: Writes) -> Batch:
        """A batch reading through ``session`` and writing through ``writes``.

        The run's caches are created on first use and follow the batch's session and writes.
        """
        if self.resolvers is None:
            cities = CityCache(session)
            self.resolvers = (cities, VenueResolver(session, cities), ArtistResolver(session))
        elif self.resolvers[2].session is not session:
            for cache in self.resolvers:
                cache.session = session
        for cache in self.resolvers:
            cache.writes = writes
        _, venues, artists = self.resolvers
        return Batch(writes, venues, artists)


@dataclass
class Batch:
    """One batch of a page on its way through the write steps.

    Attributes:
        writes: Where the batch's writes go (at once, or recorded for write-behind).
        venues: The run's venue resolver, on the batch's session.
        artists: The run's artist resolver, on the batch's session.
        hashes: Each record's content hash, by source id.
        places: Each new or changed record's venue (None without one), by source id.
        lineups: Each new or changed record's (artist id, headliner) pairs, by source id.
        merged: Events this batch merged records into, in order (undone if it is refused).
    """

    writes: Writes
    venues: VenueResolver
    artists: ArtistResolver
    hashes: dict[str, str] = field(default_factory=dict)
    places: dict[str, KnownVenue | None] = field(default_factory=dict)
    lineups: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    merged: list[int] = field(default_factory=list)
