"""A cache for per-user Arrow tables: memory-mapped files on local disk, shared through Redis.

Analytics read a user's whole listening history as a columnar table. Building it from the
database takes seconds at a million plays, so it is cached under a key holding the user id and
their ``data_version`` (bumped on every write), with an explicit timeout.

* Embedded default: a diskcache directory under the instance dir. Values are Arrow IPC files
  that are memory-mapped on read (no copy, well under a millisecond at 1M rows).
* Each process keeps its most recently read tables (a bounded number, with a timeout) so a
  request reuses the mapping instead of mapping the file again: a fresh mapping page-faults
  every page a query touches (tens of milliseconds at a million plays); a kept one costs no
  memory of its own, its pages are the OS page cache's.
* Scaled (``REDIS_URL``): Redis holds the bytes so any web host can reuse a table another built;
  each host still keeps its local memory-mapped copy, so Redis is only read once per host.

The same backend choice serves small shared values (``shared_get``/``shared_set``, e.g. the live
progress of a job in ``data.job_progress``): Redis when configured, since RQ workers may run on
other hosts; otherwise the local diskcache, which every process on the one host opens.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

import diskcache
import pyarrow as pa

from settings import Settings

TIMEOUT_SECONDS = 7 * 24 * 3600
LOCAL_SIZE_LIMIT = 4 * 1024**3
KEPT_TABLES = 64
KEPT_SECONDS = 15 * 60

V = TypeVar("V")


def table_to_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


class TimedLRU(Generic[V]):
    """The last ``size`` values put, each for at most ``seconds``; in this process, thread-safe.

    The frame cache keeps its recently read tables here; the explorer keeps its ranked lists.
    """

    def __init__(self, size: int = KEPT_TABLES, seconds: float = KEPT_SECONDS) -> None:
        self.size, self.seconds = size, seconds
        self._tables: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        """The value under ``key``, or None when absent or older than ``seconds``."""
        with self._lock:
            found = self._tables.get(key)
            if found is None or found[0] < time.monotonic():
                self._tables.pop(key, None)
                return None
            self._tables.move_to_end(key)
            return found[1]

    def put(self, key: str, value: V) -> V:
        """Keep ``value`` under ``key`` (dropping the least recently used past ``size``)."""
        with self._lock:
            self._tables[key] = (time.monotonic() + self.seconds, value)
            self._tables.move_to_end(key)
            while len(self._tables) > self.size:
                self._tables.popitem(last=False)
        return value

    def forget(self, prefix: str) -> None:
        """Drop every value whose key starts with ``prefix``."""
        with self._lock:
            for key in [k for k in self._tables if k.startswith(prefix)]:
                del self._tables[key]


@dataclass(frozen=True)
class FrameCache:
    """Local memory-mapped tier plus an optional shared Redis tier."""

    local: diskcache.Cache
    redis_url: str = ""
    timeout: int = TIMEOUT_SECONDS
    kept: TimedLRU[pa.Table] = field(default_factory=TimedLRU, compare=False, repr=False)

    def get(self, key: str) -> pa.Table | None:
        table = self.kept.get(key)
        if table is None:
            table = self._read(key)
            if table is not None:
                self.kept.put(key, table)
        return table

    def _read(self, key: str) -> pa.Table | None:
        handle = self.local.get(key, read=True)
        if isinstance(handle, bytes):  # small values live inside diskcache's own database
            return pa.ipc.open_file(pa.py_buffer(handle)).read_all()
        if handle is not None:
            # Large values are files: map the file instead of reading it.
            with handle:
                return pa.ipc.open_file(pa.memory_map(handle.name)).read_all()
        shared = self._redis().get(key) if self.redis_url else None
        if shared is None:
            return None
        self.local.set(key, shared, expire=self.timeout, read=False)
        return pa.ipc.open_file(pa.py_buffer(shared)).read_all()

    def put(self, key: str, table: pa.Table) -> None:
        data = table_to_bytes(table)
        self.local.set(key, data, expire=self.timeout)
        if self.redis_url:
            self._redis().set(key, data, ex=self.timeout)

    def forget(self, prefix: str) -> int:
        """Delete every entry whose key starts with ``prefix`` (e.g. a deleted user's tables)."""
        self.kept.forget(prefix)
        gone = 0
        for key in list(self.local.iterkeys()):
            if isinstance(key, str) and key.startswith(prefix):
                gone += int(self.local.delete(key))
        if self.redis_url:
            conn = self._redis()
            for key in conn.scan_iter(match=prefix + "*"):
                gone += conn.delete(key)
        return gone

    def shared_get(self, key: str) -> bytes | None:
        """A small value from the tier every process of the deployment reads."""
        if self.redis_url:
            return self._redis().get(key)
        value = self.local.get(key)
        return value if isinstance(value, bytes) else None

    def shared_get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        """Several small shared values in one round trip (``None`` where absent)."""
        if not keys:
            return []
        if self.redis_url:
            return self._redis().mget(keys)
        return [self.shared_get(key) for key in keys]

    def shared_set(self, key: str, value: bytes, timeout: int) -> None:
        """Store a small value (expiring after ``timeout`` seconds) where every process sees it."""
        if self.redis_url:
            self._redis().set(key, value, ex=timeout)
        else:
            self.local.set(key, value, expire=timeout)

    def shared_claim(self, key: str, seconds: float) -> bool:
        """Claim ``key`` for ``seconds`` unless another process holds it (atomic): a slot every
        process of the deployment shares, e.g. one MusicBrainz request per second."""
        if self.redis_url:
            return bool(self._redis().set(key, b"1", nx=True, px=max(1, round(seconds * 1000))))
        return bool(self.local.add(key, b"1", expire=seconds))

    def shared_delete(self, key: str) -> None:
        if self.redis_url:
            self._redis().delete(key)
        else:
            self.local.delete(key)

    def _redis(self):
        return self._client

    @cached_property
    def _client(self):
        # One client (and connection pool) per cache: progress is read on every poll.
        from redis import Redis

        return Redis.from_url(self.redis_url, socket_timeout=5)


_CACHE: FrameCache | None = None


def init_frame_cache(settings: Settings) -> FrameCache:
    """The process's frame cache for these settings (opened once, like the database engine)."""
    global _CACHE
    directory = Path(settings.instance_dir) / "analytics-cache"
    if (
        _CACHE is not None
        and Path(_CACHE.local.directory) == directory
        and _CACHE.redis_url == settings.redis_url
    ):
        return _CACHE
    directory.mkdir(parents=True, exist_ok=True)
    local = diskcache.Cache(
        str(directory), size_limit=LOCAL_SIZE_LIMIT, eviction_policy="least-recently-stored"
    )
    _CACHE = FrameCache(local=local, redis_url=settings.redis_url)
    return _CACHE


def get_frame_cache() -> FrameCache | None:
    """The configured cache, or None (queries then build frames without caching)."""
    return _CACHE
