"""Shell callbacks: the per-request layout, theme toggle and the phone-width nav toggler."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, clientside_callback
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from callbacks.context import optional_account
from callbacks.server.guard import page_allowed
from components import ids
from components.alerts import notification_bell
from components.shell import navbar, shell, user_menu
from data.db import session_scope
from data.demo import demo_loaded


def serve_layout():
    """Built per request so the navbar shows only the pages this user's roles allow."""
    pages = [
        p for p in dash.page_registry.values() if p.get("nav") and page_allowed(p, current_user)
    ]
    menu_pages = [
        p for p in dash.page_registry.values() if p.get("menu") and page_allowed(p, current_user)
    ]
    account = optional_account()
    with session_scope() as session:
        demo = demo_loaded(session)
    menu = user_menu(
        account.display_name if account else None,
        generate_csrf() if account else None,
        menu_pages,
    )
    return shell(navbar(pages, menu, demo, notification_bell() if account else None))


clientside_callback(
    ClientsideFunction("rewrapped", "theme"),
    Output(ids.THEME, "data"),
    Output(ids.THEME_CHOICE, "data"),
    Input(ids.THEME_TOGGLE, "n_clicks"),
)


clientside_callback(
    ClientsideFunction("rewrapped", "navToggle"),
    Output(ids.NAV_COLLAPSE, "is_open"),
    Input(ids.NAV_TOGGLER, "n_clicks"),
    State(ids.NAV_COLLAPSE, "is_open"),
)
