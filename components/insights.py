"""Insights (analysts): event-market charts and tables on one set of URL filters."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.figures import dates, empty_figure, themed
from components.views import save_view_button
from components.wrapped import graph

PER_PAGE = 10


def month_options(first: str, last: str) -> list[dict]:
    """Months from ``first`` to ``last`` (YYYY-MM) as dropdown options."""
    months = pd.period_range(first, last, freq="M")
    return [{"label": m.strftime("%b %Y"), "value": str(m)} for m in months]


def insights_layout(query: dict, months: list[dict]) -> html.Div:
    """Filters (city, genre, from, to) from the URL; charts and tables fill by callback."""

    def control(label, component, md):
        return dbc.Col([dbc.Label(label, className="small mb-1"), component], md=md)

    filters = dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    control(
                        "City",
                        dcc.Dropdown(
                            id=ids.INSIGHTS_CITY, value=query.get("city"), placeholder="All cities"
                        ),
                        3,
                    ),
                    control(
                        "Genre",
                        dcc.Dropdown(
                            id=ids.INSIGHTS_GENRE,
                            value=query.get("genre"),
                            placeholder="All genres",
                        ),
                        3,
                    ),
                    control(
                        "From",
                        dcc.Dropdown(
                            id=ids.INSIGHTS_START,
                            options=months,
                            value=query["start"],
                            clearable=False,
                        ),
                        3,
                    ),
                    control(
                        "To",
                        dcc.Dropdown(
                            id=ids.INSIGHTS_END, options=months, value=query["end"], clearable=False
                        ),
                        3,
                    ),
                ],
                className="g-2",
            )
        ),
        className="mb-3",
    )
    return html.Div(
        [
            save_view_button("insights"),
            html.H1("Market insights", className="h3 mb-1"),
            html.P(
                "For analysts: live-music events by city and genre over time, from every feed. "
                "Public event data only — no listener's plays or activity.",
                className="text-body-secondary",
            ),
            filters,
            dcc.Store(id=ids.INSIGHTS_URLSTATE),
            dcc.Download(id=ids.INSIGHTS_DOWNLOAD),
            html.Div(id=ids.INSIGHTS_SUMMARY, className="mb-3", role="status"),
            dbc.Row(
                [
                    dbc.Col(graph(ids.INSIGHTS_MONTHLY, 320), lg=6),
                    dbc.Col(graph(ids.INSIGHTS_PRICES, 320), lg=6),
                    dbc.Col(graph(ids.INSIGHTS_STATUS, 320), lg=6),
                    dbc.Col(graph(ids.INSIGHTS_ARTISTS, 320), lg=6),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _table_card(
                            "Venues' activity",
                            ids.INSIGHTS_VENUES,
                            ids.INSIGHTS_CSV_VENUES,
                            pager=dbc.Pagination(
                                id=ids.INSIGHTS_VENUES_PAGE,
                                max_value=1,
                                active_page=query.get("vpage", 1),
                                fully_expanded=False,
                                size="sm",
                            ),
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        _table_card(
                            "Fastest-growing genres (top 10; CSV has all)",
                            ids.INSIGHTS_GENRES,
                            ids.INSIGHTS_CSV_GENRES,
                        ),
                        lg=6,
                    ),
                ],
                className="g-3",
            ),
        ]
    )


def _table_card(title: str, body_id: str, csv_id: str, pager=None) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        html.H2(title, className="h5 mb-2 me-auto"),
                        dbc.Button(
                            "Download CSV",
                            id=csv_id,
                            n_clicks=0,
                            size="sm",
                            outline=True,
                            color="secondary",
                        ),
                    ],
                    className="d-flex align-items-start",
                ),
                html.Div(id=body_id),
                pager,
            ]
        )
    )


def summary(events: pd.DataFrame, currency: str | None) -> html.Div:
    """One line of totals for the selection, or an empty state saying what to change."""
    if events.empty:
        return dbc.Alert(
            "No events match these filters. Widen the months, or clear the city or genre.",
            color="secondary",
        )
    cancelled = events["status"].eq("cancelled").mean() * 100
    parts = [
        f"{len(events):,} events",
        f"{events['venue'].nunique():,} venues",
        f"{cancelled:.1f}% cancelled",
    ]
    if currency:
        parts.append(f"prices compared in {currency} (the most common currency here)")
    return html.Div(" · ".join(parts), className="fw-semibold")


def monthly_figure(df: pd.DataFrame, theme: str | None) -> dict:
    """Bars of events per month."""
    title = "Events per month"
    if df.empty:
        return empty_figure("No events in this range.", theme, title)
    trace = {
        "type": "bar",
        "x": dates(df["month"]),
        "y": df["events"].tolist(),
        "hovertemplate": "%{x|%b %Y}: %{y} events<extra></extra>",
    }
    return themed(
        [trace], theme, title, 320, yaxis={"title": {"text": "events"}}, xaxis={"type": "date"}
    )


def prices_figure(df: pd.DataFrame, currency: str | None, theme: str | None) -> dict:
    """The median lowest price per month inside its middle-half band (one currency)."""
    title = f"Lowest ticket price per month ({currency})" if currency else "Ticket prices"
    if df.empty:
        return empty_figure("No priced events in this range.", theme, title)
    x = dates(df["month"])
    band = [
        {
            "type": "scatter",
            "x": x,
            "y": df["q3"].tolist(),
            "mode": "lines",
            "line": {"width": 0},
            "name": "upper quartile",
            "showlegend": False,
            "hovertemplate": f"75%: %{{y:.2f}} {currency}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": x,
            "y": df["q1"].tolist(),
            "mode": "lines",
            "fill": "tonexty",
            "line": {"width": 0},
            "name": "middle half of prices",
            "hovertemplate": f"25%: %{{y:.2f}} {currency}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": x,
            "y": df["median"].tolist(),
            "mode": "lines+markers",
            "name": "median",
            "customdata": df["priced"].tolist(),
            "hovertemplate": f"%{{x|%b %Y}}: median %{{y:.2f}} {currency} (%{{customdata}} events)"
            "<extra></extra>",
        },
    ]
    return themed(
        band, theme, title, 320, yaxis={"title": {"text": currency}}, xaxis={"type": "date"}
    )


def status_figure(df: pd.DataFrame, theme: str | None) -> dict:
    """Percent of each month's events cancelled, and postponed or rescheduled."""
    title = "Share cancelled or moved"
    if df.empty:
        return empty_figure("No events in this range.", theme, title)
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": dates(df["month"]),
            "y": df[col].tolist(),
            "name": name,
            "hovertemplate": f"%{{x|%b %Y}}: %{{y:.1f}}% {name}<extra></extra>",
        }
        for col, name in (("cancelled", "cancelled"), ("moved", "postponed or rescheduled"))
    ]
    return themed(
        traces, theme, title, 320, yaxis={"title": {"text": "% of events"}}, xaxis={"type": "date"}
    )


