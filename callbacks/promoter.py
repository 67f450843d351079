"""/promoter callbacks: the events list, the event form, row actions, artist autocomplete.

Every callback takes the user from the server session and passes ``admin`` down; the data
layer scopes each read and write to the caller's own events, so a forged id gets nothing.
"""

from __future__ import annotations

import math
from datetime import date

from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components import promoter as view
from data.db import session_scope
from data.feeds.promoter_form import FormError
from data.queries import promoter_events as q
from data.queries.promoter_scope import own_events
from data.services import promoter_events as svc

PER_PAGE = 10
FIELDS = list(view.EMPTY_FORM)


def _promoter():
    """The caller and whether they see everyone's events; listeners get nothing."""
    user = account()
    if not user.has_role("promoter", "admin"):
        raise PreventUpdate
    return user, user.has_role("admin")


clientside_callback(
    ClientsideFunction("rewrapped", "promoterTab"),
    Output(ids.PROMOTER_URLSTATE, "data"),
    Input(ids.PROMOTER_TABS, "active_tab"),
)


@callback(
    Output(ids.promoter_field("venue_id"), "options"),
    Output(ids.promoter_field("city_id"), "options"),
    Output(ids.promoter_field("genres"), "options"),
    Input(ids.PROMOTER_REFRESH, "data"),
)
def load_choices(_refresh):
    """Known venues, cities and genres for the form's pickers."""
    _promoter()
    with session_scope() as session:
        known = q.known(session)
    venues = [{"label": f"{p.name} ({p.city})", "value": i} for i, p in known.venues.items()]
    cities = [{"label": f"{p.name}, {p.country}", "value": i} for i, p in known.cities.items()]
    return venues, cities, sorted(known.genres)


@callback(
    Output(ids.promoter_field("artists"), "options"),
    Input(ids.promoter_field("artists"), "search_value"),
    Input(ids.promoter_field("artists"), "value"),
)
def suggest_artists(typed: str | None, chosen: list | None):
    """Known artists matching what is typed, keeping the ones already in the lineup."""
    _promoter()
    with session_scope() as session:
        found = q.search_artists(session, typed or "")
    return list(dict.fromkeys([*(chosen or []), *found]))


clientside_callback(
    ClientsideFunction("rewrapped", "promoterPages"),
    Output(ids.PROMOTER_URLSTATE, "data", allow_duplicate=True),
    Input(ids.PROMOTER_EVENTS_PAGE, "active_page"),
    Input(ids.PROMOTER_TALENT_PAGE, "active_page"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.PROMOTER_EVENTS, "children"),
    Output(ids.PROMOTER_EVENTS_PAGE, "max_value"),
    Input(ids.PROMOTER_REFRESH, "data"),
    Input(ids.PROMOTER_EVENTS_PAGE, "active_page"),
)
def show_events(_refresh, page: int | None):
    """One page of the caller's events."""
    user, admin = _promoter()
    with session_scope() as session:
        frame = own_events(session, user.id, admin)
    start = (max(1, page or 1) - 1) * PER_PAGE
    pages = max(1, math.ceil(len(frame) / PER_PAGE))
    return view.events_table(frame.iloc[start : start + PER_PAGE]), pages


@callback(
    Output(ids.promoter_field(ALL), "value"),
    Output(ids.PROMOTER_EDITING, "data"),
    Output(ids.PROMOTER_FORM_TITLE, "children"),
    Output(ids.PROMOTER_TABS, "active_tab"),
    Input(ids.PROMOTER_NEW, "n_clicks"),
    Input(ids.promoter_action("edit", ALL), "n_clicks"),
    Input(ids.promoter_action("duplicate", ALL), "n_clicks"),
    prevent_initial_call=True,
)
def fill_form(_new, edits, duplicates):
    """Empty the form, or fill it from one of the caller's events (to edit, or to copy)."""
    user, admin = _promoter()
    trigger = ctx.triggered_id
    if trigger == ids.PROMOTER_NEW:
        return [view.EMPTY_FORM[f] for f in FIELDS], None, "New event", "events"
    if not isinstance(trigger, dict) or not any([*(edits or []), *(duplicates or [])]):
        raise PreventUpdate
    with session_scope() as session:
        values = q.event_form(session, user.id, admin, trigger["index"])
    if values is None:
        raise PreventUpdate
    form = [values.get(f, view.EMPTY_FORM[f]) for f in FIELDS]
    if trigger["type"] == "promoter-edit":
        return form, values["id"], f"Edit “{values['title']}”", "events"
    return form, None, "New event (copy: pick its new date)", "events"


@callback(
    Output(ids.promoter_error(ALL), "children"),
    Output(ids.PROMOTER_FORM_STATUS, "children"),
    Output(ids.PROMOTER_REFRESH, "data"),
    Input(ids.PROMOTER_SAVE, "n_clicks"),
    State(ids.promoter_field(ALL), "value"),
    State(ids.PROMOTER_EDITING, "data"),
    State(ids.PROMOTER_REFRESH, "data"),
    prevent_initial_call=True,
)
def save(_clicks, values: list, editing, refresh: int):
    """Validate and store the form; every bad field gets its message and nothing is stored."""
    user, admin = _promoter()
    form = {
        item["id"]["field"]: value for item, value in zip(ctx.states_list[0], values, strict=True)
    }
    errors: dict[str, str] = {}
    try:
        with session_scope() as session:
            svc.save_event(session, user.id, admin, editing, form, date.today())
    except FormError as exc:
        errors = exc.errors
    except svc.NotYours:
        return no_update, view.message("That event is not yours.", "danger"), no_update
    messages = [errors.get(item["id"]["field"], "") for item in ctx.outputs_list[0]]
    if errors:
        return messages, view.message("Please correct the marked fields.", "danger"), no_update
    return messages, view.message("Saved. Your event is live."), (refresh or 0) + 1


@callback(
    Output(ids.PROMOTER_ACTION_STATUS, "children"),
    Output(ids.PROMOTER_REFRESH, "data", allow_duplicate=True),
    Input(ids.promoter_action("cancel", ALL), "n_clicks"),
    Input(ids.promoter_action("delete", ALL), "submit_n_clicks"),
    State(ids.PROMOTER_REFRESH, "data"),
    prevent_initial_call=True,
)
def act(cancels, deletes, refresh: int):
    """Cancel or delete one of the caller's events."""
    user, admin = _promoter()
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any([*(cancels or []), *(deletes or [])]):
        raise PreventUpdate
    change = svc.cancel_event if trigger["type"] == "promoter-cancel" else svc.delete_event
    try:
        with session_scope() as session:
            change(session, user.id, admin, trigger["index"])
    except svc.NotYours:
        return view.message("That event is not yours.", "danger"), no_update
    except FormError as exc:
        return view.message(next(iter(exc.errors.values())), "warning"), no_update
    done = "cancelled" if trigger["type"] == "promoter-cancel" else "deleted"
    return view.message(f"Event {done}."), (refresh or 0) + 1
