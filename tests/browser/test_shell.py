"""Browser smoke tests of the shell: login, every page without console errors, theme, redirects."""

from __future__ import annotations

import dash
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from callbacks.server.guard import page_allowed
from callbacks.server.sessions import LoginUser
from data.db import session_scope
from data.queries.accounts import find_user_id, get_account
from tests.browser.conftest import console_errors


def log_in(dash_duo, email: str = "listener@demo.rewrapped", *, navigate: bool = True) -> None:
    if navigate:
        dash_duo.driver.get(dash_duo.server_url + "/login")
    dash_duo.wait_for_element("#login-submit")
    dash_duo.find_element("input[name=email]").send_keys(email)
    dash_duo.find_element("input[name=password]").send_keys("demo-password")
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_element(".app-navbar")


def _pages_for(email: str) -> list[str]:
    with session_scope() as session:
        account = get_account(session, find_user_id(session, email))
    user = LoginUser(account)
    return sorted(
        p["path"]
        for p in dash.page_registry.values()
        if not p.get("path_template") and page_allowed(p, user)
    )


def _visit(dash_duo, path: str) -> None:
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element("#_pages_content > *", timeout=15)
    WebDriverWait(dash_duo.driver, 15).until(
        lambda d: d.execute_script(
            "return !document.querySelector('[data-dash-is-loading=\"true\"]')"
        )
    )


@pytest.mark.parametrize(
    "email",
    ["listener@demo.rewrapped", "promoter@demo.rewrapped", "admin@demo.rewrapped"],
)
def test_every_page_renders_without_console_errors(dash_duo, dash_app, email):
    dash_duo.start_server(dash_app)
    log_in(dash_duo, email)
    for path in [*_pages_for(email), "/no-such-page"]:
        _visit(dash_duo, path)
        assert console_errors(dash_duo) == [], f"console errors on {path}"
    assert "Page not found" in dash_duo.find_element("#not-found").text


def test_logged_out_visit_to_private_page_lands_on_login(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/profile")
    dash_duo.wait_for_element("#login-submit")
    assert "/login?next=/profile" in dash_duo.driver.current_url
    assert "Please log in" in dash_duo.find_element("body").text
    log_in(dash_duo, navigate=False)
    dash_duo.wait_for_text_to_equal("h1", "Profile")


def test_landing_page_is_public_and_lists_shows(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    _visit(dash_duo, "/")
    WebDriverWait(dash_duo.driver, 15).until(
        EC.text_to_be_present_in_element((By.ID, "home-city-title"), "Next shows in")
    )
    assert dash_duo.find_elements(".event-card")
    assert dash_duo.get_logs() == []


def test_theme_toggle_switches_and_survives_reload(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    theme = lambda: dash_duo.driver.execute_script(  # noqa: E731
        "return document.documentElement.getAttribute('data-bs-theme')"
    )
    before = theme()
    assert before in ("light", "dark")
    dash_duo.find_element("#theme-toggle").click()
    WebDriverWait(dash_duo.driver, 5).until(lambda _d: theme() != before)
    after = theme()
    dash_duo.driver.refresh()
    dash_duo.wait_for_element(".app-navbar")
    assert theme() == after
    assert dash_duo.get_logs() == []


def test_phone_width_collapses_the_navbar(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.set_window_size(390, 844)
    log_in(dash_duo)
    toggler = dash_duo.find_element("#nav-toggler")
    assert toggler.is_displayed()
    toggler.click()
    dash_duo.wait_for_element("#nav-collapse.show", timeout=5)
    assert dash_duo.get_logs() == []


def test_expired_session_sends_the_user_to_login_with_a_message(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    log_in(dash_duo)
    _visit(dash_duo, "/profile")
    dash_duo.driver.delete_all_cookies()  # the session is gone, the page is still open
    dash_duo.find_element("#profile-save").click()
    dash_duo.wait_for_element("#login-submit", timeout=15)
    assert "expired=1" in dash_duo.driver.current_url
    assert "Your session has expired" in dash_duo.find_element("body").text
    log_in(dash_duo, navigate=False)
    dash_duo.wait_for_text_to_equal("h1", "Profile")
