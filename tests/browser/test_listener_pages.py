"""Browser tests of listener fixes: the forbidden-page notice, the theme following the system,
a 20-year calendar, and Wrapped opening on the last year with plays."""

from __future__ import annotations

import itertools
import struct
import uuid
from datetime import datetime, timedelta

from selenium.webdriver.support.ui import WebDriverWait

from data.db import session_scope
from data.models import Artist, Play, Track
from data.services.accounts import register
from data.text import name_key
from tests.browser.test_shell import _visit, log_in

PASSWORD = "browser-listener-pw"
FIRST_YEAR, LAST_YEAR = 2005, 2024  # 20 calendar years of history


def _theme(dash_duo) -> str:
    return dash_duo.driver.execute_script(
        "return document.documentElement.getAttribute('data-bs-theme')"
    )


def _emulate(dash_duo, scheme: str) -> None:
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )


def test_forbidden_page_and_theme_following_the_system(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)  # the demo listener: not an admin, not a promoter
    _visit(dash_duo, "/admin")
    notice = dash_duo.wait_for_element("#forbidden", timeout=15)
    assert "This page is for admins" in notice.text
    assert "admin" in notice.text.split("\n", 1)[1]
    assert dash_duo.get_logs() == []  # no TypeError behind a blank page any more

    dash_duo.driver.execute_script("localStorage.removeItem('theme-choice')")
    _emulate(dash_duo, "light")
    _visit(dash_duo, "/wrapped?period=all&tab=clock")
    assert _theme(dash_duo) == "light"
    _emulate(dash_duo, "dark")  # the system switches while the page is open
    WebDriverWait(dash_duo.driver, 5).until(lambda _d: _theme(dash_duo) == "dark")
    # the charts redraw in the dark palette (server-side theming follows the store)
    WebDriverWait(dash_duo.driver, 15).until(
        lambda d: d.execute_script(
            "var g = document.querySelector('#wrapped-clock .js-plotly-plot');"
            "return g && g.layout && g.layout.font.color === '#dee2e6';"
        )
    )
    _emulate(dash_duo, "light")
    WebDriverWait(dash_duo.driver, 5).until(lambda _d: _theme(dash_duo) == "light")

    dash_duo.find_element("#theme-toggle").click()  # the user picks: dark from now on
    WebDriverWait(dash_duo.driver, 5).until(lambda _d: _theme(dash_duo) == "dark")
    _emulate(dash_duo, "dark")
    _emulate(dash_duo, "light")
    dash_duo.driver.refresh()
    dash_duo.wait_for_element(".app-navbar")
    assert _theme(dash_duo) == "dark"
    assert dash_duo.get_logs() == []


def _twenty_years(email: str) -> None:
    """A listener whose plays span 2005-2024 (a few days a month), nothing since."""
    with session_scope() as session:
        account = register(session, email, PASSWORD)
        artist = Artist(name="Decades Band", name_key=name_key(f"decades band {email}"))
        session.add(artist)
        session.flush()
        track = Track(name="Long Song", artist_id=artist.id, track_key=f"music|decades|{email}")
        session.add(track)
        session.flush()
        day = datetime(FIRST_YEAR, 1, 3, 12)
        while day.year <= LAST_YEAR:
            session.add(
                Play(
                    user_id=account.id,
                    ended_at=day,
                    ms_played=180_000,
                    track_id=track.id,
                    artist_id=artist.id,
                    kind="music",
                )
            )
            day += timedelta(days=9)


def test_twenty_year_history_opens_on_its_last_year_and_the_calendar_stays_readable(
    dash_duo, dash_app
):
    email = f"decades-{uuid.uuid4().hex[:8]}@example.org"
    _twenty_years(email)
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/login?next=/wrapped")
    dash_duo.wait_for_element("#login-submit")
    dash_duo.find_element("input[name=email]").send_keys(email)
    dash_duo.find_element("input[name=password]").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_element("#wrapped-cards .stat-card", timeout=20)
    WebDriverWait(dash_duo.driver, 10).until(lambda d: f"year={LAST_YEAR}" in d.current_url)
    assert "▼ 100%" not in dash_duo.find_element("#wrapped-cards").text

    _visit(dash_duo, "/wrapped?period=all&tab=clock")
    dash_duo.wait_for_element("#wrapped-calendar .main-svg", timeout=30)
    grids = dash_duo.driver.execute_script(
        "var l = document.querySelector('#wrapped-calendar .js-plotly-plot')._fullLayout;"
        "return Object.keys(l).filter(k => /^yaxis\\d*$/.test(k))"
        ".map(k => [l[k]._offset, l[k]._length, l[k].title.text]);"
    )
    assert len(grids) == LAST_YEAR - FIRST_YEAR + 1
    grids.sort()
    assert grids[0][2] == str(LAST_YEAR)  # newest year on top
    for (top, height, _year), (below, _h, _y) in itertools.pairwise(grids):
        assert height >= 100  # a year's seven rows of cells stay readable
        assert top + height < below  # and never overlap the next year
    assert dash_duo.get_logs() == []


