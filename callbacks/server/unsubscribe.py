"""One-click unsubscribe from mail: a signed link, no login.

GET shows a confirmation button (link scanners that prefetch URLs must not unsubscribe anyone);
POST unsubscribes, which is also what mail clients do for ``List-Unsubscribe-Post`` (RFC 8058).
"""

from __future__ import annotations

import flask

from callbacks import context
from data.alerts.mail import read_unsubscribe_token
from data.db import session_scope
from data.services.outbox import unsubscribe

blueprint = flask.Blueprint("unsubscribe", __name__)


@blueprint.route("/unsubscribe/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Show the confirmation (GET) or unsubscribe the signed address (POST)."""
    secret = context.settings().secret_key
    email = read_unsubscribe_token(secret, token)
    if email is None:
        return flask.render_template("unsubscribe.html", state="invalid"), 404
    if flask.request.method == "POST":
        with session_scope() as session:
            unsubscribe(session, email)
        return flask.render_template("unsubscribe.html", state="done", email=email)
    return flask.render_template("unsubscribe.html", state="ask", email=email)
