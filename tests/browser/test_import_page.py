"""Browser test of the Import page: upload a small zip, follow the job, read the report."""

from __future__ import annotations

import uuid

from selenium.webdriver.support.ui import WebDriverWait

from data.db import session_scope
from data.services.accounts import register
from tests import import_samples as s

PASSWORD = "browser-import-pw"


def test_upload_a_zip_and_see_the_report(dash_duo, dash_app, tmp_path):
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as session:
        register(session, email, PASSWORD)
    zip_path = s.full_zip(tmp_path / "my_spotify_data.zip")
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/login?next=/import")
    dash_duo.wait_for_element("#login-submit")
    dash_duo.find_element("input[name=email]").send_keys(email)
    dash_duo.find_element("input[name=password]").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_element("#import-drop", timeout=15)
    dash_duo.wait_for_contains_text("#import-past", "Privacy settings", timeout=15)

    # A native file dialog cannot be driven; a file input handed to the page's uploader can.
    dash_duo.driver.execute_script(
        "var i = document.createElement('input'); i.type = 'file'; i.id = 'test-file';"
        "document.body.appendChild(i);"
    )
    dash_duo.find_element("#test-file").send_keys(str(zip_path))
    dash_duo.driver.execute_script(
        "window.rwUpload('import-drop', document.getElementById('test-file').files)"
    )

    dash_duo.wait_for_contains_text("#import-report", "Import finished", timeout=30)
    numbers = dash_duo.find_element("#import-report-numbers").text
    assert "5\nRows seen" in numbers and "5\nPlays added" in numbers
    report = dash_duo.find_element("#import-report").text
    assert "Covers 2019-12-31 to 2024-03-01 (UTC)" in report
    assert "music: 4, podcast: 1" in report
    assert dash_duo.find_element("#import-upload-progress").text == "Uploaded"
    dash_duo.wait_for_contains_text("#import-past", "Past imports", timeout=15)
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "job=" in d.current_url)
    assert dash_duo.get_logs() == []
    # The upload's own "importing…" line is gone once the report shows.
    assert "importing" not in dash_duo.find_element("#import-upload-message").text

    # The history ends in 2024: the report's link opens that year, not an empty "This year".
    dash_duo.find_element("#import-dashboards").click()
    dash_duo.wait_for_element("#wrapped-cards .stat-card", timeout=20)
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "year=2024" in d.current_url)
    assert "period=y" in dash_duo.driver.current_url
    label = dash_duo.find_element("#wrapped-period-label").text
    assert label.startswith("01 Jan 2024 to 31 Dec 2024")
    cards = dash_duo.find_element("#wrapped-cards").text
    assert "▼ 100%" not in cards
    plays = dash_duo.find_elements("#wrapped-cards .stat-card")[1].text
    assert plays.split("\n")[:2] == ["Plays", "1"], plays
    assert dash_duo.get_logs() == []
