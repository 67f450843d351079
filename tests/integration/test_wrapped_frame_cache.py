"""The analytics frame cache on Redis: a table built on one host is reused by another."""

from __future__ import annotations

import diskcache
import pyarrow as pa

from data.frame_cache import FrameCache


def test_a_table_put_by_one_host_is_read_by_another(redis_url, tmp_path):
    table = pa.table({"ts": pa.array([1, 2, 3], pa.int64()), "name": ["a", "b", "c"]})
    host_a = FrameCache(diskcache.Cache(str(tmp_path / "a")), redis_url, timeout=60)
    host_b = FrameCache(diskcache.Cache(str(tmp_path / "b")), redis_url, timeout=60)
    assert host_b.get("listening:test:1") is None
    host_a.put("listening:test:1", table)
    assert host_b.get("listening:test:1").equals(table)
    # host B now has its own local copy: it survives Redis losing the key.
    from redis import Redis

    Redis.from_url(redis_url).delete("listening:test:1")
    assert host_b.get("listening:test:1").equals(table)
    assert Redis.from_url(redis_url).ttl("listening:test:2") == -2
    host_a.put("listening:test:2", table)
    assert 0 < Redis.from_url(redis_url).ttl("listening:test:2") <= 60


def test_large_tables_are_memory_mapped_from_disk(tmp_path):
    cache = FrameCache(diskcache.Cache(str(tmp_path / "c")))
    table = pa.table({"x": pa.array(range(200_000), pa.int64())})
    cache.put("big", table)
    with cache.local.get("big", read=True) as handle:
        assert handle.name.endswith(".val")  # stored as its own file, which get() maps
    allocated = pa.total_allocated_bytes()
    again = cache.get("big")
    assert again.equals(table)
    # Zero-copy: reading allocates nothing like the table's 1.6 MB; the pages are mapped.
    assert pa.total_allocated_bytes() - allocated < table.nbytes / 10


def test_forgetting_a_user_removes_their_tables_everywhere(redis_url, tmp_path):
    table = pa.table({"x": [1]})
    cache = FrameCache(diskcache.Cache(str(tmp_path / "d")), redis_url, timeout=60)
    cache.put("listening:v2:7:abc:1:plays", table)
    cache.put("listening:v2:71:abc:1:plays", table)
    assert cache.forget("listening:v2:7:") == 2  # local copy and the Redis copy
    assert cache.get("listening:v2:7:abc:1:plays") is None
    assert cache.get("listening:v2:71:abc:1:plays").equals(table)  # user 71 is someone else


def test_a_read_table_is_kept_for_the_next_request_until_forgotten(tmp_path):
    cache = FrameCache(diskcache.Cache(str(tmp_path / "e")))
    table = pa.table({"x": pa.array(range(200_000), pa.int64())})
    cache.put("listening:v3:5:abc:1:plays", table)
    first = cache.get("listening:v3:5:abc:1:plays")
    assert cache.get("listening:v3:5:abc:1:plays") is first  # the same mapping, not a new one
    cache.forget("listening:v3:5:")
    assert cache.get("listening:v3:5:abc:1:plays") is None
    # Kept tables expire: with no time to keep them every read maps the file again.
    brief = FrameCache(cache.local, kept=type(cache.kept)(seconds=0))
    brief.put("k", table)
    assert brief.get("k") is not brief.get("k")
    assert brief.get("k").equals(table)
