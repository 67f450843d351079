"""Event routes outside Dash: one event's .ics, the secret saved-events feed, ticket clicks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import flask
from flask_login import current_user

from components.calendar_ics import ics_calendar
from data.db import session_scope
from data.queries.event_details import event_detail
from data.queries.saved import calendar_owner, saved_events
from data.services.interactions import Interaction, log_interactions

blueprint = flask.Blueprint("events", __name__)
FEED_PAST_DAYS = 60


def _viewer() -> tuple[int | None, str | None]:
    user_id = current_user.id if current_user.is_authenticated else None
    return user_id, flask.session.get("sid")


def _log(event_id: int, kind: str, page: str | None) -> None:
    user_id, sid = _viewer()
    log_interactions(
        [Interaction(event_id, kind, user_id=user_id, session_id=sid, page=page)],
        flask.request.headers.get("User-Agent"),
    )


def _ics(body: bytes, filename: str) -> flask.Response:
    response = flask.Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@blueprint.get("/event/<int:event_id>/calendar.ics")
def event_ics(event_id: int):
    with session_scope() as session:
        row = event_detail(session, event_id)
    if row is None:
        flask.abort(404)
    _log(event_id, "calendar", flask.request.args.get("from", "event")[:40])
    body = ics_calendar([row], row["title"], flask.request.host_url)
    return _ics(body, f"event-{event_id}.ics")


@blueprint.get("/calendar/<token>.ics")
def saved_feed(token: str):
    """The listener's saved events; the token in the URL is the only credential (revocable)."""
    today = datetime.now(UTC).date()
    with session_scope() as session:
        owner = calendar_owner(session, token)
        if owner is None:
            flask.abort(404)
        # Shows from the last two months stay in the feed; older ones drop out.
        recent, _older = saved_events(session, owner, today - timedelta(days=FEED_PAST_DAYS))
        rows = [event_detail(session, r["id"]) for r in recent]
    body = ics_calendar([r for r in rows if r], "Re-Wrapped: saved shows", flask.request.host_url)
    return _ics(body, "saved-shows.ics")


@blueprint.get("/go/<int:event_id>")
def ticket_click(event_id: int):
    """Log a ticket click, then send the visitor on to the seller (http and https only)."""
    with session_scope() as session:
        row = event_detail(session, event_id)
    url = (row or {}).get("ticket_url") or ""
    if urlsplit(url).scheme not in ("http", "https"):
        flask.abort(404)
    _log(event_id, "ticket_click", flask.request.args.get("from", "event")[:40])
    response = flask.redirect(url, code=302)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
