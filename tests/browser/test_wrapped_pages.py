"""Browser smoke test of the listening pages as the demo listener: no console errors."""

from __future__ import annotations

import os

from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.test_shell import log_in

SHOTS = os.environ.get("REWRAPPED_SCREENSHOTS")  # a directory: save screenshots for review


def _settled(dash_duo) -> None:
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(
            "return !document.querySelector('[data-dash-is-loading=\"true\"]')"
        )
    )


def _shot(dash_duo, name: str) -> None:
    if SHOTS:
        dash_duo.driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def test_wrapped_artist_and_year_pages_render(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    dash_duo.driver.get(dash_duo.server_url + "/wrapped?period=all")
    dash_duo.wait_for_element("#wrapped-cards .stat-card", timeout=20)
    dash_duo.wait_for_element("#wrapped-top-artists li", timeout=20)
    assert "All time" in dash_duo.find_element("#wrapped-period-label").text
    _shot(dash_duo, "wrapped-overview")
    for tab, label, probe in (
        ("genres", "Genres", "#wrapped-genres .main-svg"),
        ("clock", "When", "#wrapped-calendar .main-svg"),
        ("habits", "Habits", "#wrapped-sessions details"),
        ("discovery", "Discovery", "#wrapped-sankey .main-svg"),
    ):
        dash_duo.driver.execute_script(
            "Array.from(document.querySelectorAll('#wrapped-tabs .nav-link'))"
            ".find(a => a.textContent === arguments[0]).click()",
            label,
        )
        dash_duo.wait_for_element(probe, timeout=20)
        _settled(dash_duo)
        assert f"tab={tab}" in dash_duo.driver.current_url
        _shot(dash_duo, f"wrapped-{tab}")
    dash_duo.driver.get(dash_duo.server_url + "/wrapped?period=all")
    link = dash_duo.wait_for_element("#wrapped-top-artists li a", timeout=20)
    artist_href = link.get_attribute("href")
    assert "/artist/" in artist_href
    dash_duo.driver.get(artist_href)
    dash_duo.wait_for_element("#artist-header h1", timeout=20)
    dash_duo.wait_for_element("#artist-months .main-svg", timeout=20)
    assert "plays" in dash_duo.find_element("#artist-header").text
    _settled(dash_duo)
    _shot(dash_duo, "artist")
    year = dash_duo.driver.execute_script("return new Date().getFullYear() - 1")
    dash_duo.driver.get(dash_duo.server_url + f"/wrapped/year/{year}")
    dash_duo.wait_for_element("#year-recap .main-svg", timeout=20)
    _settled(dash_duo)
    assert f"Demo Listener's {year} on Re-Wrapped" in dash_duo.find_element("#year-recap").text
    _shot(dash_duo, "year")
    assert dash_duo.get_logs() == []


def test_phone_width_dark_theme_and_recap_download(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    dash_duo.driver.set_window_size(390, 844)
    dash_duo.driver.get(dash_duo.server_url + "/wrapped?period=all&tab=clock")
    dash_duo.wait_for_element("#wrapped-clock .main-svg", timeout=20)
    _settled(dash_duo)
    font = "return document.querySelector('#wrapped-clock .js-plotly-plot').layout.font.color"
    light = dash_duo.driver.execute_script(font)
    dash_duo.driver.execute_script("document.getElementById('theme-toggle').click()")
    WebDriverWait(dash_duo.driver, 20).until(lambda d: d.execute_script(font) != light)
    assert dash_duo.driver.execute_script(font) == "#dee2e6"  # readable on the dark background
    overflow = "return document.documentElement.scrollWidth - window.innerWidth"
    assert dash_duo.driver.execute_script(overflow) <= 1  # nothing wider than the phone
    _shot(dash_duo, "phone-dark-clock")
    year = dash_duo.driver.execute_script("return new Date().getFullYear() - 1")
    dash_duo.driver.get(dash_duo.server_url + f"/wrapped/year/{year}")
    dash_duo.wait_for_element("#year-recap .main-svg", timeout=20)
    _settled(dash_duo)
    assert dash_duo.driver.execute_script(overflow) <= 1
    dash_duo.find_element("#year-download").click()
    _shot(dash_duo, "phone-dark-year")
    assert dash_duo.get_logs() == []


def test_clicking_a_day_or_month_zooms_into_it_on_lazily_built_tabs(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/wrapped?period=all&tab=clock")
    dash_duo.wait_for_element("#wrapped-calendar .main-svg", timeout=20)
    assert not driver.find_elements("css selector", "#wrapped-monthly")  # habits not built yet
    click = (
        "dash_clientside.set_props(arguments[0],"
        " {clickData: {points: [{customdata: arguments[1]}]}})"
    )
    driver.execute_script(click, "wrapped-calendar", "day:2025-01-03")
    WebDriverWait(driver, 20).until(lambda d: "start=2025-01-03&end=2025-01-03" in d.current_url)
    driver.execute_script(
        "Array.from(document.querySelectorAll('#wrapped-tabs .nav-link'))"
        ".find(a => a.textContent === 'Habits').click()"
    )
    dash_duo.wait_for_element("#wrapped-monthly .main-svg", timeout=20)
    driver.execute_script(click, "wrapped-monthly", "month:2024-02-01")
    WebDriverWait(driver, 20).until(lambda d: "start=2024-02-01&end=2024-02-29" in d.current_url)
    _settled(dash_duo)
    assert dash_duo.get_logs() == []


def test_every_play_csv_is_a_link_that_follows_the_filters(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/wrapped?period=all&skips=1")
    href = "var a = document.getElementById('wrapped-recent-export'); return a && a.href || ''"
    WebDriverWait(driver, 20).until(lambda d: "period=all" in d.execute_script(href))
    query = "?period=all&skips=1&tz=Europe%2FBerlin"  # the listener's zone, from the filter bar
    assert driver.execute_script(href) == dash_duo.server_url + "/export/plays.csv" + query
    link = dash_duo.find_element("#wrapped-recent-export")
    assert link.get_attribute("download") is not None and "btn" in link.get_attribute("class")
    driver.execute_script("dash_clientside.set_props('wrapped-period', {value: '4w'})")
    WebDriverWait(driver, 20).until(lambda d: "period=4w" in d.execute_script(href))
    assert "skips=1" in driver.execute_script(href)
    fetched = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch(document.getElementById('wrapped-recent-export').href)"
        ".then(r => r.text().then(t => done([r.status, r.headers.get('content-type'), t])))"
    )
    status, kind, text = fetched
    assert status == 200 and kind == "text/csv; charset=utf-8"
    assert text.startswith("ended (Europe/Berlin),track,artist,minutes,spotify_url\n")
    _settled(dash_duo)
    assert dash_duo.get_logs() == []
