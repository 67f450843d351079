"""The parse helper process: ``python -m data.importers.helper [postgresql]``, started by
``parallel``.

It reads length-prefixed frames on stdin, each a file's name and where to read it, parses the
file (``columns``, or row by row where a row needs rejecting) and writes one ``marshal`` frame
per file to stdout: the counts, the track keys it has not sent before with their names, and
the plays as columns, a track slot number per play (see ``parallel.CompactFile``).

For SQLite the flags (skipped, shuffle, offline, incognito) go as 1 and 0: its driver binds an
int about three times faster than a bool, which it first tries to adapt. For PostgreSQL the
end times go as the int64 microseconds since 2000 that its binary COPY takes for a timestamp,
so the importing process builds no datetime per play, with the positions of the plays that
repeat one before them in the file.
"""

from __future__ import annotations

import gc
import marshal
import queue
import sys
import threading
import zipfile
import zlib
from collections import Counter
from contextlib import suppress
from itertools import compress, repeat
from operator import is_
from typing import BinaryIO

from data.importers.columns import from_rows, parse_columns
from data.importers.fast import parse_extended_fast
from data.importers.sources import read_located

_LENGTH = 8
# Files a helper may hold at once (queued, parsing, or parsed and waiting to be read).
DEPTH = 2
PG_EPOCH = "2000-01-01T00:00:00"  # binary timestamps count microseconds from here
_AS_INT = {True: 1, False: 0}  # .get: None stays None


def compact(name: str, data: bytes, slots: dict, postgres: bool = False) -> bytes:
    """Parse a file on the fast path into a marshal frame; empty when it isn't one.

    ``slots`` numbers the track keys this helper has sent, in the order sent: a play carries
    its track's slot (an int, one list index away from its ids in the storing process), and a
    key's names are sent once, with the file that first has it.
    """
    file, microseconds = _columns(name, data, postgres)
    if file is None:
        return b""
    kind, track, artist, album, uri = file.kind, file.track, file.artist, file.album, file.uri
    if all(uri):  # every play has a Spotify uri, as in most files: the uris are the keys
        keys = uri
    else:
        keys = [u or (k, a, t) for u, k, a, t in zip(uri, kind, artist, track, strict=True)]
    known = tuple(map(slots.get, keys))
    tracks = {}  # the keys this helper has not sent before, with the names of their first play
    if None in known:
        for i in compress(range(len(keys)), map(is_, known, repeat(None))):
            if keys[i] not in tracks:
                tracks[keys[i]] = (kind[i], track[i], artist[i], album[i], uri[i], None)
        for key in tracks:
            slots[key] = len(slots)
        known = tuple(map(slots.__getitem__, keys))
    counts = (dict(file.rejected), dict(Counter(kind)), file.first, file.last)
    stored = (file.ended, file.ms, kind, known, *file.details)
    repeats = []
    if microseconds is not None:
        repeats = _repeats(microseconds, stored)
        stored = (microseconds.tobytes(), *stored[1:])
    else:  # SQLite's driver binds an int several times faster than a bool
        stored = (
            *stored[:4],
            *(tuple(map(_AS_INT.get, flags)) for flags in stored[4:8]),
            *stored[8:],
        )
    frame = (file.format, *counts, tracks, file.plays, repeats)
    # Once nothing else holds the values, marshal writes them without its shared-object table
    # (it records every object referenced more than once).
    del file, kind, track, artist, album, uri, keys, known
    return marshal.dumps((*frame, stored))


def _columns(name: str, data: bytes, postgres: bool):
    """The file's columns (None when it is not for the fast path), and for PostgreSQL its end
    times as int64 microseconds since 2000 (NumPy's parse, which also rejects impossible dates
    as ``columns._real_dates`` does, so that check is not made twice)."""
    file = parse_columns(data, real_dates=not postgres)
    microseconds = None
    if file is not None and postgres:
        try:
            microseconds = _microseconds(file.ended)
        except ValueError:  # an impossible date: a row to reject
            file = None
    if file is None:  # a row to reject or repair: row by row, for exact counts
        parsed = parse_extended_fast(name, data)
        if parsed is None:
            return None, None
        file = from_rows(parsed)
        if postgres:
            microseconds = _microseconds(file.ended)
    return file, microseconds


