"""A feed run's counts (new, updated, unchanged, merged, failed with reasons) and a guard that
keeps cyclic garbage collection out of the write path of a page."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class RunCounts:
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    pages: int = 0
    reasons: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, ident: str, reason: str, items: int = 1) -> None:
        key = reason[:200]
        self.failed += items
        self.reasons[key] += items
        examples = self.examples.setdefault(key, [])
        if len(examples) < 5:
            examples.append(str(ident)[:100])

    def failures(self) -> dict:
        return {
            r: {"count": n, "examples": self.examples.get(r, [])} for r, n in self.reasons.items()
        }


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a page (or a whole feed run) is matched and written:
    the run's caches hold hundreds of thousands of objects, and collections triggered by the
    page's allocations would rescan them all (about a third of the CPU time). Reference counting
    still frees memory; the deferred collection runs once the outermost pause ends. Nests."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
