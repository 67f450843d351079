"""Browser tier: every test here needs Chromium + chromedriver (dash[testing]'s dash_duo)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _needs_browser(browser_ready):
    """Skip (locally) or fail (CI) when Chromium is missing."""


TILE_PATH = "/assets/tiles/"  # tests' TILE_URL: no tiles are served, and maps work without them


def console_errors(dash_duo) -> list[dict]:
    """SEVERE console entries, except the map tiles tests deliberately do not serve."""
    return [e for e in dash_duo.get_logs() if TILE_PATH not in e.get("message", "")]
