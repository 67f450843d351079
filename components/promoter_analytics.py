"""Layout of /promoter/analytics: period and event pickers, KPIs, charts, tables, export."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.views import save_view_button

SERIES_KINDS = {"impression": "Impressions", "view": "Views", "save": "Saves"}
SERIES_KINDS["ticket_click"] = "Ticket clicks"
EXPORTS = {
    "kpis": "KPIs",
    "daily": "Daily series",
    "funnel": "Funnel",
    "targeting": "Targeting by match band",
    "geography": "Audience geography",
    "sources": "Sources",
    "compare": "Event comparison",
}


def _graph(component_id: str, height: int = 340) -> dcc.Graph:
    return dcc.Graph(
        id=component_id,
        config={"displaylogo": False, "responsive": True},
        style={"minHeight": f"{height}px"},
    )


def _card(title: str, body) -> dbc.Card:
    parts = body if isinstance(body, list) else [body]
    return dbc.Card(dbc.CardBody([html.H2(title, className="h6"), *parts]), className="mb-3 h-100")


def _export() -> dbc.InputGroup:
    return dbc.InputGroup(
        [
            dbc.Select(
                id=ids.ANALYTICS_EXPORT_TABLE,
                options=[{"label": v, "value": k} for k, v in EXPORTS.items()],
                value="kpis",
            ),
            dbc.Button("Export CSV", id=ids.ANALYTICS_EXPORT, color="secondary"),
        ],
        size="sm",
    )


def _controls(start: str, end: str, events: list[int], today: str) -> dbc.Row:
    export = _export()
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Period", html_for=ids.ANALYTICS_RANGE, className="small mb-1"),
                    dcc.DatePickerRange(
                        id=ids.ANALYTICS_RANGE,
                        start_date=start,
                        end_date=end,
                        display_format="YYYY-MM-DD",
                        max_date_allowed=today,
                    ),
                ],
                md="auto",
            ),
            dbc.Col(
                [
                    dbc.Label("Events", html_for=ids.ANALYTICS_EVENTS, className="small mb-1"),
                    dcc.Dropdown(
                        id=ids.ANALYTICS_EVENTS,
                        # Placeholders until the caller's events load, so the URL's choice holds.
                        options=[{"label": f"Event #{i}", "value": i} for i in events],
                        value=events,
                        multi=True,
                        placeholder="All your events",
                        className="rw-dropdown",
                    ),
                ],
                md=True,
            ),
            dbc.Col([dbc.Label("Export a table", className="small mb-1"), export], md=3),
        ],
        className="g-3 align-items-end mb-3",
    )


def analytics_layout(start: str, end: str, events: list[int], kind: str, today: str) -> html.Div:
    """The whole page; every number is filled by callbacks from the URL's period and events."""
    radio = dbc.RadioItems(
        id=ids.ANALYTICS_SERIES_KIND,
        options=[{"label": v, "value": k} for k, v in SERIES_KINDS.items()],
        value=kind,
        inline=True,
        className="small",
    )
    return html.Div(
        [
            save_view_button("promoter_analytics"),
            html.H1("Event analytics", className="h3"),
            html.P(
                "How your events reach listeners: counts come from the daily rollup (refreshed "
                "hourly) and never show an individual viewer.",
                className="text-body-secondary",
            ),
            dcc.Store(id=ids.ANALYTICS_URLSTATE),
            dcc.Download(id=ids.ANALYTICS_DOWNLOAD),
            _controls(start, end, events, today),
            html.Div(id=ids.ANALYTICS_KPIS),
            *_charts(radio),
        ],
        className="container-xl py-3",
    )


def _charts(radio) -> list:
    return [
        dbc.Row(
            [
                dbc.Col(_card("Over time", [radio, _graph(ids.ANALYTICS_SERIES, 480)]), lg=7),
                dbc.Col(_card("Funnel", _graph(ids.ANALYTICS_FUNNEL)), lg=5),
            ],
            className="g-3 mb-3",
        ),
        _card(
            "Targeting effectiveness",
            dbc.Row(
                [
                    dbc.Col(_graph(ids.ANALYTICS_TARGETING), lg=6),
                    dbc.Col(html.Div(id=ids.ANALYTICS_TARGETING_TABLE), lg=6),
                ]
            ),
        ),
        dbc.Row(
            [
                dbc.Col(_card("Audience geography", html.Div(id=ids.ANALYTICS_GEOGRAPHY)), lg=6),
                dbc.Col(_card("Sources", _graph(ids.ANALYTICS_SOURCES, 320)), lg=6),
            ],
            className="g-3 mb-3",
        ),
        _card("Compare events", _graph(ids.ANALYTICS_COMPARE, 360)),
    ]
