"""Browser test of the Admin page: log in as the demo admin, upload a small events CSV,
follow the ingest job and read the run report; then the same page at phone width, dark."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from urllib.parse import urlencode

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

ADMIN = "admin@demo.rewrapped"


def _csv(path, tag: str):
    day = (date.today() + timedelta(days=21)).isoformat()
    path.write_text(
        "source_id,title,date,time,timezone,venue,city,country,lat,lng,artists,genres\n"
        f"{tag}-1,Browser Upload Night,{day},20:00,Europe/Berlin,Club {tag},Berlin,DE,"
        f"52.52,13.40,DJ {tag},techno\n"
        f"{tag}-2,No Date Show,,,,Club {tag},Berlin,DE,,,,\n"
    )
    return path


def _login(dash_duo, path: str) -> None:
    dash_duo.driver.get(dash_duo.server_url + "/login?" + urlencode({"next": path}))
    dash_duo.wait_for_element("#login-submit")
    dash_duo.find_element("input[name=email]").send_keys(ADMIN)
    dash_duo.find_element("input[name=password]").send_keys("demo-password")
    dash_duo.find_element("#login-submit").click()


def test_admin_uploads_a_csv_and_sees_the_run_report(dash_duo, dash_app, tmp_path):
    tag = f"b{uuid.uuid4().hex[:8]}"
    csv_path = _csv(tmp_path / "events.csv", tag)
    dash_duo.start_server(dash_app)
    _login(dash_duo, "/admin")
    dash_duo.wait_for_element("#admin-drop", timeout=15)
    dash_duo.wait_for_contains_text("#admin-sources", "ticketmaster", timeout=15)
    dash_duo.wait_for_contains_text("#admin-heartbeats", "job:rollups", timeout=15)
    assert "Admin" in dash_duo.find_element(".app-navbar").text

    # A native file dialog cannot be driven; a file input handed to the page's uploader can.
    dash_duo.driver.execute_script(
        "var i = document.createElement('input'); i.type = 'file'; i.id = 'test-file';"
        "document.body.appendChild(i);"
    )
    dash_duo.find_element("#test-file").send_keys(str(csv_path))
    dash_duo.driver.execute_script(
        "window.rwUpload('admin-drop', document.getElementById('test-file').files)"
    )

    dash_duo.wait_for_contains_text("#admin-upload-report", "(csv): finished", timeout=30)
    report = dash_duo.find_element("#admin-upload-report").text
    assert "2\nfetched" in report and "1\nnew" in report and "1\nfailed" in report
    assert "missing date" in report and f"{tag}-2" in report
    assert dash_duo.find_element("#admin-upload-progress").text == "Uploaded"
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "job=" in d.current_url)
    dash_duo.wait_for_contains_text("#admin-runs-table", "missing date", timeout=15)
    dash_duo.wait_for_contains_text("#admin-jobs-table", "admin_ingest.ingest_upload", timeout=15)
    assert dash_duo.get_logs() == []


def test_admin_page_at_phone_width_in_dark_mode(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.set_window_size(390, 844)
    _login(dash_duo, "/admin?status=throttled&source=promoter")
    dash_duo.wait_for_element("#admin-drop", timeout=15)
    dash_duo.wait_for_contains_text("#admin-sources", "ticketmaster", timeout=15)
    dash_duo.wait_for_element("#admin-fetched-chart .gtitle", timeout=15)
    theme = lambda: dash_duo.driver.execute_script(  # noqa: E731
        "return document.documentElement.getAttribute('data-bs-theme')"
    )
    if theme() != "dark":
        dash_duo.driver.execute_script("document.getElementById('theme-toggle').click()")
    WebDriverWait(dash_duo.driver, 5).until(lambda _d: theme() == "dark")
    # The chart follows the theme: its title is drawn in the dark palette's light grey.
    # Plotly redraws the title on the theme change, so a handle can go stale mid-wait.
    WebDriverWait(dash_duo.driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda _d: (
            "222, 226, 230"
            in dash_duo.find_element("#admin-fetched-chart .gtitle").value_of_css_property("fill")
        )
    )
    title = dash_duo.find_element("#admin-fetched-chart .gtitle").text
    assert title.startswith("Events fetched per day")
    assert "No feed runs match these filters." in dash_duo.find_element("#admin-runs-table").text
    page_width = dash_duo.driver.execute_script("return document.documentElement.scrollWidth")
    assert page_width <= 400, f"the page scrolls sideways at phone width ({page_width}px)"
    assert "status=throttled" in dash_duo.driver.current_url
    assert "promoter" in dash_duo.find_element("#admin-runs-source").text  # the filter from the URL
    assert dash_duo.get_logs() == []
