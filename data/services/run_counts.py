"""A feed run's counts (new, updated, unchanged, merged, failed with reasons)."""

from __future__ import annotations

from collections import Counter
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
