"""CSV exports cannot smuggle spreadsheet formulas."""

from __future__ import annotations

import csv
import io

import pandas as pd

from components.csv_export import safe_csv


def test_formula_cells_are_neutralised_and_numbers_kept():
    frame = pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://evil")', "+1", "-cmd", "@SUM(A1)", "Plain -ok"],
            "views": [1, 2, -3, 4, 5],
        }
    )
    rows = list(csv.reader(io.StringIO(safe_csv(frame))))
    assert rows[0] == ["title", "views"]
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://evil")',
        "'+1",
        "'-cmd",
        "'@SUM(A1)",
        "Plain -ok",
    ]
    assert [r[1] for r in rows[1:]] == ["1", "2", "-3", "4", "5"]  # numbers stay numbers


def test_analytics_export_of_a_table(dash_app):
    from datetime import date, timedelta

    from flask_login import login_user

    from callbacks import promoter_analytics as page
    from callbacks.server import LoginUser
    from data.db import session_scope
    from data.services.accounts import find_user_id, get_account

    with session_scope() as session:
        account = get_account(session, find_user_id(session, "promoter@demo.rewrapped"))
    start, end = (date.today() - timedelta(days=27)).isoformat(), date.today().isoformat()
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        download = page.export(1, "sources", start, end, [])
    assert download["filename"] == f"rewrapped-sources-{start}-{end}.csv"
    lines = download["content"].splitlines()
    assert lines[0] == "source,views,share" and len(lines) > 2