def artists_figure(df: pd.DataFrame, theme: str | None) -> dict:
    """Stacked bars: artists playing their first show vs returning artists, per month."""
    title = "New vs returning artists"
    if df.empty:
        return empty_figure("No lineups in this range.", theme, title)
    traces = [
        {
            "type": "bar",
            "x": dates(df["month"]),
            "y": df[col].tolist(),
            "name": name,
            "hovertemplate": f"%{{x|%b %Y}}: %{{y}} {name}<extra></extra>",
        }
        for col, name in (("new", "new artists (first show)"), ("returning", "returning artists"))
    ]
    return themed(
        traces,
        theme,
        title,
        320,
        barmode="stack",
        yaxis={"title": {"text": "artists"}},
        xaxis={"type": "date"},
    )


def data_table(df: pd.DataFrame, columns: dict[str, str], empty: str) -> html.Div | html.P:
    """A small responsive table of ``df`` with readable headers."""
    if df.empty:
        return html.P(empty, className="text-body-secondary small")
    head = html.Thead(html.Tr([html.Th(label) for label in columns.values()]))
    body = html.Tbody(
        [html.Tr([html.Td(str(row[c])) for c in columns]) for _, row in df.iterrows()]
    )
    return html.Div(
        dbc.Table([head, body], size="sm", hover=True, className="small"),
        className="table-responsive",
    )
