"""Back undoes a filter or pager change: control and URL restored, on the explorer, Wrapped,
/views, Search, Admin, Insights and Promoter (/saved and the map have their own tests).

One logged-in browser per role visits the pages in sequence (a browser start costs seconds).
Each visit: open the page, change one thing, see the URL follow, press Back, and see both the
URL and the control as they were.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from data.db import session_scope
from data.models import FeedRun, SavedView
from data.queries.accounts import find_user_id
from data.services.views import save_view
from tests.browser.conftest import console_errors
from tests.browser.test_shell import log_in

LISTENER = "listener@demo.rewrapped"
ADMIN = "admin@demo.rewrapped"
VIEW_PREFIX = "Back test view "


@pytest.fixture
def listener_views(dash_app):
    """Twelve saved views for the demo listener: two pages on /views."""
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        for i in range(12):
            save_view(session, uid, f"{VIEW_PREFIX}{i:02d}", "/wrapped", "?period=all", "private")
    yield
    with session_scope() as session:
        session.query(SavedView).filter(SavedView.name.startswith(VIEW_PREFIX)).delete()


@pytest.fixture
def many_runs(dash_app):
    """Fifteen feed runs, three failed: more than one page of the admin's runs table."""
    with session_scope() as session:
        for i in range(15):
            status = "failed" if i % 5 == 0 else "finished"
            session.add(FeedRun(source="ical", status=status, fetched=i, error=None))


def _query(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def _settled(driver) -> None:
    """The page has rendered: what follows is a person's change (see assets/urlstate.js)."""
    driver.execute_script("window.rwRenderedAt = 0")


def _click_page(driver, pager: str, number: int) -> None:
    driver.execute_script(
        "var a = Array.from(document.querySelectorAll(arguments[0] + ' .page-link'))"
        ".find(a => a.textContent.trim() === String(arguments[1]));"
        "a.scrollIntoView({block: 'center'}); a.click();",
        f"#{pager}",
        number,
    )


def _active_page(driver, pager: str) -> str | None:
    return driver.execute_script(
        "var a = document.querySelector(arguments[0] + ' .active');"
        "return a && a.textContent.replace('(current)', '').trim();",
        f"#{pager}",
    )


def _wait_url(driver, check, timeout: int = 20) -> None:
    WebDriverWait(driver, timeout).until(lambda d: check(_query(d)))


def _wait_page(driver, pager: str, number: int, timeout: int = 20) -> None:
    WebDriverWait(driver, timeout).until(lambda d: _active_page(d, pager) == str(number))


def _pager_back(dash_duo, path: str, pager: str, key: str, ready: str) -> None:
    """On ``path`` (page 1), go to page 2 of ``pager``: ``key=2``; Back: page 1, no ``key``."""
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(ready, timeout=30)
    _wait_page(driver, pager, 1)
    before = driver.current_url
    _click_page(driver, pager, 2)
    _wait_url(driver, lambda q: q.get(key) == ["2"])
    _wait_page(driver, pager, 2)
    driver.back()
    WebDriverWait(driver, 20).until(lambda d: d.current_url == before)
    dash_duo.wait_for_element(ready, timeout=30)
    _wait_page(driver, pager, 1)
    assert key not in _query(driver), path


def _checked_label(driver, control: str) -> str | None:
    return driver.execute_script(
        "var i = document.querySelector(arguments[0] + ' input:checked');"
        "return i && document.querySelector('label[for=\"' + i.id + '\"]').textContent;",
        f"#{control}",
    )


def _radio_back(dash_duo, path: str, control: str, label: str, key: str, ready: str) -> None:
    """On ``path``, pick radio ``label`` of ``control``: ``key`` in the URL; Back: as before."""
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(ready, timeout=30)
    shown, before = _checked_label(driver, control), driver.current_url
    assert shown != label
    _settled(driver)
    driver.execute_script(
        "Array.from(document.querySelectorAll(arguments[0] + ' label'))"
        ".find(l => l.textContent === arguments[1]).click()",
        f"#{control}",
        label,
    )
    _wait_url(driver, lambda q: key in q)
    driver.back()
    WebDriverWait(driver, 20).until(lambda d: d.current_url == before)
    dash_duo.wait_for_element(ready, timeout=30)
    WebDriverWait(driver, 10).until(lambda d: _checked_label(d, control) == shown)


def _pick(dash_duo, control: str, label: str) -> None:
    """Open dcc.Dropdown ``control`` and choose its first option starting with ``label``."""
    driver = dash_duo.driver
    driver.execute_script("arguments[0].click()", dash_duo.find_element(f"#{control}"))
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script(
            "var o = Array.from(document.querySelectorAll('.dash-dropdown-option'))"
            ".find(o => o.textContent.trim().startsWith(arguments[0]));"
            "if (o) { o.click(); } return !!o;",
            label,
        )
    )


