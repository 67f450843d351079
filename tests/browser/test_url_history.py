"""Filters push history entries: Back undoes a filter change and the page shows the old state."""

from __future__ import annotations

from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.test_shell import log_in


def test_back_undoes_a_tab_change_on_wrapped(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/wrapped?period=all")
    dash_duo.wait_for_element("#wrapped-cards .stat-card", timeout=20)
    length = driver.execute_script("return history.length")
    driver.execute_script("window.rwRenderedAt = 0")  # the page has settled: changes are user's
    driver.execute_script(
        "Array.from(document.querySelectorAll('#wrapped-tabs .nav-link'))"
        ".find(a => a.textContent === 'Genres').click()"
    )
    WebDriverWait(driver, 10).until(lambda d: "tab=genres" in d.current_url)
    assert driver.execute_script("return history.length") == length + 1
    driver.back()
    WebDriverWait(driver, 20).until(lambda d: "tab=genres" not in d.current_url)
    dash_duo.wait_for_element("#wrapped-cards .stat-card", timeout=20)
    active = dash_duo.find_element("#wrapped-tabs .nav-link.active").text
    assert active == "Overview"
    assert dash_duo.get_logs() == []


def test_recently_played_page_is_in_the_url_and_survives_a_reload(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/wrapped?period=all")
    dash_duo.wait_for_element("#wrapped-recent table", timeout=20)
    driver.execute_script("window.rwRenderedAt = 0")
    driver.execute_script(
        "Array.from(document.querySelectorAll('#wrapped-recent-page .page-link'))"
        ".find(a => a.textContent.trim() === '3').click()"
    )
    WebDriverWait(driver, 30).until(lambda d: "recent=3" in d.current_url)
    driver.refresh()
    dash_duo.wait_for_element("#wrapped-recent table", timeout=20)
    WebDriverWait(driver, 10).until(
        lambda d: (
            d.execute_script(
                "var a = document.querySelector('#wrapped-recent-page .active');"
                "return a && a.textContent.replace('(current)', '').trim();"
            )
            == "3"
        )
    )
    assert "recent=3" in driver.current_url
    assert dash_duo.get_logs() == []
