"""The Saved page: upcoming and past saved shows, hidden shows to restore, the calendar feed."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.csv_download import csv_button
from components.event_cards import explorer_card, when_text
from components.views import save_view_button

PAGERS = {
    "upcoming": ids.SAVED_UPCOMING_PAGE,
    "past": ids.SAVED_PAST_PAGE,
    "hidden": ids.SAVED_HIDDEN_PAGE,
}


def _pager(name: str, pages: dict[str, int]) -> dbc.Pagination:
    return dbc.Pagination(
        id=PAGERS[name],
        max_value=max(1, pages.get(name, 1)),
        active_page=pages.get(name, 1),
        fully_expanded=False,
        size="sm",
        className="mt-2",
    )


def pager_style(last: int) -> dict:
    """Show a list's pager only when it has more than one page."""
    return {} if last > 1 else {"display": "none"}


def saved_layout(pages: dict[str, int] | None = None) -> html.Div:
    """The /saved page: upcoming and past saved shows, hidden shows, the calendar feed.

    Args:
        pages: the page of each list from the URL (``upcoming``, ``past``, ``hidden``).
    """
    pages = pages or {}
    return html.Div(
        [
            save_view_button("saved"),
            html.H1("Saved shows", className="h3"),
            html.P(
                "For listeners: the shows you saved, the ones you hid, and a calendar feed.",
                className="text-body-secondary",
            ),
            html.H2("Calendar feed", className="h5"),
            html.Div(id=ids.SAVED_FEED, className="mb-2"),
            html.Div(
                [
                    dbc.Button("New feed URL", id=ids.SAVED_FEED_NEW, size="sm", className="me-2"),
                    dbc.Button(
                        "Turn feed off",
                        id=ids.SAVED_FEED_REVOKE,
                        size="sm",
                        color="secondary",
                        outline=True,
                    ),
                ],
                className="mb-4",
            ),
            csv_button("Download saved shows (CSV)", ids.SAVED_EXPORT, ids.SAVED_DOWNLOAD),
            html.H2("Coming up", className="h5"),
            dcc.Loading(html.Div(id=ids.SAVED_UPCOMING)),
            _pager("upcoming", pages),
            html.H2("Hidden", className="h5 mt-4"),
            html.Div(id=ids.SAVED_HIDDEN),
            _pager("hidden", pages),
            csv_button(
                "Download hidden shows (CSV)", ids.SAVED_HIDDEN_EXPORT, ids.SAVED_HIDDEN_DOWNLOAD
            ),
            html.H2("Past", className="h5 mt-4"),
            html.Div(id=ids.SAVED_PAST),
            _pager("past", pages),
            dcc.Store(id=ids.SAVED_URLSTATE),
        ]
    )


def saved_cards(rows: list[dict], empty) -> html.Div:
    """Cards of saved shows, or ``empty`` (a sentence) when there are none."""
    if not rows:
        return html.P(empty, className="empty-state text-body-secondary")
    return dbc.Row([dbc.Col(explorer_card(r, True, True), md=6, lg=4) for r in rows])


def hidden_list(rows: list[dict]) -> html.Div:
    """Hidden shows, each with a Restore button."""
    if not rows:
        return html.P(
            "Nothing hidden. Hide a show in the explorer to rank ones like it lower.",
            className="empty-state text-body-secondary",
        )
    return html.Ul(
        [
            html.Li(
                [
                    dcc.Link(r["title"], href=f"/event/{r['id']}"),
                    html.Span(
                        f" · {when_text(r['local_date'], r.get('local_time'), r.get('timezone'))}",
                        className="small",
                    ),
                    dbc.Button("Restore", id=ids.event_restore(r["id"]), size="sm", color="link"),
                ],
                id=ids.hidden_row(r["id"]),
            )
            for r in rows
        ],
        className="list-unstyled",
    )


def feed_panel(url: str | None, active: bool) -> html.Div:
    """The feed URL right after it is made (shown once: only its hash is stored), or its state."""
    if url:
        return html.Div(
            [
                html.P(
                    "Subscribe to this URL in your calendar app. Keep it secret: anyone with "
                    "it sees your saved shows."
                ),
                dcc.Input(
                    value=url,
                    readOnly=True,
                    className="form-control form-control-sm",
                    id=ids.SAVED_FEED_URL,
                ),
            ]
        )
    if active:
        return html.P(
            "A feed URL is active. Make a new one if you lost it (the old one stops "
            "working), or turn it off."
        )
    return html.P(
        "No calendar feed yet. Make a feed URL to see your saved shows in your calendar app."
    )
