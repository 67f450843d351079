"""Browser tier: every test here needs Chromium + chromedriver (dash[testing]'s dash_duo)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _needs_browser(browser_ready):
    """Skip (locally) or fail (CI) when Chromium is missing."""
