"""Profile callbacks: city search, saving details, password change, account deletion."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.context import account, settings
from callbacks.server.extensions import within_limit
from callbacks.server.sessions import forget_browser, lifetime, remembered, sign_in
from components import ids
from data import gazetteer
from data.db import session_scope
from data.models import City
from data.queries.listening.frame import forget_user
from data.services import accounts
from data.services.login_sessions import end_all_login_sessions, start_login_session


@callback(
    Output(ids.PROFILE_CITY, "options"),
    Output(ids.PROFILE_CITY, "value"),
    Input(ids.PROFILE_CITY, "search_value"),
    State(ids.PROFILE_CITY, "value"),
)
def city_options(search: str | None, current: int | None):
    """Gazetteer matches while typing; on load, the user's saved home city."""
    if ctx.triggered_id is None:
        me = account()
        if me.home_city_id is None:
            return [], None
        with session_scope() as session:
            city = session.get(City, me.home_city_id)
            if city is None or city.geonameid is None:
                return [], None
            label, value = f"{city.name}, {city.country_code}", city.geonameid
        return [{"label": label, "value": value}], value
    if not search or len(search) < 2:
        raise PreventUpdate
    options = [{"label": c.label, "value": c.geonameid} for c in gazetteer.search(search, 15)]
    return options, no_update


@callback(
    Output(ids.PROFILE_STATUS, "children"),
    Input(ids.PROFILE_SAVE, "n_clicks"),
    State(ids.PROFILE_NAME, "value"),
    State(ids.PROFILE_TZ, "value"),
    State(ids.PROFILE_CITY, "value"),
    prevent_initial_call=True,
)
def save_details(_clicks: int, name: str, timezone: str, geonameid: int | None):
    try:
        with session_scope() as session:
            accounts.update_profile(session, account().id, name, timezone, geonameid)
    except accounts.AccountError as exc:
        return dbc.Alert(" ".join(exc.field_errors.values()), color="danger")
    return dbc.Alert("Saved.", color="success", duration=4000)


@callback(
    Output(ids.PROFILE_PW_STATUS, "children"),
    Output(ids.PROFILE_PW_CURRENT, "value"),
    Output(ids.PROFILE_PW_NEW, "value"),
    Input(ids.PROFILE_PW_SAVE, "n_clicks"),
    State(ids.PROFILE_PW_CURRENT, "value"),
    State(ids.PROFILE_PW_NEW, "value"),
    prevent_initial_call=True,
)
def change_password(_clicks: int, current: str | None, new: str | None):
    """Change the password, end every other login and re-issue this browser's."""
    me, keep = account(), remembered()
    if not within_limit(settings().password_change_rate_limit, "password-change", str(me.id)):
        refused = "Too many password changes. Try again later."
        return dbc.Alert(refused, color="danger"), no_update, no_update
    try:
        with session_scope() as session:
            accounts.change_password(session, me.id, current or "", new or "")
            token = start_login_session(session, me.id, lifetime(remember=keep))
    except accounts.AccountError as exc:
        return dbc.Alert(" ".join(exc.field_errors.values()), color="danger"), no_update, no_update
    sign_in(me, token, remember=keep)
    done = "Password changed. Every other device was logged out."
    return dbc.Alert(done, color="success"), "", ""


@callback(
    Output(ids.PROFILE_LOGOUT_ALL_REDIRECT, "href"),
    Input(ids.PROFILE_LOGOUT_ALL, "n_clicks"),
    prevent_initial_call=True,
)
def logout_everywhere(_clicks: int) -> str:
    """End every login of the account (this one too) and go to the login page."""
    user_id = account().id
    with session_scope() as session:
        end_all_login_sessions(session, user_id)
    forget_browser()
    return "/login?everywhere=1"


@callback(
    Output(ids.PROFILE_DELETE_CONFIRM, "displayed"),
    Input(ids.PROFILE_DELETE, "n_clicks"),
    prevent_initial_call=True,
)
def ask_delete(_clicks: int) -> bool:
    return True


@callback(
    Output(ids.PROFILE_REDIRECT, "href"),
    Input(ids.PROFILE_DELETE_CONFIRM, "submit_n_clicks"),
    prevent_initial_call=True,
)
def delete_account(_confirmed: int) -> str:
    """Delete everything of the user's, end the session and go to the login page."""
    user_id = account().id
    with session_scope() as session:
        accounts.delete_account(session, user_id)
    forget_user(user_id)  # cached analytics tables hold their plays too
    forget_browser()
    return "/login?deleted=1"
