"""Opening a saved view by its link: ``/v/<token>`` redirects to the page with its state.

The page then renders for the person opening it, with their own data (or public data): a
link never carries the owner's session or listening. The one exception is a year-in-review
recap its owner published: others get a read-only page showing it while it stays published.
A private view is a 404 for anyone but its owner, exactly like a token that does not exist.
"""

from __future__ import annotations

import flask
from flask_login import current_user

from data.db import session_scope
from data.queries.recaps import recap_year_of
from data.queries.views import view_for

blueprint = flask.Blueprint("views", __name__)


@blueprint.route("/v/<token>")
def open_view(token: str):
    """Redirect to the view's page and query (marked ``view=`` for the shared banner)."""
    viewer = current_user.id if current_user.is_authenticated else None
    with session_scope() as session:
        view = view_for(session, token, viewer)
    if view is None:
        flask.abort(404)
    if recap_year_of(view["path"]) is not None and view["owner_id"] != viewer:
        # Someone else's recap: its own read-only page, which shows it only while published.
        return flask.redirect(f"/shared/recap/{token}")
    query = "&".join(part for part in (view["query"], f"view={token}") if part)
    return flask.redirect(f"{view['path']}?{query}")
