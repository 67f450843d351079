"""Browser: the genre map draws its layers, switches them, plays months, opens the side panel,
keeps its state in the URL (Back undoes), and logs no console errors in either theme."""

from __future__ import annotations

import time

from selenium.webdriver.support.ui import WebDriverWait

TILES = "/assets/tiles/"  # the test settings' tile URL has no tiles behind it on purpose


def _errors(dash_duo) -> list:
    return [e for e in dash_duo.get_logs() if TILES not in e.get("message", "")]


def _count(dash_duo, selector: str) -> int:
    return dash_duo.driver.execute_script(f"return document.querySelectorAll('{selector}').length")


def _wait(dash_duo, condition, timeout: float = 15) -> None:
    WebDriverWait(dash_duo.driver, timeout).until(lambda _d: condition())


def _open(dash_duo, query: str) -> None:
    dash_duo.driver.get(f"{dash_duo.server_url}/map{query}")
    dash_duo.wait_for_element("#map-canvas", timeout=15)


def test_layers_switch_time_steps_and_panel_opens(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    _open(dash_duo, "?layers=events,share&view=50,5,3")
    _wait(dash_duo, lambda: _count(dash_duo, ".rw-cluster, .rw-event-point") > 0)
    _wait(dash_duo, lambda: _count(dash_duo, ".rw-pie-icon") >= 5)
    _wait(dash_duo, lambda: dash_duo.find_element("#map-tiles-note").is_displayed())
    assert _count(dash_duo, ".rw-heat-cell") == 0

    # Switch the density layer on: its cells appear; off again: they go.
    switch = "#map-layers input[value='heat']"
    dash_duo.driver.execute_script(f'document.querySelector("{switch}").click()')
    _wait(dash_duo, lambda: _count(dash_duo, ".rw-heat-cell") > 0)
    assert "heat" in dash_duo.driver.current_url

    # Play steps the months: the label names one month and the URL carries it.
    before = dash_duo.find_element("#map-month-label").text
    dash_duo.find_element("#map-play").click()
    _wait(dash_duo, lambda: dash_duo.find_element("#map-month-label").text != before)
    _wait(dash_duo, lambda: "month=" in dash_duo.driver.current_url)
    dash_duo.find_element("#map-play").click()  # pause
    assert "Play" in dash_duo.find_element("#map-play").text

    # A click on a city pie opens its panel with genres, venues and next shows.
    dash_duo.driver.execute_script(
        "document.querySelector('.rw-pie-icon').dispatchEvent(new MouseEvent('click', "
        "{bubbles: true}))"
    )
    _wait(dash_duo, lambda: "Top venues" in dash_duo.find_element("#map-panel").text)
    assert "place=city" in dash_duo.driver.current_url

    # A cluster opens the city of its nearest venue.
    dash_duo.find_element("#map-panel-close").click()
    _wait(dash_duo, lambda: "place=" not in dash_duo.driver.current_url)
    dash_duo.driver.execute_script(
        "document.querySelector('.rw-cluster').dispatchEvent(new MouseEvent('click', "
        "{bubbles: true}))"
    )
    _wait(dash_duo, lambda: "place=city" in dash_duo.driver.current_url)
    _wait(dash_duo, lambda: "Next shows" in dash_duo.find_element("#map-panel").text)
    assert _errors(dash_duo) == []


def test_back_undoes_a_filter_change_and_dark_theme_is_clean(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    _open(dash_duo, "?layers=events")
    _wait(dash_duo, lambda: _count(dash_duo, ".rw-cluster, .rw-event-point") > 0)
    dash_duo.driver.execute_script(
        "document.querySelector(\"#map-layers input[value='venues']\").click()"
    )
    _wait(dash_duo, lambda: "venues" in dash_duo.driver.current_url)
    _wait(dash_duo, lambda: _count(dash_duo, ".rw-venue-point") > 0)
    dash_duo.driver.back()
    _wait(dash_duo, lambda: "venues" not in dash_duo.driver.current_url)
    _wait(dash_duo, lambda: _count(dash_duo, ".rw-venue-point") == 0)
    checked = dash_duo.driver.execute_script(
        "return document.querySelector(\"#map-layers input[value='venues']\").checked"
    )
    assert checked is False

    dash_duo.find_element(".theme-toggle").click()
    _wait(
        dash_duo,
        lambda: (
            dash_duo.driver.execute_script(
                "return document.documentElement.getAttribute('data-bs-theme')"
            )
            == "dark"
        ),
    )
    time.sleep(0.5)
    assert _count(dash_duo, ".rw-cluster, .rw-event-point") > 0
    assert _errors(dash_duo) == []