def _dropdown_text(dash_duo, control: str) -> str:
    return dash_duo.find_element(f"#{control}").text.strip()


def _dropdown_back(dash_duo, path, control, label, key, ready, pager=None) -> None:
    """On ``path``, choose ``label`` of dropdown ``control``: ``key`` in the URL (and ``pager``,
    if given, back on page 1); one Back restores the URL, the choice and the pager's page."""
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(ready, timeout=30)
    page = pager and _active_page(driver, pager)
    shown, before = _dropdown_text(dash_duo, control), driver.current_url
    _settled(driver)
    _pick(dash_duo, control, label)
    _wait_url(driver, lambda q: key in q and q != parse_qs(urlsplit(before).query))
    chosen = _query(driver)[key]
    if pager:
        _wait_page(driver, pager, 1)
    driver.back()
    WebDriverWait(driver, 20).until(lambda d: d.current_url == before)
    dash_duo.wait_for_element(ready, timeout=30)
    WebDriverWait(driver, 10).until(lambda d: _dropdown_text(dash_duo, control) == shown)
    assert _query(driver).get(key) != chosen
    if pager:
        _wait_page(driver, pager, int(page))


def _filter_resets_pager_back(dash_duo) -> None:
    """Wrapped on page 2 of recently played; Podcasts shows page 1; one Back: Music, page 2."""
    driver, pager = dash_duo.driver, "wrapped-recent-page"
    driver.get(dash_duo.server_url + "/wrapped?period=all&recent=2")
    dash_duo.wait_for_element("#wrapped-recent table", timeout=30)
    _wait_page(driver, pager, 2)
    before = driver.current_url
    _settled(driver)
    driver.execute_script(
        "Array.from(document.querySelectorAll('#wrapped-content label'))"
        ".find(l => l.textContent === 'Podcasts').click()"
    )
    _wait_url(driver, lambda q: q.get("content") == ["podcast"] and "recent" not in q)
    _wait_page(driver, pager, 1)
    driver.back()
    WebDriverWait(driver, 20).until(lambda d: d.current_url == before)
    dash_duo.wait_for_element("#wrapped-recent table", timeout=30)
    _wait_page(driver, pager, 2)
    assert _checked_label(driver, "wrapped-content") == "Music"


def test_back_restores_the_listeners_pages(dash_duo, dash_app, listener_views):
    dash_duo.start_server(dash_app)
    log_in(dash_duo, LISTENER)
    cards = "#explorer-list [id*='event-card']"
    _pager_back(dash_duo, "/events?when=all", "explorer-page", "page", cards)
    _radio_back(dash_duo, "/events?when=all", "explorer-sort", "Date", "sort", cards)
    recent = "#wrapped-recent table"
    _pager_back(dash_duo, "/wrapped?period=all", "wrapped-recent-page", "recent", recent)
    _radio_back(dash_duo, "/wrapped?period=all", "wrapped-measure", "Plays", "measure", recent)
    _filter_resets_pager_back(dash_duo)
    _pager_back(dash_duo, "/views", "views-page", "page", "#views-table .list-group-item")
    # Search: a second query typed, then Back shows the first query and its results again.
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/search?q=the")
    dash_duo.wait_for_element("#search-results a", timeout=30)
    before = driver.current_url
    _settled(driver)
    box = dash_duo.find_element("#search-input")
    box.send_keys(Keys.BACKSPACE * 3 + "love")
    _wait_url(driver, lambda q: q.get("q") == ["love"])
    driver.back()
    WebDriverWait(driver, 20).until(lambda d: d.current_url == before)
    WebDriverWait(driver, 20).until(
        lambda d: d.find_element("css selector", "#search-input").get_attribute("value") == "the"
    )
    assert console_errors(dash_duo) == []


def test_back_restores_the_admins_and_analysts_pages(dash_duo, dash_app, many_runs):
    dash_duo.start_server(dash_app)
    log_in(dash_duo, ADMIN)
    runs = "#admin-runs-table table"
    _pager_back(dash_duo, "/admin", "admin-runs-page", "page", runs)
    _dropdown_back(
        dash_duo, "/admin?page=2", "admin-runs-status", "failed", "status", runs, "admin-runs-page"
    )
    _pager_back(dash_duo, "/promoter", "promoter-events-page", "epage", "#promoter-events table")
    venues = "#insights-venues table"
    _pager_back(dash_duo, "/insights", "insights-venues-page", "vpage", venues)
    _dropdown_back(
        dash_duo,
        "/insights?vpage=2",
        "insights-city",
        "Berlin",
        "city",
        venues,
        "insights-venues-page",
    )
    assert console_errors(dash_duo) == []
