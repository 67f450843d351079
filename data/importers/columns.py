"""Extended-history files as columns, the parse helpers' hot path (``parallel``).

``fast.parse_extended_fast`` checks and converts every row in a Python call and builds a
PlayRow for it. A helper needs neither: it sends columns. ``parse_columns`` checks each field
over the whole file at once, mostly in C (one regex over the joined end times, the extremes of
ms played), and picks each play's kind, names and uri in one comprehension. A file where any
row would be rejected or changed by those checks returns None and goes the row-by-row way
(``from_rows``), so rejections are counted exactly as before; both give the same columns
(tests/unit/test_import_columns.py checks it).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter, itemgetter, methodcaller

import msgspec

from data.importers.fast import decode_extended
from data.importers.formats import EARLIEST, MAX_MS_PLAYED, ParsedFile, latest_end
from data.importers.rows import sqlite_text

_TS = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
# Every end time in the usual form (whole seconds, UTC), one per line: one C scan per file.
_END_TIMES = re.compile(rf"(?:{_TS}\n)*{_TS}")
_EARLIEST = EARLIEST.isoformat()
_BY_END = attrgetter("ts")
_FIRST = itemgetter(0)
_ISO_SPACE = methodcaller("isoformat", " ")
# Widths kept of platform, country, reason_start and reason_end (as in formats.extended_values).
_WIDTHS = (40, 2, 24, 24)


@dataclass
class Columns:
    """One file's plays as columns, sorted by end time, and its counts."""

    format: str
    rejected: Counter = field(default_factory=Counter)
    first: str | None = None  # end times of the first and last play, ISO
    last: str | None = None
    ended: tuple = ()  # as SQLite text (rows.sqlite_text)
    ms: tuple = ()
    kind: tuple = ()
    track: tuple = ()
    artist: tuple = ()
    album: tuple = ()
    uri: tuple = ()
    # skipped, shuffle, offline, incognito, platform, country, reason_start, reason_end
    details: tuple = ((),) * 8

    @property
    def plays(self) -> int:
        return len(self.ms)


def parse_columns(data: bytes, real_dates: bool = True) -> Columns | None:
    """A well-formed extended-history file as columns, or None (see the module docstring).

    ``real_dates=False`` leaves out the check that each end time (in the usual form) is a real
    date and time, for a caller that parses them all anyway and then checks the same.
    """
    decoded = decode_extended(data)
    if decoded is None:
        return None
    fmt, structs = decoded
    if not structs:
        return Columns(fmt)
    structs.sort(key=_BY_END)  # any one form of end time sorts in time order as text
    (ts, platform, ms, country, track, artist, album, track_uri, episode, show, episode_uri, book,
     chapter_uri, chapter, start, end, shuffle, skipped, offline, incognito,
     ) = zip(*map(msgspec.structs.astuple, structs), strict=True)  # fmt: skip
    del structs
    joined = "\n".join(ts)
    if not _times_and_lengths_valid(ts, joined, ms, real_dates):
        return None
    names = _names(
        track, artist, album, track_uri, episode, show, episode_uri, book, chapter_uri, chapter,
    )  # fmt: skip
    if names is None:
        return None
    ended = joined.replace("T", " ").replace("Z", ".000000").split("\n")
    flags, texts = (skipped, shuffle, offline, incognito), (platform, country, start, end)
    return Columns(
        fmt,
        Counter(),
        ts[0][:19],
        ts[-1][:19],
        tuple(ended),
        ms,
        *names,
        (*flags, *(_clip(values, width) for values, width in zip(texts, _WIDTHS, strict=True))),
    )


def _times_and_lengths_valid(ts: tuple, joined: str, ms: tuple, real_dates: bool) -> bool:
    """Every end time in the usual form and range, every ``ms_played`` within bounds."""
    return bool(
        _END_TIMES.fullmatch(joined)
        and ts[0][:19] >= _EARLIEST
        and ts[-1][:19] <= latest_end().isoformat()
        and min(ms) >= 0
        and max(ms) <= MAX_MS_PLAYED
        and (not real_dates or _real_dates(joined))
    )


def _names(
    track, artist, album, track_uri, episode, show, episode_uri, book, chapter_uri, chapter
) -> tuple | None:
    """(kinds, titles, artists, albums, uris) of every play, or None if one row is rejected."""
    if all(track):  # every play is music, as in most files
        names = (("music",) * len(track), track, artist, _or_none(album), _or_none(track_uri))
    else:
        rows = zip(
            track, artist, album, track_uri, episode, show, episode_uri, book, chapter_uri, chapter,
            strict=True,
        )  # fmt: skip
        plays = [
            ("music", t, a, al or None, tu or None)
            if t
            else ("podcast", e, s, None, eu or None)
            if e
            else ("audiobook", ch or b, b, None, cu or None)
            if ch or b
            else None
            for t, a, al, tu, e, s, eu, b, cu, ch in rows
        ]
        if None in plays:  # no track, episode or chapter: a rejected row
            return None
        names = tuple(zip(*plays, strict=True))
    # a missing artist, show or book name: a rejected row
    return names if all(names[2]) else None


def from_rows(parsed: ParsedFile) -> Columns:
    """The columns of a file parsed row by row (``fast.parse_extended_fast``)."""
    rows = parsed.rows
    if not rows:
        return Columns(parsed.format, parsed.rejected)
    rows.sort(key=_FIRST)
    ended, ms, kind, track, artist, album, uri, _, *details = zip(*rows, strict=True)
    details = details[:8]  # PlayRow's minute_resolution is not sent
    if any(map(attrgetter("microsecond"), ended)):
        texts = tuple(map(sqlite_text, ended))
    else:
        texts = tuple((".000000\n".join(map(_ISO_SPACE, ended)) + ".000000").split("\n"))
    first, last = ended[0].isoformat(), ended[-1].isoformat()
    return Columns(
        parsed.format, parsed.rejected, first, last, texts, ms, kind, track, artist, album, uri,
        tuple(details),
    )  # fmt: skip


def _real_dates(joined: str) -> bool:
    """Whether every end time (already in the usual form) is a real date and time."""
    try:
        deque(map(datetime.fromisoformat, joined.replace("Z", "").split("\n")), maxlen=0)
    except ValueError:
        return False
    return True


def _or_none(values: tuple) -> tuple:
    """Empty strings as None (``value or None``), skipping the copy when there are none."""
    return tuple(value or None for value in values) if "" in values else values


def _clip(values: tuple, width: int) -> tuple:
    """``value[:width] or None`` for each value, skipping the copy when nothing changes (seen
    by the few distinct values: platforms, countries and reasons repeat)."""
    distinct = set(values)
    if "" not in distinct and max(map(len, filter(None, distinct)), default=0) <= width:
        return values
    return tuple(value[:width] if value else None for value in values)
