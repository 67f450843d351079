"""Browser smoke tests: Insights, saved views and the alerts UI render with no console errors."""

from __future__ import annotations

from tests.browser.test_shell import log_in


def test_analyst_saves_an_insights_view_and_finds_it_on_views(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo, "analyst@demo.rewrapped")
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/insights")
    dash_duo.wait_for_element("#insights-monthly .main-svg", timeout=30)
    dash_duo.wait_for_element("#insights-venues table", timeout=30)
    dash_duo.find_element("#view-save-open-insights").click()
    name = dash_duo.wait_for_element("input[id*='view-name']", timeout=10)
    name.send_keys("Browser test view")
    dash_duo.find_element("button[id*='\"view-save\"']").click()
    dash_duo.wait_for_text_to_equal("div[id*='view-status'] > div", "Saved. Your views", timeout=15)
    driver.get(dash_duo.server_url + "/views")
    dash_duo.wait_for_contains_text("#views-table", "Browser test view", timeout=20)
    assert dash_duo.get_logs() == []


def test_listener_sees_the_bell_and_profile_alerts(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    dash_duo.driver.get(dash_duo.server_url + "/profile")
    dash_duo.wait_for_contains_text("#alerts-list", "Weekly digest", timeout=20)
    dash_duo.find_element("#bell-button").click()
    dash_duo.wait_for_element("#bell-list", timeout=10)
    assert dash_duo.get_logs() == []
