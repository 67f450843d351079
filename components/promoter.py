"""The promoter's page: their events with actions, the event form, and the page's tabs.

Pure factories. The form's inputs use pattern ids (``ids.promoter_field``) so one callback
reads them all and one writes every field's message.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.csv_download import csv_button
from components.views import save_view_button

TABS = ("events", "upload", "talent", "venues")
TAB_LABELS = {
    "events": "Your events",
    "upload": "Upload CSV",
    "talent": "Talent finder",
    "venues": "Venue availability",
}
CURRENCIES = ("EUR", "GBP", "USD", "CAD", "AUD", "JPY", "MXN", "CHF", "SEK", "NOK", "DKK", "PLN")
STATUS_COLOURS = {"scheduled": "success", "cancelled": "danger", "postponed": "warning"}
EMPTY_FORM = {
    "title": "",
    "artists": [],
    "new_artists": "",
    "venue_id": None,
    "venue_name": "",
    "venue_address": "",
    "city_id": None,
    "date": "",
    "time": "",
    "doors": "",
    "price_min": "",
    "price_max": "",
    "currency": None,
    "ticket_url": "",
    "image_url": "",
    "genres": [],
    "description": "",
    "sponsored": False,
}


def _error(name: str) -> html.Div:
    return html.Div(id=ids.promoter_error(name), className="invalid-feedback d-block")


def _field(label: str, name: str, control, hint: str | None = None, width: int = 12) -> dbc.Col:
    parts = [dbc.Label(label, html_for=f"promoter-{name}"), control]
    if hint:
        parts.append(dbc.FormText(hint))
    parts.append(_error(name))
    return dbc.Col(parts, md=width, className="mb-3")


def _input(name: str, kind: str = "text", **extra) -> dbc.Input:
    return dbc.Input(id=ids.promoter_field(name), type=kind, value=EMPTY_FORM[name], **extra)


def _dropdown(name: str, options: list, multi: bool = False, **extra) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=ids.promoter_field(name),
        options=options,
        value=EMPTY_FORM[name],
        multi=multi,
        className="rw-dropdown",
        **extra,
    )


def _venue_fields(venues: list[dict], cities: list[dict]) -> list:
    return [
        _field(
            "Venue",
            "venue_id",
            _dropdown("venue_id", venues, placeholder="Pick a venue…"),
            width=12,
        ),
        _field("…or a new venue: name", "venue_name", _input("venue_name"), width=4),
        _field("Address", "venue_address", _input("venue_address"), width=4),
        _field("City", "city_id", _dropdown("city_id", cities, placeholder="Known city"), width=4),
    ]


def _form_rows(venues: list[dict], cities: list[dict], genres: list[str]) -> list[dbc.Col]:
    return [
        _field("Title", "title", _input("title", maxLength=200)),
        _field(
            "Lineup",
            "artists",
            _dropdown("artists", [], multi=True, placeholder="Type 2+ letters of a known artist"),
            width=8,
        ),
        _field("New artists", "new_artists", _input("new_artists"), "Comma-separated", width=4),
        *_venue_fields(venues, cities),
        _field("Date (venue's local)", "date", _input("date", "date"), width=4),
        _field("Start time", "time", _input("time", "time"), width=4),
        _field("Doors", "doors", _input("doors", "time"), width=4),
        _field("Lowest price", "price_min", _input("price_min", inputMode="decimal"), width=4),
        _field("Highest price", "price_max", _input("price_max", inputMode="decimal"), width=4),
        _field("Currency", "currency", _dropdown("currency", list(CURRENCIES)), width=4),
        _field("Ticket link", "ticket_url", _input("ticket_url", "url"), "http:// or https://", 6),
        _field("Image link", "image_url", _input("image_url", "url"), "http:// or https://", 6),
        _field("Genres", "genres", _dropdown("genres", genres, multi=True)),
        _field(
            "Description",
            "description",
            dbc.Textarea(id=ids.promoter_field("description"), value="", rows=4, maxLength=5000),
            "Plain text or Markdown: **bold**, *italic*, lists, links. No HTML.",
        ),
        _field(
            "Sponsored",
            "sponsored",
            dbc.Switch(
                id=ids.promoter_field("sponsored"), value=False, label="Sponsored placement"
            ),
            "Labelled “Sponsored” in lists, which show at most a few sponsored events.",
        ),
    ]


def event_form(venues: list[dict], cities: list[dict], genres: list[str]) -> dbc.Card:
    """The create/edit form; ``venues`` and ``cities`` are dropdown options."""
    rows = _form_rows(venues, cities, genres)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("New event", id=ids.PROMOTER_FORM_TITLE, className="h5 mb-3"),
                dbc.Row(rows),
                dbc.Button("Save event", id=ids.PROMOTER_SAVE, color="success", className="me-2"),
                dbc.Button("Clear form", id=ids.PROMOTER_NEW, color="secondary", outline=True),
                html.Div(id=ids.PROMOTER_FORM_STATUS, className="mt-3", role="status"),
                dcc.Store(id=ids.PROMOTER_EDITING),
            ]
        ),
        className="mb-4",
    )


def _actions(event_id: int, cancelled: bool) -> html.Div:
    def button(action: str, label: str, colour: str):
        return dbc.Button(
            label,
            id=ids.promoter_action(action, event_id),
            size="sm",
            color=colour,
            outline=True,
            className="me-1 mb-1",
        )

    buttons = [button("edit", "Edit", "primary"), button("duplicate", "Duplicate", "secondary")]
    if not cancelled:
        buttons.append(button("cancel", "Cancel show", "warning"))
    delete = dbc.Button("Delete", size="sm", color="danger", outline=True, className="me-1 mb-1")
    buttons.append(
        dcc.ConfirmDialogProvider(
            delete,
            id=ids.promoter_action("delete", event_id),
            message="Delete this event for good? Its analytics go with it.",
        )
    )
    return html.Div(buttons, className="d-flex flex-wrap")


def events_table(frame: pd.DataFrame) -> html.Div:
    """The caller's events, one page of them, with their actions."""
    if frame.empty:
        return html.P(
            "You have no events yet: fill in the form to publish your first show, "
            "or upload a CSV file of several.",
            className="empty-state",
        )
    rows = []
    for r in frame.itertuples():
        when = f"{r.local_date}" + (f" {str(r.local_time)[:5]}" if pd.notna(r.local_time) else "")
        title = [html.Span(r.title)]
        if r.sponsored:
            title.append(dbc.Badge("Sponsored", color="info", className="ms-2"))
        status = dbc.Badge(r.status, color=STATUS_COLOURS.get(r.status, "secondary"))
        where = ", ".join(str(v) for v in (r.venue, r.city) if isinstance(v, str))
        # Actions sit under the title so a phone shows them without scrolling sideways.
        event = html.Td(
            [html.Div(title, className="mb-1"), _actions(r.id, r.status == "cancelled")]
        )
        rows.append(html.Tr([event, html.Td(when), html.Td(where), html.Td(status)]))
    header = html.Thead(html.Tr([html.Th(h) for h in ("Event", "When", "Where", "Status")]))
    table = dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, className="small")
    return html.Div(table, className="table-responsive")


