"""Browser: /saved pages each list, the page in the URL, Back returns to the previous page."""

from __future__ import annotations

import os

from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import console_errors
from tests.browser.test_shell import log_in
from tests.unit.test_saved_pages import many_saved  # noqa: F401  (the fixture)

CARDS = "#saved-upcoming [id*='event-card']"
SHOTS = os.environ.get("REWRAPPED_SHOTS")  # a folder: save screenshots there to look at


def _count(dash_duo, n: int) -> None:
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: len(d.find_elements("css selector", CARDS)) == n
    )


def _shots(dash_duo, name: str) -> None:
    if not SHOTS:
        return
    for width in (1280, 390):
        dash_duo.driver.set_window_size(width, 1000)
        dash_duo.driver.execute_script(
            "document.getElementById('saved-upcoming-page').scrollIntoView({block: 'center'})"
        )
        for theme in ("light", "dark"):
            dash_duo.driver.execute_script(
                "document.documentElement.setAttribute('data-bs-theme', arguments[0])", theme
            )
            dash_duo.driver.save_screenshot(f"{SHOTS}/{name}-{width}-{theme}.png")
    dash_duo.driver.set_window_size(1280, 1000)


def test_saved_lists_page_through_the_url(dash_duo, dash_app, many_saved):  # noqa: F811
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    dash_duo.driver.get(dash_duo.server_url + "/saved?upcoming=2")
    _count(dash_duo, 12)
    assert dash_duo.find_element("#saved-upcoming-page .active").text.startswith("2")
    assert dash_duo.find_element("#saved-hidden-page").is_displayed()
    _shots(dash_duo, "saved")
    links = dash_duo.driver.find_elements("css selector", "#saved-upcoming-page .page-link")
    last = next(a for a in links if a.text.strip() == "3")
    dash_duo.driver.execute_script("arguments[0].click()", last)
    _count(dash_duo, 6)
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "upcoming=3" in d.current_url)
    dash_duo.driver.back()
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "upcoming=2" in d.current_url)
    _count(dash_duo, 12)
    assert console_errors(dash_duo) == []
