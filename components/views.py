"""Saved views: the "Save view" widget any page adds with one line, and the /views page.

``save_view_button("wrapped")`` saves the page's path and query string (all its state) under
a name, private or shared by an unguessable link; ``callbacks.views`` serves every widget.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.csv_download import csv_button

VISIBILITY_OPTIONS = [
    {"label": "Private (only me)", "value": "private"},
    {"label": "Anyone with the link", "value": "link"},
]


def save_view_button(page: str, logged_in: bool = True, next_path: str = "/") -> html.Div:
    """A "Save view" button with a small form; a banner when opened from a shared link.

    Guests (on public pages) get a link to log in in place of the button: saving needs an
    account, and the shared-view banner still shows.
    """
    if not logged_in:
        login = html.A("Log in to save this view", href=f"/login?next={next_path}")
        return html.Div(
            [html.Div(id=ids.view_banner(page)), html.Div(login, className="text-end small")],
            className="save-view mb-2",
        )
    button_id = f"view-save-open-{page}"
    return html.Div(
        [
            html.Div(id=ids.view_banner(page)),
            html.Div(
                dbc.Button(
                    "Save view",
                    id=button_id,
                    size="sm",
                    color="secondary",
                    outline=True,
                    n_clicks=0,
                ),
                className="text-end",
            ),
            dbc.Popover(
                dbc.PopoverBody(
                    [
                        dbc.Label("Name", html_for=ids.view_name(page)["type"], size="sm"),
                        dbc.Input(
                            id=ids.view_name(page),
                            maxLength=120,
                            size="sm",
                            placeholder="e.g. Berlin 2024, minutes",
                        ),
                        dbc.RadioItems(
                            id=ids.view_visibility(page),
                            value="private",
                            options=VISIBILITY_OPTIONS,
                            className="my-2 small",
                        ),
                        dbc.Button("Save", id=ids.view_save(page), size="sm", n_clicks=0),
                        dcc.Store(id=ids.view_location(page)),
                        html.Div(id=ids.view_status(page), className="small mt-2", role="status"),
                    ]
                ),
                target=button_id,
                trigger="legacy",
                placement="bottom-end",
            ),
        ],
        className="save-view mb-2",
    )


def shared_banner(view: dict | None, viewer_is_owner: bool) -> dbc.Alert | None:
    """Whose view this is and what the viewer sees; nothing when not opened from a link."""
    if view is None:
        return None
    if viewer_is_owner:
        text = f"Your saved view “{view['name']}”."
    else:
        text = (
            f"“{view['name']}”, a view shared by {view['owner']}: its filters, with "
            "your own data (or public data). Save it to keep a copy."
        )
    return dbc.Alert(text, color="info", className="py-2 small")


def saved_link(base_url: str, token: str) -> str:
    """The shareable address of a view."""
    return f"{base_url.rstrip('/')}/v/{token}"


def views_layout(page: int) -> html.Div:
    """The /views page; the table and its pager come from the callback."""
    return html.Div(
        [
            html.H1("Saved views", className="h3 mb-1"),
            html.P(
                "Every page's filters live in its address. Save a view from any page with "
                "“Save view”; share one by making it visible to anyone with the link — "
                "people who open it see their own data or public data, never yours.",
                className="text-body-secondary",
            ),
            html.Div(id=ids.VIEWS_STATUS, role="status", className="small mb-2"),
            html.Div(id=ids.VIEWS_TABLE),
            dbc.Pagination(
                id=ids.VIEWS_PAGE,
                max_value=1,
                active_page=page,
                fully_expanded=False,
                size="sm",
                className="mt-2",
            ),
            csv_button("Download your views (CSV)", ids.VIEWS_EXPORT, ids.VIEWS_DOWNLOAD),
            dcc.Store(id=ids.VIEWS_URLSTATE),
        ],
        className="col-xl-10",
    )


def views_table(rows: list[dict], base_url: str) -> html.Div | html.P:
    """The user's views with open, copy link, rename, share and delete."""
    if not rows:
        return html.P(
            "No saved views yet. Open a page, set its filters and press “Save view”.",
            className="text-body-secondary",
        )
    return dbc.ListGroup([_view_row(r, base_url) for r in rows])


def _view_row(r: dict, base_url: str) -> dbc.ListGroupItem:
    link = saved_link(base_url, r["token"])
    target = r["path"] + (f"?{r['query']}" if r["query"] else "")
    return dbc.ListGroupItem(
        dbc.Row(
            [
                dbc.Col(
                    [
                        dcc.Link(r["name"], href=target, className="fw-bold"),
                        html.Div(target, className="small text-body-secondary text-break"),
                        html.Div(
                            [
                                "Shared by link ",
                                html.Code(link, className="small"),
                                dcc.Clipboard(
                                    content=link, title="Copy link", className="d-inline-block ms-1"
                                ),
                            ]
                            if r["visibility"] == "link"
                            else "Private",
                            className="small",
                        ),
                    ],
                    md=6,
                ),
                dbc.Col(
                    dbc.InputGroup(
                        [
                            dbc.Input(
                                id=ids.view_rename(r["id"]),
                                value=r["name"],
                                maxLength=120,
                                size="sm",
                            ),
                            dbc.Button(
                                "Rename",
                                id=ids.view_rename_save(r["id"]),
                                n_clicks=0,
                                size="sm",
                                color="secondary",
                            ),
                        ],
                        size="sm",
                    ),
                    md=4,
                ),
                dbc.Col(
                    [
                        dbc.Button(
                            "Make private" if r["visibility"] == "link" else "Share",
                            id=ids.view_share(r["id"]),
                            n_clicks=0,
                            size="sm",
                            color="primary",
                            outline=True,
                            className="me-1 mb-1",
                        ),
                        dbc.Button(
                            "Delete",
                            id=ids.view_delete(r["id"]),
                            n_clicks=0,
                            size="sm",
                            color="danger",
                            outline=True,
                            className="mb-1",
                        ),
                    ],
                    md=2,
                    className="text-md-end",
                ),
            ],
            className="g-2 align-items-center",
        )
    )
