"""Role requests: a user asks on Profile; an admin grants or refuses on the admin page."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components import role_requests as view
from data.db import session_scope
from data.queries import role_requests as q
from data.services import role_requests as svc


@callback(
    Output(ids.ROLE_REQUEST_STATUS, "children"),
    Output(ids.ROLE_REQUEST_LIST, "children"),
    Output(ids.ROLE_REQUEST_ROLE, "options"),
    Input(ids.ROLE_REQUEST_SEND, "n_clicks"),
    State(ids.ROLE_REQUEST_ROLE, "value"),
    State(ids.ROLE_REQUEST_REASON, "value"),
)
def send_request(clicks, role: str | None, reason: str | None):
    """File the request (on click) and list the user's requests."""
    user = account()
    message = None
    try:
        with session_scope() as session:
            if clicks:
                svc.request_role(session, user.id, role or "", reason or "")
                message = view.notice("Request sent. An admin will decide soon.")
    except svc.RoleRequestError as exc:
        message = view.notice(str(exc), "warning")
    with session_scope() as session:
        mine = q.my_requests(session, user.id)
    return message, view.my_requests(mine), view.role_options(user.roles)


@callback(
    Output(ids.ADMIN_ROLE_STATUS, "children"),
    Output(ids.ADMIN_ROLE_REQUESTS, "children"),
    Input(ids.ADMIN_REFRESH, "n_intervals"),
    Input(ids.role_decision("grant", ALL), "n_clicks"),
    Input(ids.role_decision("refuse", ALL), "n_clicks"),
)
def decide(_tick, grants, refuses):
    """Pending requests; a click grants (adding the role) or refuses one."""
    user = account()
    if not user.has_role("admin"):
        raise PreventUpdate
    trigger, message = ctx.triggered_id, no_update
    try:
        with session_scope() as session:
            if isinstance(trigger, dict) and any([*(grants or []), *(refuses or [])]):
                grant = trigger["type"] == "role-grant"
                status = svc.decide(session, user.id, trigger["index"], grant)
                message = view.notice(f"Request {status}.")
    except svc.RoleRequestError as exc:
        message = view.notice(str(exc), "warning")
    with session_scope() as session:
        frame, total = q.pending_requests(session)
    return message, view.pending_table(frame, total)
