"""Deny-by-default: every request needs a logged-in user unless it is explicitly public.

Dash renders pages through ``/_dash-update-component`` too, so the guard inspects callback
requests: anonymous visitors may run only the page router for public pages and callbacks whose
outputs are all in ``ids.PUBLIC_OUTPUTS``. A logged-in user routed to a page their roles do
not open gets the router's answer with the "This page is for …" notice in place of the page
(which never runs); a bare 403 there left Dash drawing a blank page with a console TypeError.
"""

from __future__ import annotations

import re

import dash
import flask
from flask_login import current_user
from plotly.io.json import to_json_plotly

from components import ids
from components.shell import forbidden_notice

PUBLIC_PATHS = {
    "/login",
    "/register",
    "/_dash-layout",
    "/_dash-dependencies",
    "/_favicon.ico",
    "/healthz",
    "/readyz",
}
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/unsubscribe/")
# Plain Flask routes a guest may open; every other route needs a login (deny by default).
# Each one either holds a secret token, shows only public event data, or asks for none.
PUBLIC_ENDPOINTS = {
    "static",
    "unsubscribe.confirm",  # signed one-click unsubscribe token
    "views.open_view",  # a saved view shared by link (secret token; private views 404)
    "events.event_ics",  # one public event as .ics
    "events.saved_feed",  # the personal calendar feed behind its secret, revocable token
    "events.ticket_click",  # the explorer's ticket link, open to guests too
}
# Dash's page routes: the router decides per page (public flag and roles).
DASH_PAGE_RULES = {"/", "/<path:path>"}
DASH_PREFIX = "/_dash-"
ROUTER_OUTPUT = "_pages_content"
ROUTER_LOCATION = "_pages_location"
ROUTER_STORE = "_pages_store"


def install(server: flask.Flask) -> None:
    server.before_request(_guard)


def page_for_path(path: str) -> dict | None:
    """The registered page serving ``path`` (exact path or path template), if any."""
    path = path.rstrip("/") or "/"
    for page in dash.page_registry.values():
        if page["path"] == path:
            return page
        template = page.get("path_template")
        if template and re.fullmatch(re.sub(r"<[^>]+>", r"[^/]+", template), path):
            return page
    return None


def page_allowed(page: dict | None, user) -> bool:
    """Public pages for anyone; other pages need login and, when set, one of their roles."""
    if page is None:
        return True  # the 404 page
    if page.get("public"):
        return True
    if not user.is_authenticated:
        return False
    roles = page.get("roles")
    return not roles or user.account.has_role(*roles)


def _guard():
    path = flask.request.path
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return None
    if path == "/_dash-update-component":
        return _guard_callback()
    if current_user.is_authenticated:
        return None
    if path.startswith(DASH_PREFIX) or flask.request.method != "GET":
        return _unauthorised()
    rule = flask.request.url_rule
    if rule is not None and rule.rule not in DASH_PAGE_RULES:
        if rule.endpoint in PUBLIC_ENDPOINTS:
            return None
        return _to_login()
    page = page_for_path(path)
    if page is not None and page.get("public"):
        return None
    if page is None and not path.startswith("/api/"):
        return None  # unknown routes render the 404 page, which reveals nothing
    return _to_login()


def _to_login():
    query = {"next": flask.request.full_path.rstrip("?")}
    if _login_lapsed():
        query["expired"] = "1"
    return flask.redirect(flask.url_for("auth.login", **query))


def _login_lapsed() -> bool:
    """True when this browser was logged in and no longer is ("Your session has expired").

    A guest also carries a session cookie (the login form's CSRF token), and logging out keeps
    it without the user id: neither has expired. A cookie that still names a user who is not
    logged in, or one that no longer decodes (out of date, or signed with another key), has.
    """
    cookie = flask.current_app.config.get("SESSION_COOKIE_NAME", "session")
    if not flask.request.cookies.get(cookie):
        return False
    return "_user_id" in flask.session or not flask.session


def _guard_callback():
    body = flask.request.get_json(silent=True)
    if not isinstance(body, dict):
        # Not JSON, nested too deeply for the parser, or not an object: never a callback.
        return flask.jsonify(error="The callback request is not a JSON object."), 400
    outputs = body.get("outputs")
    outputs = outputs if isinstance(outputs, list) else [outputs]
    out_ids = {_component_id(o) for o in outputs if isinstance(o, dict)}
    if ROUTER_OUTPUT in out_ids:
        pathname = _input_value(body, ROUTER_LOCATION, "pathname") or "/"
        page = page_for_path(str(pathname))
        if page_allowed(page, current_user):
            return None
        if current_user.is_authenticated:
            return _forbidden_page(page)
        return _unauthorised()
    if current_user.is_authenticated:
        return None
    if out_ids and out_ids <= ids.PUBLIC_OUTPUTS:
        return None
    return _unauthorised()


def _forbidden_page(page: dict) -> flask.Response:
    """The page router's own response shape, carrying the notice for the roles the page needs."""
    body = {
        "multi": True,
        "response": {
            ROUTER_OUTPUT: {"children": forbidden_notice(tuple(page.get("roles") or ()))},
            ROUTER_STORE: {"data": {"title": f"{page.get('name', 'Page')} · Re-Wrapped"}},
        },
    }
    return flask.Response(to_json_plotly(body), status=200, mimetype="application/json")


def _component_id(output: dict) -> str:
    cid = output.get("id")
    return cid.get("type", "") if isinstance(cid, dict) else str(cid)


def _input_value(body: dict, component: str, prop: str):
    for item in body.get("inputs", []) or []:
        if isinstance(item, dict) and item.get("id") == component and item.get("property") == prop:
            return item.get("value")
    return None


def _unauthorised():
    return flask.jsonify(error="Login required."), 401
