"""Parse extended-history files in helper processes while this process stores the previous one.

Storing is single-threaded work (one transaction, one connection), and so is parsing; on a
machine with a spare core they overlap. A helper is a plain ``python -m`` subprocess (not
``multiprocessing``, which would re-import the web app's main module or fork its database
connections) speaking length-prefixed frames over its pipes: a file's name and where to read
it in (the helper reads it itself), one ``marshal`` frame out.

What comes back is a :class:`CompactFile`: the per-file counts, the distinct track keys with the
names the resolver needs, and the plays in end-time order as one tuple per column (``marshal``
reads plain tuples of str, int, bool and None back several times faster than ``pickle`` reads
named tuples of datetimes), which the storing process zips into rows for ``executemany`` or
``COPY``: it runs no Python code per play.

Tried and dropped (measured, 2 cores, 1M plays into SQLite): helpers handing over each file as
an in-memory SQLite database for one ``INSERT ... SELECT``. It took 1.5-2.5 s of CPU off the
importing process but added about 4 s to the helpers, and with every core busy the total is
what counts: 13.5-15.1 s against 12.4-13.8 s.

A file the fast path does not take comes back empty, and the caller parses it itself with exact
per-row rejections and error messages (``formats``).
"""

from __future__ import annotations

import gc
import logging
import marshal
import os
import queue
import subprocess
import sys
import threading
import zipfile
import zlib
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from data.importers.columns import from_rows, parse_columns
from data.importers.fast import parse_extended_fast
from data.importers.sources import read_located

log = logging.getLogger(__name__)
_ROOT = Path(__file__).resolve().parents[2]
_LENGTH = 8
# Below this much history, starting a helper (~0.2 s) costs more than it saves.
MIN_PARALLEL_BYTES = 16 * 1024 * 1024
# Files a helper may hold at once (queued, parsing, or parsed and waiting to be read).
DEPTH = 2


@dataclass
class CompactFile:
    """One fast-path file, as a helper returns it (see the module docstring)."""

    name: str
    helper: int  # which helper parsed it: track slots are numbered per helper
    format: str
    rejected: Counter
    kinds: Counter
    first: datetime | None
    last: datetime | None
    # Track key -> PlayRow fields kind ... artist_uri, for the keys this helper has not sent
    # yet, in the order of the slots they take (the helper's count of keys sent, onwards).
    tracks: dict[object, tuple]
    plays: int
    # ended_at as SQLite's text, ms_played, kind, track slot, then PlayRow's skipped ... reason_end
    columns: tuple

    @property
    def rows_seen(self) -> int:
        return self.plays + sum(self.rejected.values())


def compact(name: str, data: bytes, slots: dict) -> bytes:
    """Parse a file on the fast path into a marshal frame; empty when it isn't one.

    ``slots`` numbers the track keys this helper has sent, in the order sent: a play carries
    its track's slot (an int, one list index away from its ids in the storing process), and a
    key's names are sent once, with the file that first has it.
    """
    file = parse_columns(data)
    if file is None:  # a row to reject or repair: row by row, for exact counts
        parsed = parse_extended_fast(name, data)
        if parsed is None:
            return b""
        file = from_rows(parsed)
        del parsed
    kind, track, artist, album, uri = file.kind, file.track, file.artist, file.album, file.uri
    keys = [u or (k, a, t) for u, k, a, t in zip(uri, kind, artist, track, strict=True)]
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))  # first plays
    tracks = {
        key: (kind[i], track[i], artist[i], album[i], uri[i], None)
        for key, i in first.items()
        if key not in slots
    }
    for key in tracks:
        slots[key] = len(slots)
    stored = (file.ended, file.ms, kind, tuple(map(slots.__getitem__, keys)), *file.details)
    counts = (dict(file.rejected), dict(Counter(kind)), file.first, file.last)
    frame = (file.format, *counts, tracks, file.plays)
    # Once nothing else holds the values, marshal writes them without its shared-object table
    # (it records every object referenced more than once).
    del file, track, artist, album, uri, keys, first
    return marshal.dumps((*frame, stored))


def _decode(name: str, helper: int, frame: bytes) -> CompactFile | None:
    if not frame:
        return None
    # Frames come only from our own helper's pipe, never from a file or the network.
    fmt, rejected, kinds, first, last, *rest = marshal.loads(frame)  # noqa: S302
    parse = datetime.fromisoformat
    return CompactFile(
        name,
        helper,
        fmt,
        Counter(rejected),
        Counter(kinds),
        parse(first) if first else None,
        parse(last) if last else None,
        *rest,
    )


