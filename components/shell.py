"""The app shell: navbar with role-filtered links, theme toggle, user menu, page container."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components import ids

THEME_BOOT = """
<script>
(function () {
  // Apply the saved or system theme before first paint (no flash on reload).
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem("theme")); } catch (e) {}
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.setAttribute("data-bs-theme", saved || (dark ? "dark" : "light"));
})();
</script>
"""


def index_string() -> str:
    """Dash's HTML template with the theme boot script in <head>."""
    return f"""<!DOCTYPE html>
<html lang="en">
  <head>
    {{%metas%}}
    <title>{{%title%}}</title>
    {{%favicon%}}
    {THEME_BOOT}
    {{%css%}}
  </head>
  <body>
    {{%app_entry%}}
    <footer>{{%config%}}{{%scripts%}}{{%renderer%}}</footer>
  </body>
</html>"""


def nav_links(pages: list[dict]) -> list[dbc.NavItem]:
    return [
        dbc.NavItem(dbc.NavLink(p["name"], href=p["relative_path"], active="exact"))
        for p in sorted(pages, key=lambda p: p.get("order") or 0)
    ]


def user_menu(display_name: str | None, csrf_token: str | None, extra: list[dict]) -> Component:
    """Profile links and a CSRF-protected logout form; login/register for guests."""
    if display_name is None:
        return dbc.Nav(
            [
                dbc.NavItem(dbc.NavLink("Log in", href="/login", external_link=True)),
                dbc.NavItem(
                    dbc.Button(
                        "Register",
                        href="/register",
                        color="primary",
                        size="sm",
                        external_link=True,
                        className="ms-2 mt-1",
                    )
                ),
            ],
            navbar=True,
        )
    items = [dbc.DropdownMenuItem(p["name"], href=p["relative_path"]) for p in extra]
    items.append(dbc.DropdownMenuItem(divider=True))
    items.append(
        html.Form(
            [
                dcc.Input(type="hidden", name="csrf_token", value=csrf_token or ""),
                html.Button("Log out", type="submit", className="dropdown-item"),
            ],
            method="POST",
            action="/logout",
        )
    )
    return dbc.DropdownMenu(
        items, label=display_name, nav=True, align_end=True, toggleClassName="user-menu"
    )


def navbar(
    pages: list[dict], menu: Component, demo: bool, bell: Component | None = None
) -> dbc.Navbar:
    brand = html.Span(
        [
            "Re-Wrapped",
            dbc.Badge("demo data", color="warning", className="ms-2 demo-badge") if demo else None,
        ]
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(brand, href="/"),
                dbc.NavbarToggler(id=ids.NAV_TOGGLER, n_clicks=0),
                dbc.Collapse(
                    [
                        dbc.Nav(nav_links(pages), navbar=True, className="me-auto"),
                        bell,
                        html.Button(
                            html.Span(className="theme-icon"),
                            id=ids.THEME_TOGGLE,
                            n_clicks=0,
                            className="btn btn-link nav-link theme-toggle me-2",
                            title="Switch light/dark theme",
                            **{"aria-label": "Switch light/dark theme"},
                        ),
                        menu,
                    ],
                    id=ids.NAV_COLLAPSE,
                    is_open=False,
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        id=ids.NAVBAR,
        color="body-tertiary",
        dark=False,
        className="app-navbar border-bottom mb-3",
    )


def shell(nav: dbc.Navbar) -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.THEME, storage_type="local"),
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            nav,
            dbc.Container(dash.page_container, fluid=True, className="page-body pb-5"),
        ]
    )
