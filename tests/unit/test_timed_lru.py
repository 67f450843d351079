"""The per-process tier the frame cache and the explorer share: bounded, timed, by prefix."""

from __future__ import annotations

import time

from data.frame_cache import TimedLRU


def test_the_least_recently_used_goes_first_past_the_size():
    kept = TimedLRU[str](size=2, seconds=60)
    kept.put("a", "A")
    kept.put("b", "B")
    assert kept.get("a") == "A"  # "b" is now the least recently used
    kept.put("c", "C")
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == ("A", None, "C")


def test_a_value_lapses_after_its_seconds(monkeypatch):
    kept = TimedLRU[int](size=4, seconds=10)
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now)
    kept.put("k", 1)
    monkeypatch.setattr(time, "monotonic", lambda: now + 9)
    assert kept.get("k") == 1
    monkeypatch.setattr(time, "monotonic", lambda: now + 11)
    assert kept.get("k") is None


def test_forget_drops_one_users_keys_only():
    kept = TimedLRU[int](size=8, seconds=60)
    for key in ("user:1:a", "user:1:b", "user:12:a"):
        kept.put(key, 1)
    kept.forget("user:1:")
    assert [kept.get(k) for k in ("user:1:a", "user:1:b", "user:12:a")] == [None, None, 1]