def _microseconds(ended: tuple[str, ...]):
    import numpy as np  # here: a SQLite import's helpers start 0.1 s sooner without it

    return (np.array(ended, "datetime64[us]") - np.datetime64(PG_EPOCH, "us")).astype(np.int64)


def _repeats(ended, columns: tuple) -> list[int]:
    """Positions of the plays that repeat an earlier one (same end time, track slot and ms
    played), for the storing process to leave out, as the database would.

    Sorted by end time, so a play's repeats share a run of equal end times: NumPy finds those
    runs (``ended`` is their microseconds), and only their plays are compared.
    """
    _, ms, _, tracks, *_ = columns
    repeats: list[int] = []
    seen: set[tuple[int, int]] = set()
    previous = -1
    for i in ((ended[1:] == ended[:-1]).nonzero()[0] + 1).tolist():  # ends as the one before
        if i - 1 != previous:  # a run of equal end times starts at i - 1
            seen = {(tracks[i - 1], ms[i - 1])}
        if (tracks[i], ms[i]) in seen:
            repeats.append(i)
        seen.add((tracks[i], ms[i]))
        previous = i
    return repeats


def read_frame(pipe: BinaryIO) -> bytes | None:
    head = pipe.read(_LENGTH)
    if len(head) < _LENGTH:
        return None
    size = int.from_bytes(head, "little")
    data = pipe.read(size)
    if len(data) < size:
        raise EOFError("a parse helper's frame was cut off")
    return data


def write_frame(pipe: BinaryIO, data: bytes) -> None:
    pipe.write(len(data).to_bytes(_LENGTH, "little"))
    pipe.write(data)
    pipe.flush()


def serve(stdin: BinaryIO, stdout: BinaryIO, postgres: bool = False) -> None:
    """The helper's loop: a name and locator frame in, a compact frame out, until EOF.

    Results are written by a thread, so the helper goes on parsing (up to DEPTH files ahead)
    while the importing process is busy storing. A file it cannot read comes back empty too:
    the caller reads it again and reports why. No cyclic garbage collection: parsing makes no
    cycles, and collections would rescan the file's objects many times over.
    """
    gc.disable()
    results: queue.Queue[bytes | None] = queue.Queue(maxsize=DEPTH)
    writer = threading.Thread(target=_write_results, args=(results, stdout), daemon=True)
    writer.start()
    slots: dict = {}
    while (frame := read_frame(stdin)) is not None:
        name, locator = marshal.loads(frame)  # noqa: S302 - from the parent's pipe
        try:
            result = compact(name, read_located(locator), slots, postgres)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
            result = b""
        if not _hand_over(results, writer, result):
            return  # the importing process is gone
    _hand_over(results, writer, None)
    writer.join()


def _hand_over(results: queue.Queue, writer: threading.Thread, frame: bytes | None) -> bool:
    """Queue a result for the writer thread; False once it has stopped (a broken pipe)."""
    while writer.is_alive():
        try:
            results.put(frame, timeout=0.5)
            return True
        except queue.Full:
            continue
    return False


def _write_results(results: queue.Queue, stdout: BinaryIO) -> None:
    with suppress(BrokenPipeError):  # the importing process is gone: nothing left to do
        while (frame := results.get()) is not None:
            write_frame(stdout, frame)


if __name__ == "__main__":
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer, postgres=sys.argv[1:] == ["postgresql"])
    except BrokenPipeError:  # the importing process died or gave up: nothing left to do
        sys.exit(0)
