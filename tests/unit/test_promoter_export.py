"""A promoter analytics table downloads as CSV through the one safe CSV writer."""

from __future__ import annotations


def test_analytics_export_of_a_table(dash_app):
    from datetime import date, timedelta

    from flask_login import login_user

    from callbacks import promoter_analytics as page
    from callbacks.server.sessions import LoginUser
    from data.db import session_scope
    from data.queries.accounts import find_user_id, get_account

    with session_scope() as session:
        account = get_account(session, find_user_id(session, "promoter@demo.rewrapped"))
    start, end = (date.today() - timedelta(days=27)).isoformat(), date.today().isoformat()
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        download = page.export(1, "sources", start, end, [])
    assert download["filename"] == f"rewrapped-sources-{start}-{end}.csv"
    lines = download["content"].splitlines()
    assert lines[0] == "source,views,share" and len(lines) > 2
