"""Parse extended-history files in helper processes while this process stores the previous one.

Storing is single-threaded work (one transaction, one connection), and so is parsing; on a
machine with a spare core they overlap. This module is the importing process's side; a helper
(``data.importers.helper``) is a plain ``python -m`` subprocess (not ``multiprocessing``, which
would re-import the web app's main module or fork its database connections) speaking
length-prefixed frames over its pipes: a file's name and where to read it in (the helper reads
it itself), one ``marshal`` frame out.

What comes back is a :class:`CompactFile`: the per-file counts, the track keys the helper had
not sent before with the names the resolver needs, and the plays in end-time order as one tuple
per column, each play's track as the helper's slot number for its key (``marshal`` reads plain
tuples of str, int, bool and None back several times faster than ``pickle`` reads named tuples
of datetimes). The storing process zips the columns into rows for ``executemany`` or ``COPY``:
it runs no Python code per play.

Tried and dropped (measured, 2 cores, 1M plays into SQLite): helpers handing over each file as
an in-memory SQLite database for one ``INSERT ... SELECT``. It took 1.5-2.5 s of CPU off the
importing process but added about 4 s to the helpers, and with every core busy the total is
what counts: 13.5-15.1 s against 12.4-13.8 s.

A file the fast path does not take comes back empty, and the caller parses it itself with exact
per-row rejections and error messages (``formats``).
"""

from __future__ import annotations

import logging
import marshal
import os
import subprocess
import sys
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from data.importers.helper import DEPTH, read_frame, write_frame

log = logging.getLogger(__name__)
_ROOT = Path(__file__).resolve().parents[2]
# Below this much history, starting a helper (~0.2 s) costs more than it saves.
MIN_PARALLEL_BYTES = 16 * 1024 * 1024


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
    # PostgreSQL: positions of plays repeating an earlier one in the file (helper._repeats)
    repeats: list[int]
    # ended_at (SQLite: its text; PostgreSQL: int64 microseconds since 2000, as bytes),
    # ms_played, kind, track slot, then PlayRow's skipped ... reason_end (SQLite: the four
    # flags as 1/0)
    columns: tuple

    @property
    def rows_seen(self) -> int:
        return self.plays + sum(self.rejected.values())


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


class HelperStopped(RuntimeError):
    """A helper died (out of memory, killed): the caller parses the file itself."""


class ParseHelpers:
    """Parse fast-path files ahead in helper processes, handing results back in order.

    ``submit`` gives a file to the next helper in turn (each holds up to DEPTH, so helpers
    parse while the caller stores); ``result`` waits for the oldest one submitted. Once a
    helper has died no more files are submitted, and the import goes on without them.
    """

    def __init__(self, count: int, dialect: str = "sqlite") -> None:
        path = os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))
        # One BLAS thread: NumPy's would otherwise spin beside the helper's own work.
        env = {**os.environ, "PYTHONPATH": path, "OPENBLAS_NUM_THREADS": "1"}
        command = [sys.executable, "-m", "data.importers.helper", dialect]
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
            write_frame(proc.stdin, marshal.dumps((name, locator)))
        except OSError:  # BrokenPipeError: it died
            self._stop(name)
            return False
        self._pending.append((proc, name))
        return True

    def result(self) -> CompactFile | None:
        """The oldest submitted file, parsed; None when it is not for the fast path."""
        proc, name = self._pending.pop(0)
        frame = read_frame(proc.stdout)
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
    two 17.8-20.0 s, none 22.5-23.6 s; with the column path, one and two were even, as the
    importing process and its backend, taking turns, are then the bound).
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
