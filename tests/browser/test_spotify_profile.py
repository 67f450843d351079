"""Connect Spotify from the Profile page in a real browser, against the loopback fake."""

from __future__ import annotations

import dataclasses
import re
import uuid

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

from data.db import session_scope
from data.services import accounts
from tests.integration.fake_spotify import CLIENT_ID, CLIENT_SECRET, FakeSpotify, track_object
from workers import context


@pytest.fixture
def fake():
    server = FakeSpotify()
    server.start()
    yield server
    server.stop()


# The card is re-rendered by polling and replaced by full-page navigations (the OAuth
# round trip, the disconnect form), so any element handle may go stale between lookups.
_TRANSIENT = (NoSuchElementException, StaleElementReferenceException)


def _card_text(dash_duo) -> str:
    return dash_duo.find_element("#spotify-section").text


def _click(dash_duo, selector: str, timeout: float = 10) -> None:
    def click(_driver) -> bool:
        element = dash_duo.find_element(selector)
        dash_duo.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
        )
        element.click()
        return True

    WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=_TRANSIENT).until(click)


def _wait_text(dash_duo, words: str, timeout: float = 30) -> None:
    WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=_TRANSIENT).until(
        lambda _d: words in _card_text(dash_duo)
    )


def test_connect_sync_now_and_disconnect_from_the_profile(dash_duo, dash_app, fake, monkeypatch):
    for i in range(3):
        track = track_object(f"t{i}", f"Song {i}", "a1", "Khruangbin", "Mordechai", 200_000)
        fake.add_play(1_763_000_000_000 + i * 300_000, track)
    dash_duo.start_server(dash_app)
    base = f"http://127.0.0.1:{dash_duo.server.port}"  # the redirect URI's host, not localhost
    settings = dataclasses.replace(
        dash_app.server.config["SETTINGS"],
        spotify_client_id=CLIENT_ID,
        spotify_client_secret=CLIENT_SECRET,
        spotify_redirect_uri=f"{base}/spotify/callback",
        spotify_accounts_url=fake.base_url,
        spotify_api_url=f"{fake.base_url}/v1/",
    )
    monkeypatch.setitem(dash_app.server.config, "SETTINGS", settings)
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as session:
        accounts.register(session, email, "demo-password")

    driver = dash_duo.driver
    driver.get(f"{base}/login")
    dash_duo.wait_for_element("#login-submit")
    dash_duo.find_element("input[name=email]").send_keys(email)
    dash_duo.find_element("input[name=password]").send_keys("demo-password")
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_element(".app-navbar")
    driver.get(f"{base}/profile")
    _wait_text(dash_duo, "Not connected")

    _click(dash_duo, "#spotify-actions a")  # Spotify's consent page, then back
    _wait_text(dash_duo, "Connected as Fake Listener")
    assert "spotify=connected" in driver.current_url
    # The first sync's run (3 plays added) shows in the card's table, finished or polled.
    WebDriverWait(driver, 30, ignored_exceptions=_TRANSIENT).until(
        lambda _d: re.search(r"done 3\b", _card_text(dash_duo))
    )

    _click(dash_duo, "#spotify-sync-now")
    _wait_text(dash_duo, "Sync done: 0 new plays")

    driver.set_window_size(390, 844)  # a phone: the card must not overflow sideways
    overflow = "return document.documentElement.scrollWidth - window.innerWidth"
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(overflow) <= 0)

    _click(dash_duo, "#spotify-actions form button")
    _wait_text(dash_duo, "Spotify is disconnected and its tokens are deleted")
    assert "Not connected" in _card_text(dash_duo)
    assert dash_duo.get_logs() == []
