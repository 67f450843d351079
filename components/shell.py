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
  // Apply the user's pick, else the system theme, before first paint (no flash on reload).
  // Until the user picks with the toggle, follow live changes of the system setting too.
  function choice() {
    try { return JSON.parse(localStorage.getItem("theme-choice")); } catch (e) { return null; }
  }
  var media = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  function system() { return media && media.matches ? "dark" : "light"; }
  document.documentElement.setAttribute("data-bs-theme", choice() || system());
  if (media && media.addEventListener) {
    media.addEventListener("change", function () {
      if (choice()) { return; }
      var theme = system();
      document.documentElement.setAttribute("data-bs-theme", theme);
      // Charts are themed on the server: tell Dash so they redraw in the new colours.
      if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("theme", {data: theme});
      }
    });
  }
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
            # THEME: the theme in effect (charts read it); THEME_CHOICE: the toggle's pick,
            # kept in localStorage, absent while the page follows the system setting.
            dcc.Store(id=ids.THEME),
            dcc.Store(id=ids.THEME_CHOICE, storage_type="local"),
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            nav,
            dbc.Container(dash.page_container, fluid=True, className="page-body pb-5"),
        ]
    )


# How a role reads in a sentence ("This page is for promoters").
ROLE_NOUNS = {
    "listener": "listeners",
    "promoter": "promoters",
    "analyst": "analysts",
    "admin": "admins",
}


def forbidden_notice(roles: tuple[str, ...] | list[str]) -> html.Div:
    """What a logged-in user sees on a page their roles do not open (instead of a blank page).

    Args:
        roles: the roles the page declares in ``register_page(roles=...)``; any one opens it.
    """
    nouns = [ROLE_NOUNS.get(r, f"{r}s") for r in roles] or ["other accounts"]
    who = nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " and " + nouns[-1]
    role = roles[0] if roles else "that"
    return html.Div(
        [
            html.H1(f"This page is for {who}", className="h3"),
            html.P(
                f"Your account does not have the {role} role. Roles are granted by the admin "
                "of this server: ask them for access."
            ),
            dcc.Link("Back to the home page", href="/", className="btn btn-primary"),
        ],
        className="py-5 text-center forbidden",
        id=ids.FORBIDDEN,
    )
