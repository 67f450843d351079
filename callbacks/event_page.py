"""The event page's body (public) and the save / hide / restore actions on any event card."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dash import MATCH, Input, Output, callback, ctx
from dash.exceptions import PreventUpdate

from callbacks.context import account, optional_account, settings, viewer
from components import ids
from components.event_page import event_body, not_found
from data.db import session_scope
from data.queries.event_details import event_detail, similar_events
from data.queries.saved import saved_ids
from data.services.interactions import Interaction, log_interactions
from data.services.saved_events import UnknownEvent, set_hidden, set_saved


@callback(Output(ids.EVENT_PAGE_BODY, "children"), Input(ids.EVENT_PAGE_ID, "data"))
def show_event(event_id: int | None):
    """All details of one event; logs a view."""
    user_id = (user := optional_account()) and user.id
    with session_scope() as session:
        row = event_detail(session, int(event_id or 0))
        if row is None:
            return not_found()
        today = datetime.now(ZoneInfo(row["timezone"] or "UTC")).date()
        row["past"] = row["local_date"] < today
        share = settings().sponsored_percent / 100
        similar = similar_events(session, row["id"], today, share=share)
        saved = saved_ids(session, user_id) if user_id is not None else set()
    _log(row["id"], "view", "event")
    conf = settings()
    return event_body(
        row, similar, saved, user_id is not None, (conf.tile_url, conf.tile_attribution)
    )


def _log(event_id: int, kind: str, page: str) -> None:
    user_id, sid, agent = viewer()
    log_interactions([Interaction(event_id, kind, user_id, sid, None, page)], agent)


@callback(
    Output(ids.event_save(MATCH), "children"),
    Output(ids.event_save(MATCH), "outline"),
    Input(ids.event_save(MATCH), "n_clicks"),
    prevent_initial_call=True,
)
def toggle_save(clicks: int | None):
    """Save or unsave for the logged-in listener (the user id comes from the session)."""
    if not clicks:
        raise PreventUpdate
    user, event_id = account(), int(ctx.triggered_id["index"])
    try:
        with session_scope() as session:
            now_saved = event_id not in saved_ids(session, user.id)
            set_saved(session, user.id, event_id, now_saved)
    except UnknownEvent:
        raise PreventUpdate from None
    _log(event_id, "save" if now_saved else "unsave", "explorer")
    return ("Saved ✓" if now_saved else "Save"), not now_saved


@callback(
    Output(ids.event_card(MATCH), "style"),
    Input(ids.event_hide(MATCH), "n_clicks"),
    prevent_initial_call=True,
)
def hide(clicks: int | None):
    """Hide an event: it leaves the list, and shows like it rank lower from now on."""
    if not clicks:
        raise PreventUpdate
    user, event_id = account(), int(ctx.triggered_id["index"])
    try:
        with session_scope() as session:
            set_hidden(session, user.id, event_id, True)
    except UnknownEvent:
        raise PreventUpdate from None
    _log(event_id, "hide", "explorer")
    return {"display": "none"}


@callback(
    Output(ids.hidden_row(MATCH), "style"),
    Input(ids.event_restore(MATCH), "n_clicks"),
    prevent_initial_call=True,
)
def restore(clicks: int | None):
    """Un-hide an event (on /saved)."""
    if not clicks:
        raise PreventUpdate
    user, event_id = account(), int(ctx.triggered_id["index"])
    try:
        with session_scope() as session:
            set_hidden(session, user.id, event_id, False)
    except UnknownEvent:
        raise PreventUpdate from None
    return {"display": "none"}
