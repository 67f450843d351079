"""The event page: every detail, lineup links, a small map, sources, tickets, similar shows."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.alerts import login_prompt, watch_event_button
from components.event_cards import (
    actions,
    calendar_link,
    explorer_card,
    price_text,
    status_badge,
    when_text,
)
from components.event_map import event_map

SOURCE_NAMES = {"ical": "iCalendar", "seatgeek": "SeatGeek", "jambase": "JamBase"}


def event_page_layout(event_id: int) -> html.Div:
    """Shell of the page; the body callback fills it (public)."""
    return html.Div(
        [
            dcc.Store(id=ids.EVENT_PAGE_ID, data=event_id),
            dcc.Loading(html.Div(id=ids.EVENT_PAGE_BODY)),
        ]
    )


def not_found() -> html.Div:
    """The event page for an id that names no event (or a deleted one)."""
    return html.Div(
        [
            html.H1("Event not found", className="h3"),
            html.P(["It may have been removed. ", dcc.Link("Browse all events", href="/events")]),
        ]
    )


def _lineup(artists: list[dict]) -> html.Ul | html.P:
    """Each lineup artist linked to their page, with Spotify where known."""
    if not artists:
        return html.P("No lineup announced yet.", className="small text-body-secondary")
    items = []
    for a in artists:
        parts = [dcc.Link(a["name"], href=f"/artist/{a['id']}")]
        if a.get("is_headliner"):
            parts.append(dbc.Badge("headliner", color="light", text_color="dark", className="ms-1"))
        if a.get("spotify_id"):
            parts += [
                " · ",
                html.A(
                    "Listen on Spotify",
                    href=f"https://open.spotify.com/artist/{a['spotify_id']}",
                    target="_blank",
                    rel="noopener noreferrer",
                ),
            ]
        items.append(html.Li(parts))
    return html.Ul(items, className="mb-3")


def _sources(sources: list[dict]) -> html.Ul | html.P:
    """Every feed the event was found in, linked where the feed gave a page."""
    if not sources:
        return html.P("Entered by hand (no feed lists it).", className="small text-body-secondary")

    def one(s):
        name = SOURCE_NAMES.get(s["source"], s["source"].title())
        seen = f" (first seen {s['first_seen_at']:%-d %b %Y})" if s.get("first_seen_at") else ""
        link = (
            html.A(name, href=s["url"], target="_blank", rel="noopener noreferrer")
            if s.get("url")
            else name
        )
        return html.Li([link, seen])

    return html.Ul([one(s) for s in sources], className="small")


def _facts(row: dict) -> list:
    price = price_text(row.get("price_min"), row.get("price_max"), row.get("currency"))
    place = ", ".join(x for x in (row.get("venue"), row.get("address"), row.get("city")) if x)
    facts = [
        html.Div(
            when_text(row["local_date"], row.get("local_time"), row.get("timezone")),
            className="fw-semibold",
        ),
        html.Div(place),
        html.Div(price or "Price not announced"),
    ]
    if row.get("genres"):
        facts.append(html.Div("Genres: " + ", ".join(row["genres"])))
    return facts


def _tickets(row: dict):
    if row.get("status") == "cancelled":
        return html.Span("Cancelled: no tickets on sale.", className="small me-2 event-closed")
    if not row.get("ticket_url"):
        return html.Span("No ticket link yet.", className="small me-2")
    return html.A(
        "Tickets",
        href=f"/go/{row['id']}?from=event",
        target="_blank",
        rel="noopener noreferrer",
        className="btn btn-primary btn-sm me-2",
    )


def _what_now(row: dict, saved: bool, logged_in: bool) -> list:
    """Tickets, save and watch for a show to come; a past show keeps only its calendar entry."""
    if row.get("past"):
        return [
            html.Div(
                [
                    html.Span("This show has happened.", className="me-2 event-closed"),
                    calendar_link(row["id"], "event"),
                ],
                className="d-flex flex-wrap align-items-center my-3",
            )
        ]
    return [
        html.Div(
            [_tickets(row), actions(row, saved, logged_in, hide=False)],
            className="d-flex flex-wrap align-items-center my-3",
        ),
        _watch(row["id"], logged_in),
    ]


def _watch(event_id: int, logged_in: bool):
    """Watch for changes (on sale, cancelled, moved, price drop); guests are asked to log in."""
    if not logged_in:
        return login_prompt("Log in to watch this event for changes", f"/event/{event_id}")
    return watch_event_button(event_id)


def _details(row: dict, saved: bool, logged_in: bool) -> list:
    left = [
        html.Div(
            [
                dbc.Badge("Past", color="secondary", className="me-1 event-status")
                if row.get("past")
                else status_badge(row.get("status"))
            ]
        ),
        html.H1(row["title"], className="h3 mt-1"),
        *_facts(row),
        *_what_now(row, saved, logged_in),
        html.H2("Lineup", className="h6"),
        _lineup(row.get("artists") or []),
    ]
    if row.get("description"):
        left += [html.H2("About", className="h6"), html.P(row["description"], className="small")]
    return [*left, html.H2("Found in", className="h6"), _sources(row.get("sources") or [])]


def event_body(
    row: dict, similar: list[dict], saved: set[int], logged_in: bool, tiles: tuple[str, str]
) -> html.Div:
    """Everything about one event (``row`` from ``data.queries.event_details.event_detail``)."""
    right = []
    if row.get("lat") is not None and row.get("lng") is not None:
        right.append(event_map(row["lat"], row["lng"], row["title"], *tiles))
    similar_cards = [explorer_card(r, r["id"] in saved, logged_in) for r in similar]
    return html.Div(
        [
            dbc.Row(
                [dbc.Col(_details(row, row["id"] in saved, logged_in), lg=7), dbc.Col(right, lg=5)]
            ),
            html.H2("Similar shows", className="h5 mt-4"),
            dbc.Row([dbc.Col(c, md=6, lg=3) for c in similar_cards])
            if similar_cards
            else html.P("No similar upcoming shows yet.", className="empty-state small"),
        ]
    )
