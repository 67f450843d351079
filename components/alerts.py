"""Alerts in the UI: subscribe toggles for any page, Profile's alerts card, the navbar bell.

Pure factories. Add a toggle to a page with one line, e.g. ``watch_event_button(event.id)`` on
an event page or ``subscribe_button("digest", city_id)`` on the explorer; ``callbacks.alerts``
serves every one of them through pattern-matching ids.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids

LABELS = {
    "watch": ("Watch this event", "Watching — stop"),
    "new_shows": ("Alert me about new shows nearby", "New-show alerts on — turn off"),
    "digest": ("Weekly digest of this city", "Digest on — turn off"),
}
TOP_LABELS = (
    "Alert me about new shows by artists I play most",
    "Alerts for artists I play most on — turn off",
)


def subscribe_button(kind: str, target: str | int) -> dbc.Button:
    """A toggle that subscribes the logged-in listener (its label shows the current state)."""
    return dbc.Button(
        LABELS.get(kind, TOP_LABELS)[0] if target != "top" else TOP_LABELS[0],
        id=ids.alert_subscribe(kind, target),
        n_clicks=0,
        size="sm",
        color="primary",
        outline=True,
        className="me-2 mb-2",
    )


def watch_event_button(event_id: int) -> dbc.Button:
    """Watch one event for changes: on sale, cancelled, rescheduled, venue or time, price drop."""
    return subscribe_button("watch", event_id)


def login_prompt(text: str, next_path: str) -> html.A:
    """What a guest sees in place of a toggle: a link to log in that comes back here."""
    return html.A(text, href=f"/login?next={next_path}", className="small me-2")


def explorer_alerts(city: dict | None, logged_in: bool) -> html.Div:
    """The explorer's alert toggles: new shows by the listener's top artists, and a weekly
    digest of the city the list shows (``city`` from ``resolve_city``; none = everywhere)."""
    if not logged_in:
        return html.Div(login_prompt("Log in to get alerts about new shows", "/events"))
    items = [subscribe_button("new_shows", "top")]
    if city:
        items += [
            html.Span(f"{city['name']}:", className="small me-1"),
            subscribe_button("digest", int(city["id"])),
        ]
    return html.Div(items, className="d-flex flex-wrap align-items-center")


def toggle_label(kind: str, target: str, subscribed: bool) -> tuple[str, bool]:
    """(label, outline) of a toggle in its current state."""
    labels = TOP_LABELS if target == "top" else LABELS[kind]
    return labels[1] if subscribed else labels[0], not subscribed


def alerts_section() -> dbc.Card:
    """Profile's card: add a weekly digest, new-show alerts, and the list to manage them."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Alerts", className="h5 mb-2"),
                html.P(
                    "Mail and the bell in the navbar tell you about shows you care about. "
                    "Mail times are shown in your time zone; every mail has a one-click "
                    "unsubscribe link.",
                    className="small text-body-secondary",
                ),
                html.H3("Weekly digest", className="h6"),
                dbc.Row(
                    [
                        dbc.Col(
                            dcc.Dropdown(
                                id=ids.ALERTS_DIGEST_CITY, placeholder="City with upcoming shows"
                            ),
                            md=5,
                        ),
                        dbc.Col(
                            dcc.Dropdown(
                                id=ids.ALERTS_DIGEST_GENRES, multi=True, placeholder="Any genre"
                            ),
                            md=5,
                        ),
                        dbc.Col(
                            dbc.Button("Add digest", id=ids.ALERTS_DIGEST_ADD, n_clicks=0), md=2
                        ),
                    ],
                    className="g-2 mb-1",
                ),
                html.Div(id=ids.ALERTS_DIGEST_STATUS, role="status", className="small mb-3"),
                html.H3("New shows near home", className="h6"),
                html.P(
                    "Within 50 km of your home city (set it above). Follow single artists "
                    "from their artist page.",
                    className="small text-body-secondary mb-1",
                ),
                subscribe_button("new_shows", "top"),
                html.H3("Your subscriptions", className="h6 mt-3"),
                html.Div(id=ids.ALERTS_LIST),
            ]
        ),
        className="mb-4",
        id=ids.ALERTS_SECTION,
    )


def subscriptions_list(rows: list[dict]) -> html.Div:
    """The user's subscriptions, each with a remove button; an empty state says what to do."""
    if not rows:
        return html.P(
            "No alerts yet: add a digest above, or watch an event from its page.",
            className="text-body-secondary small",
        )
    return dbc.ListGroup(
        [
            dbc.ListGroupItem(
                [
                    html.Span(r["text"], className="me-2"),
                    dbc.Button(
                        "Remove",
                        id=ids.alert_remove(r["id"]),
                        n_clicks=0,
                        size="sm",
                        color="danger",
                        outline=True,
                        className="float-end",
                    ),
                ]
            )
            for r in rows
        ]
    )


def notification_bell() -> html.Div:
    """The navbar bell: unread count, a popover with the latest notifications."""
    return html.Div(
        [
            html.Button(
                [
                    html.Span(className="bell-icon"),
                    dbc.Badge("", id=ids.BELL_COUNT, color="danger", pill=True, className="ms-1"),
                ],
                id=ids.BELL_BUTTON,
                className="btn btn-link nav-link me-2",
                title="Notifications",
                **{"aria-label": "Notifications"},
            ),
            dbc.Popover(
                [
                    dbc.PopoverHeader("Notifications"),
                    dbc.PopoverBody(
                        [
                            html.Div(id=ids.BELL_LIST),
                            dbc.Button(
                                "Mark all read",
                                id=ids.BELL_READ,
                                n_clicks=0,
                                size="sm",
                                className="mt-2",
                            ),
                        ]
                    ),
                ],
                target=ids.BELL_BUTTON,
                trigger="legacy",
                placement="bottom-end",
            ),
            dcc.Interval(id=ids.BELL_POLL, interval=60_000),
        ],
        id=ids.BELL,
        className="d-flex align-items-center",
    )


def notification_items(rows: list[dict]) -> list:
    """The popover's list; unread ones in bold."""
    if not rows:
        return [
            html.P(
                "Nothing yet. Watch an event or add alerts on your Profile.", className="small mb-0"
            )
        ]
    return [
        html.Div(
            [
                html.A(
                    r["title"],
                    href=f"/event/{r['event_id']}" if r["event_id"] else "/events",
                    className="fw-bold" if r["read_at"] is None else "",
                ),
                html.Div(
                    f"{r['body']} · {r['created_at']:%d %b %H:%M} UTC",
                    className="small text-body-secondary",
                ),
            ],
            className="mb-2 bell-item",
        )
        for r in rows
    ]