def _read_frame(pipe: BinaryIO) -> bytes | None:
    head = pipe.read(_LENGTH)
    if len(head) < _LENGTH:
        return None
    size = int.from_bytes(head, "little")
    data = pipe.read(size)
    if len(data) < size:
        raise EOFError("a parse helper's frame was cut off")
    return data


def _write_frame(pipe: BinaryIO, data: bytes) -> None:
    pipe.write(len(data).to_bytes(_LENGTH, "little"))
    pipe.write(data)
    pipe.flush()


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
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
    while (frame := _read_frame(stdin)) is not None:
        name, locator = marshal.loads(frame)  # noqa: S302 - from the parent's pipe
        try:
            result = compact(name, read_located(locator), slots)
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
            _write_frame(stdout, frame)


class HelperStopped(RuntimeError):
    """A helper died (out of memory, killed): the caller parses the file itself."""


class ParseHelpers:
    """Parse fast-path files ahead in helper processes, handing results back in order.

    ``submit`` gives a file to the next helper in turn (each holds up to DEPTH, so helpers
    parse while the caller stores); ``result`` waits for the oldest one submitted. Once a
    helper has died no more files are submitted, and the import goes on without them.
    """

    def __init__(self, count: int) -> None:
        path = os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        command = [sys.executable, "-m", "data.importers.parallel"]
        self._procs = [
            subprocess.Popen(  # noqa: S603 - our own interpreter and module
                command, cwd=_ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            for _ in range(count)
        ]
        self._pending: list[tuple[subprocess.Popen, str]] = []
        self._next = 0
        self.stopped = False

    @property
    def capacity(self) -> int:
        """How many files may be submitted and not yet read back."""
        return len(self._procs) * DEPTH

    def submit(self, name: str, locator: tuple[str, ...]) -> bool:
        """Hand a file to the next helper; False when helpers are no longer in use."""
        if self.stopped:
            return False
        proc = self._procs[self._next % len(self._procs)]
        self._next += 1
        try:
            _write_frame(proc.stdin, marshal.dumps((name, locator)))
        except OSError:  # BrokenPipeError: it died
            self._stop(name)
            return False
        self._pending.append((proc, name))
        return True

    def result(self) -> CompactFile | None:
        """The oldest submitted file, parsed; None when it is not for the fast path."""
        proc, name = self._pending.pop(0)
        frame = _read_frame(proc.stdout)
        if frame is None:
            self._stop(name)
            raise HelperStopped(name)
        return _decode(name, self._procs.index(proc), frame)

    def _stop(self, name: str) -> None:
        if not self.stopped:
            log.warning("a parse helper stopped while reading %s; parsing in-process", name)
        self.stopped = True

    def close(self) -> None:
        """Stop the helpers: EOF ends an idle one; one still parsing (the import failed) is
        killed rather than waited for."""
        for proc in self._procs:
            if self._pending:
                proc.kill()
            with suppress(BrokenPipeError):
                proc.stdin.close()
        for proc in self._procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        self._pending.clear()

    def __enter__(self) -> ParseHelpers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def helper_count(total_bytes: int, dialect: str) -> int:
    """How many helpers to start: none for a small import or on a single core.

    SQLite: one per core (parsing costs more than storing). PostgreSQL: one fewer, as the
    server's backend works beside them (measured on 2 cores, 1M plays: one helper 15.5-16.9 s,
    two 17.8-20.0 s, none 22.5-23.6 s).
    """
    cores = usable_cores()
    spare = cores - (1 if dialect == "postgresql" else 0)
    if total_bytes < MIN_PARALLEL_BYTES or spare < 1 or cores < 2:
        return 0
    return min(4, spare)


def usable_cores(cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """Cores this process may run on: its CPU affinity, capped by a container's CPU quota
    (cgroup v2 ``cpu.max``, e.g. ``docker run --cpus 1``), which affinity does not show."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
    except (OSError, ValueError):
        return cores
    if quota == "max":
        return cores
    return max(1, min(cores, int(quota) // max(int(period), 1)))


if __name__ == "__main__":
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except BrokenPipeError:  # the importing process died or gave up: nothing left to do
        sys.exit(0)