def test_phone_filter_bar_is_one_line_and_toolbars_leave_titles_alone(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.set_window_size(390, 844)
    log_in(dash_duo)
    _visit(dash_duo, "/wrapped?period=all&tab=clock")
    dash_duo.wait_for_element("#wrapped-clock .main-svg", timeout=30)
    dash_duo.wait_for_contains_text("#wrapped-filters-summary", "All time · Minutes · Music")
    bar = dash_duo.find_element(".wrapped-filters")
    assert bar.size["height"] < 70, bar.size  # one line, not the six controls
    assert not dash_duo.find_element("#wrapped-period").is_displayed()
    # no Plotly toolbar drawn over the chart titles on a phone
    bars = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.modebar-container'))"
        ".filter(e => e.offsetParent !== null).length"
    )
    assert bars == 0
    dash_duo.find_element("#wrapped-filters-toggle").click()
    WebDriverWait(dash_duo.driver, 5).until(
        lambda _d: dash_duo.find_element("#wrapped-period").is_displayed()
    )
    dash_duo.find_element("#wrapped-filters-toggle").click()  # closed again
    WebDriverWait(dash_duo.driver, 5).until(
        lambda _d: not dash_duo.find_element("#wrapped-period").is_displayed()
    )
    dash_duo.driver.set_window_size(1280, 900)  # from 576 px up the controls always show
    WebDriverWait(dash_duo.driver, 5).until(
        lambda _d: not dash_duo.find_element("#wrapped-filters-toggle").is_displayed()
    )
    assert dash_duo.find_element("#wrapped-period").is_displayed()
    assert dash_duo.get_logs() == []


def test_track_and_album_pages_from_the_lists(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    _visit(dash_duo, "/wrapped?period=all")
    link = dash_duo.wait_for_element("#wrapped-top-tracks li a", timeout=20)
    href = link.get_attribute("href")
    assert "/track/" in href
    link.click()
    dash_duo.wait_for_contains_text("#item-header", "first played", timeout=20)
    dash_duo.wait_for_element("#item-months .main-svg", timeout=20)
    header = dash_duo.find_element("#item-header").text
    assert header.startswith("Track") and "plays" in header and "% of your plays of" in header
    assert "Part of" in dash_duo.find_element("#item-sessions").text
    album = dash_duo.find_elements("#item-header a[href^='/album/']")
    if album:  # demo tracks come with albums
        album[0].click()
        dash_duo.wait_for_contains_text("#item-header", "Album", timeout=20)
        dash_duo.wait_for_contains_text("#item-header", "first played", timeout=20)
    dash_duo.find_element("#item-header a[href^='/artist/']").click()
    dash_duo.wait_for_element("#artist-header h1", timeout=20)
    assert dash_duo.get_logs() == []


def test_year_in_review_is_in_the_nav_and_downloads_a_story_sized_png(dash_duo, dash_app, tmp_path):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    _visit(dash_duo, "/wrapped")
    assert dash_duo.find_element("#wrapped-recap").get_attribute("href").endswith("/wrapped/year")
    nav = dash_duo.find_element(".app-navbar a.nav-link[href='/wrapped/year']")
    assert nav.text == "Year in review"
    nav.click()
    dash_duo.wait_for_element("#year-recap .main-svg", timeout=30)
    title = dash_duo.find_element("h1").text
    assert title.endswith(" in review") and title[:4].isdigit()
    dash_duo.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    dash_duo.find_element("#year-download").click()
    WebDriverWait(dash_duo.driver, 30).until(lambda _d: list(tmp_path.glob("*.png")))
    png = next(tmp_path.glob("*.png")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert (width, height) == (1080, 1920)
    assert dash_duo.get_logs() == []


def test_every_filter_bar_is_one_line_on_a_phone(dash_duo, dash_app):
    """The map's and Spotify tops' filters too: a one-line summary that opens them, which
    follows the choices; from 576 px up the controls show and the summary does not."""
    dash_duo.start_server(dash_app)
    dash_duo.driver.set_window_size(390, 844)
    log_in(dash_duo)
    pages = (
        ("/wrapped/tops?items=tracks", "tops", "#tops-range", "Tracks · "),
        ("/map", "map", "#map-layers", "All genres · "),
    )
    for path, key, control, summary in pages:
        _visit(dash_duo, path)
        toggle = f"#{key}-filters-toggle"
        dash_duo.wait_for_contains_text(f"#{key}-filters-summary", summary, timeout=20)
        assert dash_duo.find_element(toggle).size["height"] < 50
        assert not dash_duo.find_element(control).is_displayed()
        dash_duo.find_element(toggle).click()
        WebDriverWait(dash_duo.driver, 5).until(
            lambda _d, c=control: dash_duo.find_element(c).is_displayed()
        )
    # The summary follows a change: tops back to artists.
    _visit(dash_duo, "/wrapped/tops?items=tracks")
    dash_duo.find_element("#tops-filters-toggle").click()
    label = "//*[@id='tops-type']//label[normalize-space()='Artists']"
    WebDriverWait(dash_duo.driver, 5).until(lambda d: d.find_element("xpath", label).is_displayed())
    dash_duo.driver.find_element("xpath", label).click()
    dash_duo.wait_for_contains_text("#tops-filters-summary", "Artists · ", timeout=10)
    dash_duo.driver.set_window_size(1280, 900)
    WebDriverWait(dash_duo.driver, 5).until(
        lambda _d: not dash_duo.find_element("#tops-filters-toggle").is_displayed()
    )
    assert dash_duo.find_element("#tops-range").is_displayed()
    assert [e for e in dash_duo.get_logs() if "/assets/tiles/" not in e.get("message", "")] == []