def message(text: str, colour: str = "success") -> dbc.Alert:
    """A dismissable status line (success by default)."""
    return dbc.Alert(text, color=colour, className="py-2 mb-0", dismissable=True)


def events_tab(page: int = 1) -> html.Div:
    """The events list (paginated, on the URL's ``page``) beside the create/edit form."""
    return html.Div(
        [
            html.Div(id=ids.PROMOTER_ACTION_STATUS, role="status", className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H2("Your events", className="h5"),
                            html.Div(id=ids.PROMOTER_EVENTS),
                            dbc.Pagination(
                                id=ids.PROMOTER_EVENTS_PAGE,
                                max_value=page,
                                active_page=page,
                                fully_expanded=False,
                                size="sm",
                            ),
                            csv_button(
                                "Download your events (CSV)",
                                ids.PROMOTER_EVENTS_EXPORT,
                                ids.PROMOTER_EVENTS_DOWNLOAD,
                            ),
                        ],
                        lg=7,
                    ),
                    dbc.Col(event_form([], [], []), lg=5),
                ]
            ),
        ]
    )


def promoter_layout(tab: str, tabs: dict[str, object], admin: bool) -> html.Div:
    """The /promoter page: a header, then one tab per tool (``tabs`` maps key → content)."""
    intro = "Publish and manage your shows; find talent your city listens to; find free dates."
    if admin:
        intro += " As an admin you see and can change every promoter's events."
    return html.Div(
        [
            save_view_button("promoter"),
            html.H1("Promoter tools", className="h3"),
            html.P(intro, className="text-body-secondary"),
            dcc.Store(id=ids.PROMOTER_URLSTATE),
            dcc.Store(id=ids.PROMOTER_REFRESH, data=0),
            dbc.Tabs(
                [
                    dbc.Tab(body, label=TAB_LABELS[key], tab_id=key, className="pt-3")
                    for key, body in tabs.items()
                ],
                id=ids.PROMOTER_TABS,
                active_tab=tab if tab in tabs else "events",
            ),
        ],
        className="container-xl py-3",
    )
