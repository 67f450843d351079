"""Match bands: how well a listener's taste fits an event, in the words analytics use."""

from __future__ import annotations

BANDS = ("high", "medium", "low", "none")
BAND_LABELS = {"high": "High", "medium": "Medium", "low": "Low", "none": "No listening data"}
HIGH, MEDIUM = 0.6, 0.3  # match-score thresholds (scores are 0..1)


def match_band(score: float | None) -> str:
    """The band of one match score; ``None`` (no listening data or a guest) is "none"."""
    if score is None:
        return "none"
    if score >= HIGH:
        return "high"
    return "medium" if score >= MEDIUM else "low"
