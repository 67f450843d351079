"""Browser: the explorer, an event page and Saved, driven like a listener and like a guest."""

from __future__ import annotations

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from data.db import session_scope
from data.models import HiddenEvent
from tests.browser.conftest import console_errors
from tests.browser.test_shell import log_in

CARD = "#explorer-list [id*='event-card']"


def _settled(dash_duo) -> None:
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(
            "return !document.querySelector('[data-dash-is-loading=\"true\"]')"
        )
    )


def _markers(dash_duo) -> int:
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(
            "return document.querySelectorAll('#explorer-map .leaflet-marker-icon').length"
        )
    )
    return dash_duo.driver.execute_script(
        "return document.querySelectorAll('#explorer-map .leaflet-marker-icon').length"
    )


def _cards(dash_duo) -> list:
    dash_duo.wait_for_element(CARD, timeout=20)
    _settled(dash_duo)
    return dash_duo.find_elements(CARD)


def _click(dash_duo, element) -> None:
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element
    )


def _restore_hidden() -> None:
    with session_scope() as session:
        session.query(HiddenEvent).delete()


def test_listener_searches_filters_saves_hides_and_opens_an_event(dash_duo, dash_app):
    _restore_hidden()
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    WebDriverWait(dash_duo.driver, 20).until(lambda d: "/login" not in d.current_url)
    dash_duo.driver.get(dash_duo.server_url + "/events?when=all")
    first = _cards(dash_duo)[0]
    assert "You played" in first.text
    assert _markers(dash_duo) > 0
    artist = re.search(r"You played (.+) [\d,]+ times?$", first.text, re.MULTILINE).group(1)
    # Search with a typo; the URL records it and Back undoes it.
    box = dash_duo.find_element("#explorer-q")
    box.send_keys(artist[:-1] + "q" + Keys.ENTER)
    WebDriverWait(dash_duo.driver, 20).until(lambda d: "q=" in d.current_url)
    _settled(dash_duo)
    assert any(artist in c.text for c in _cards(dash_duo))
    dash_duo.driver.back()
    WebDriverWait(dash_duo.driver, 20).until(lambda d: "q=" not in d.current_url)
    dash_duo.wait_for_text_to_equal("#explorer-q", "", timeout=20)
    # A genre filter from the URL: every card carries the genre; reload keeps it.
    dash_duo.driver.get(dash_duo.server_url + "/events?when=all&genres=Jazz")
    assert all("Jazz" in c.text for c in _cards(dash_duo))
    dash_duo.driver.refresh()
    assert all("Jazz" in c.text for c in _cards(dash_duo))
    # Save the first card, see it on Saved.
    dash_duo.driver.get(dash_duo.server_url + "/events?when=all")
    card = _cards(dash_duo)[0]
    title = card.find_element("css selector", "h3").text
    _click(dash_duo, card.find_element("css selector", "button[id*='event-save']"))
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "Saved" in card.text)
    # Hide the second card: it leaves the list.
    second = _cards(dash_duo)[1]
    hidden_title = second.find_element("css selector", "h3").text
    _click(dash_duo, second.find_element("css selector", "button[id*='event-hide']"))
    WebDriverWait(dash_duo.driver, 10).until(lambda d: not second.is_displayed())
    dash_duo.driver.get(dash_duo.server_url + "/saved")
    dash_duo.wait_for_text_to_equal("#saved-hidden a", hidden_title, timeout=20)
    assert title in dash_duo.find_element("#saved-upcoming").text
    _click(dash_duo, dash_duo.find_element("#saved-hidden button"))
    WebDriverWait(dash_duo.driver, 10).until(
        lambda d: not d.find_element("css selector", "#saved-hidden li").is_displayed()
    )
    # The calendar file of the saved show, fetched as the browser would download it.
    href = dash_duo.find_element("#saved-upcoming a[href*='calendar.ics']").get_attribute("href")
    body = dash_duo.driver.execute_async_script(
        "fetch(arguments[0]).then(r => r.text()).then(arguments[1])", href
    )
    assert body.startswith("BEGIN:VCALENDAR") and "TZID=" in body
    # Open the event page from the card title.
    _click(dash_duo, dash_duo.driver.find_element("link text", title))
    dash_duo.wait_for_element("#event-page-body h1", timeout=20)
    assert dash_duo.find_element("#event-page-body h1").text == title
    tickets = dash_duo.find_element("#event-page-body a[href*='/go/']")
    assert "noopener" in tickets.get_attribute("rel")
    assert console_errors(dash_duo) == []


def test_guest_sees_events_by_date_with_markers_and_a_login_prompt(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/events?city=everywhere")
    cards = _cards(dash_duo)
    assert "sorted by date" in dash_duo.find_element("#explorer-summary").text
    assert "Log in to save" in cards[0].text and "You played" not in cards[0].text
    assert _markers(dash_duo) > 0
    dash_duo.driver.set_window_size(390, 900)  # phone: map above the list, both shown
    assert dash_duo.find_element("#explorer-map").is_displayed()
    WebDriverWait(dash_duo.driver, 10).until(
        lambda d: d.execute_script("return window.innerWidth") <= 390
    )
    wide = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert dash_duo.driver.execute_script(wide) <= 0  # nothing pushes the page sideways
    assert console_errors(dash_duo) == []


RING = "#explorer-map path.leaflet-interactive"


def _ring(dash_duo) -> dict:
    """The hover ring's stroke opacity and shape (its path moves with the hovered card)."""
    return dash_duo.driver.execute_script(
        "var p = document.querySelector(arguments[0]);"
        "return p && {opacity: p.getAttribute('stroke-opacity'), d: p.getAttribute('d')};",
        RING,
    )


def test_hovering_a_card_rings_its_place_on_the_map(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/events?city=everywhere")
    cards = _cards(dash_duo)
    _markers(dash_duo)
    assert _ring(dash_duo)["opacity"] == "0"  # nothing hovered: the ring is invisible
    first = next(c for c in cards if c.get_attribute("data-lat"))
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", first)
    ActionChains(dash_duo.driver).move_to_element(first).perform()
    WebDriverWait(dash_duo.driver, 10).until(lambda d: _ring(dash_duo)["opacity"] == "1")
    shown = _ring(dash_duo)["d"]
    other = next(
        c
        for c in cards
        if c.get_attribute("data-lat")
        and (c.get_attribute("data-lat"), c.get_attribute("data-lng"))
        != (first.get_attribute("data-lat"), first.get_attribute("data-lng"))
    )
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", other)
    ActionChains(dash_duo.driver).move_to_element(other).perform()
    WebDriverWait(dash_duo.driver, 10).until(lambda d: _ring(dash_duo)["d"] != shown)
    assert _ring(dash_duo)["opacity"] == "1"
    ActionChains(dash_duo.driver).move_to_element(dash_duo.find_element("h1")).perform()
    WebDriverWait(dash_duo.driver, 10).until(lambda d: _ring(dash_duo)["opacity"] == "0")
    assert console_errors(dash_duo) == []
