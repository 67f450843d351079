"""The k-anonymity rule for anything that counts people by place: one helper, reused everywhere.

A cell (a city, a venue, a region) is shown only when at least ``K_ANONYMITY`` distinct people
contribute to it; smaller cells are merged into one "elsewhere" total, so no count ever describes
one person or a handful of them.
"""

from __future__ import annotations

import pandas as pd

K_ANONYMITY = 5


def suppress_small(
    frame: pd.DataFrame, count_col: str, k: int = K_ANONYMITY
) -> tuple[pd.DataFrame, int]:
    """Rows with at least ``k`` people, and the total of the rows merged into "elsewhere".

    Args:
        frame: one row per cell with a count of distinct people in ``count_col``.
        count_col: the column holding that count.
        k: the smallest count that may be shown.

    Returns:
        The shown rows (index reset) and the number of people in suppressed cells.
    """
    if frame.empty:
        return frame.reset_index(drop=True), 0
    small = frame[count_col] < k
    return frame[~small].reset_index(drop=True), int(frame.loc[small, count_col].sum())


def elsewhere_label(total: int, k: int = K_ANONYMITY) -> str:
    """Words for the merged cell; a merged total under ``k`` is itself too small to print."""
    if total <= 0:
        return "Nobody elsewhere."
    if total < k:
        return f"Fewer than {k} people elsewhere."
    return f"{total:,} people elsewhere (places with fewer than {k} each, or no home city)."
