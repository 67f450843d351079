"""Alert callbacks: subscribe toggles on any page, Profile's alerts card, the navbar bell."""

from __future__ import annotations

from datetime import date

from dash import ALL, MATCH, Input, Output, State, callback, ctx
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.alerts import notification_items, subscriptions_list, toggle_label
from data.db import session_scope
from data.queries.landing import cities_with_events
from data.queries.subscriptions import (
    digest_genre_options,
    find_subscription,
    list_subscriptions,
    mail_suppressed,
    recent_notifications,
    unread_count,
)
from data.services import subscriptions


@callback(
    Output(ids.alert_subscribe_match(MATCH), "children"),
    Output(ids.alert_subscribe_match(MATCH), "outline"),
    Input(ids.alert_subscribe_match(MATCH), "n_clicks"),
)
def toggle_subscription(clicks):
    """On load show the state; on a click subscribe or unsubscribe."""
    kind, _, target = ctx.outputs_list[0]["id"]["index"].partition(":")
    user_id = account().id
    with session_scope() as session:
        if clicks:
            on = subscriptions.toggle(session, user_id, kind, target)
        else:
            on = find_subscription(session, user_id, kind, target) is not None
    return toggle_label(kind, target, on)


MAIL_OFF = (
    "Mail is off for your address since you used an unsubscribe link (the bell still shows "
    "alerts). Adding a subscription here turns mail back on."
)
MAIL_BACK_ON = "Mail to you is back on: an unsubscribe link had turned it off."


@callback(
    Output(ids.ALERTS_LIST, "children"),
    Output(ids.ALERTS_DIGEST_STATUS, "children"),
    Input(ids.ALERTS_DIGEST_ADD, "n_clicks"),
    Input(ids.alert_remove(ALL), "n_clicks"),
    Input(ids.alert_subscribe_match(ALL), "children"),
    State(ids.ALERTS_DIGEST_CITY, "value"),
    State(ids.ALERTS_DIGEST_GENRES, "value"),
)
def manage_subscriptions(_add, _remove, _toggles, city_id, genre_ids):
    """Add a digest, remove a subscription, and show the list as it is now."""
    user_id, message = account().id, ""
    trigger = ctx.triggered_id
    with session_scope() as session:
        if trigger == ids.ALERTS_DIGEST_ADD and _add:
            was_off = mail_suppressed(session, user_id)
            error = subscriptions.add_digest(session, user_id, city_id or 0, genre_ids or [])
            message = error or "Digest added: the first one goes out with the next alert run."
            if not error and was_off:
                message += " " + MAIL_BACK_ON
        elif isinstance(trigger, dict) and trigger.get("type") == "alert-remove":
            if not ctx.triggered[0]["value"]:
                raise PreventUpdate
            subscriptions.remove(session, user_id, int(trigger["index"]))
            message = "Subscription removed."
    with session_scope() as session:
        rows = list_subscriptions(session, user_id)
        if not message and mail_suppressed(session, user_id):
            message = MAIL_OFF
    return subscriptions_list(rows), message


@callback(
    Output(ids.ALERTS_DIGEST_CITY, "options"),
    Output(ids.ALERTS_DIGEST_GENRES, "options"),
    Input(ids.ALERTS_SECTION, "id"),
)
def digest_options(_section):
    """Cities with upcoming shows and the genres events carry."""
    account()
    with session_scope() as session:
        cities = cities_with_events(session, date.today())
        genres = digest_genre_options(session)
    return [
        {"label": f"{r.name}, {r.country_code} ({r.events} shows)", "value": int(r.id)}
        for r in cities.itertuples()
    ], genres


@callback(
    Output(ids.BELL_COUNT, "children"),
    Output(ids.BELL_LIST, "children"),
    Input(ids.BELL_POLL, "n_intervals"),
    Input(ids.URL, "pathname"),
    Input(ids.BELL_READ, "n_clicks"),
)
def show_bell(_tick, _path, read_clicks):
    """Unread count and the latest notifications; "Mark all read" clears the count."""
    user_id = account().id
    with session_scope() as session:
        if ctx.triggered_id == ids.BELL_READ and read_clicks:
            subscriptions.mark_all_read(session, user_id)
    with session_scope() as session:
        unread = unread_count(session, user_id)
        rows = recent_notifications(session, user_id)
    return (str(unread) if unread else ""), notification_items(rows)
