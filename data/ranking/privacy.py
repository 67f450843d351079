"""How many people a shown number must stand for, so no one listener can be singled out."""

from __future__ import annotations

K_MIN = 5  # never show a count of fewer people than this, nor a city with fewer
