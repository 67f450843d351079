"""How many sponsored events a list may show, and where: one rule for every list of events."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from typing import TypeVar

Row = TypeVar("Row")
HEAD = 5  # never more than one sponsored event among the first five


def is_sponsored(row) -> bool:
    """The ``sponsored`` flag of a dict row or an object row."""
    if isinstance(row, dict):
        return bool(row.get("sponsored"))
    return bool(getattr(row, "sponsored", False))


def allowed(length: int, share: float) -> int:
    """How many sponsored rows the first ``length`` rows of a list may hold."""
    if share <= 0 or length <= 0:
        return 0
    return 1 if length <= HEAD else max(1, math.floor(share * length))


def cap_sponsored(
    rows: Sequence[Row], share: float, flag: Callable[[Row], bool] = is_sponsored
) -> list[Row]:
    """Keep sponsored rows to ``share`` of every prefix of the list and 1 of the first 5.

    A sponsored row that would break the cap moves down to the first place where it fits, or
    is dropped when it fits nowhere; organic rows keep their order and are never dropped.

    Args:
        rows: the ranked list (dicts or objects with a ``sponsored`` flag).
        share: the largest fraction of sponsored rows, 0..1 (settings.sponsored_percent / 100).
        flag: how to read the flag from a row.

    Returns:
        A new list.
    """
    out: list[Row] = []
    waiting: deque[Row] = deque()
    placed = 0
    for row in rows:
        if flag(row):
            waiting.append(row)
        else:
            out.append(row)
        while waiting and placed < allowed(len(out) + 1, share):
            out.append(waiting.popleft())
            placed += 1
    return out
