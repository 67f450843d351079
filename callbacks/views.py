"""Saved-view callbacks: the "Save view" widget on every page, its shared banner, /views."""

from __future__ import annotations

import math
from urllib.parse import parse_qs

from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
)
from dash.exceptions import PreventUpdate

from callbacks.context import account, optional_account, settings
from components import ids
from components.views import saved_link, shared_banner, views_table
from data.db import session_scope
from data.queries.views import list_views, view_for
from data.services import views as service

PER_PAGE = 10

# The browser knows the page's current address (filters write it with history calls that
# Dash's Location does not see), so it hands path and query over when "Save" is clicked.
clientside_callback(
    ClientsideFunction("rewrapped", "viewLocation"),
    Output(ids.view_location(MATCH), "data"),
    Input(ids.view_save(MATCH), "n_clicks"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.view_status(MATCH), "children"),
    Input(ids.view_location(MATCH), "data"),
    State(ids.view_name(MATCH), "value"),
    State(ids.view_visibility(MATCH), "value"),
    prevent_initial_call=True,
)
def save_view(location, name, visibility):
    """Save the page's path and query under a name; say where to find or share it."""
    if not location:
        raise PreventUpdate
    user = account()
    with session_scope() as session:
        error, token = service.save_view(
            session,
            user.id,
            name or "",
            location["path"],
            location["query"],
            visibility or "private",
        )
    if error:
        return html.Span(error, className="text-danger")
    link = saved_link(settings().public_base_url, token) if visibility == "link" else None
    return html.Div(
        [
            "Saved. ",
            dcc.Link("Your views", href="/views"),
            html.Div(["Link: ", html.Code(link)]) if link else None,
        ]
    )


@callback(
    Output(ids.view_banner(MATCH), "children"),
    Input(ids.view_banner(MATCH), "id"),
    State(ids.URL, "search"),
)
def show_shared_banner(_banner, search):
    """When the page came from a view link, say whose view it is (public: links work for
    guests on public pages too)."""
    token = (parse_qs((search or "").lstrip("?")).get("view") or [None])[0]
    if not token:
        return None
    viewer = optional_account()
    with session_scope() as session:
        view = view_for(session, token, viewer.id if viewer else None)
    return shared_banner(view, bool(viewer and view and view["owner_id"] == viewer.id))


clientside_callback(
    ClientsideFunction("rewrapped", "viewsPage"),
    Output(ids.VIEWS_URLSTATE, "data"),
    Input(ids.VIEWS_PAGE, "active_page"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.VIEWS_TABLE, "children"),
    Output(ids.VIEWS_PAGE, "max_value"),
    Output(ids.VIEWS_STATUS, "children"),
    Input(ids.VIEWS_PAGE, "active_page"),
    Input(ids.view_rename_save(ALL), "n_clicks"),
    Input(ids.view_share(ALL), "n_clicks"),
    Input(ids.view_delete(ALL), "n_clicks"),
    State(ids.view_rename(ALL), "value"),
    State(ids.view_rename(ALL), "id"),
)
def manage_views(page, _renames, _shares, _deletes, names, name_ids):
    """List the user's views; rename, share/unshare or delete the one whose button was hit."""
    user = account()
    message = _act(
        user.id, ctx.triggered_id, dict(zip([i["index"] for i in name_ids], names, strict=True))
    )
    with session_scope() as session:
        rows, total = list_views(session, user.id, max(1, page or 1), PER_PAGE)
    return (
        views_table(rows, settings().public_base_url),
        max(1, math.ceil(total / PER_PAGE)),
        message,
    )


def _act(user_id: int, trigger, names: dict) -> str:
    if not isinstance(trigger, dict) or not ctx.triggered[0]["value"]:
        return ""
    view_id, kind = int(trigger["index"]), trigger["type"]
    with session_scope() as session:
        if kind == "view-delete":
            return "View deleted." if service.delete_view(session, user_id, view_id) else ""
        current = {r["id"]: r for r in list_views(session, user_id, 1, service.MAX_VIEWS)[0]}
        if view_id not in current:
            return "That view no longer exists."
        row = current[view_id]
        if kind == "view-share":
            visibility = "private" if row["visibility"] == "link" else "link"
            error = service.update_view(session, user_id, view_id, row["name"], visibility)
            return error or (
                "Shared: anyone with the link can open it."
                if visibility == "link"
                else "Now private: the link no longer opens it for others."
            )
        error = service.update_view(
            session, user_id, view_id, names.get(view_id) or "", row["visibility"]
        )
        return error or "Renamed."
