"""The read-only page a shared recap link opens: the owner's published year in review."""

from __future__ import annotations

from dash import dcc, html

from components import ids


def shared_recap_layout(token: str) -> html.Div:
    """The frame; the callback fills it for the token (the owner's recap, or why not)."""
    return html.Div(
        [
            dcc.Store(id=ids.SHARED_RECAP_LINK, data=token),
            dcc.Loading(html.Div(id=ids.SHARED_RECAP_BODY), delay_show=300),
        ]
    )


def shared_recap_body(shown: dict | None, figure: dict | None) -> html.Div:
    """The owner's recap figure, or what to do when it is not (or no longer) published."""
    if shown is None:
        return html.P(
            "This link does not open a shared recap: it may have been deleted or made private.",
            className="empty-state",
        )
    year, owner = shown["year"], shown["owner"]
    if not shown["published"] or figure is None:
        return html.Div(
            [
                html.H1(f"{owner}'s {year}", className="h3"),
                html.P(
                    f"{owner} has not published their {year} recap (or unpublished it), so "
                    "this link shows nothing of their listening.",
                    className="empty-state",
                ),
                dcc.Link(f"See your own {year} in review", href=f"/wrapped/year/{year}"),
            ]
        )
    return html.Div(
        [
            html.H1(f"{owner}'s {year} in review", className="h3"),
            html.P("Shared read-only by its owner.", className="small text-body-secondary"),
            dcc.Graph(
                figure=figure,
                config={"displaylogo": False, "responsive": True},
                style={"minHeight": "1400px"},
            ),
        ]
    )
