"""The explorer page (/events): filters, the ranked list and the clustered map side by side."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.event_map import explorer_map
from components.views import save_view_button
from data.queries.event_filters import SORT_LABELS, EventFilters, to_query

WHEN_OPTIONS = [
    {"label": "Tonight", "value": "tonight"},
    {"label": "This weekend", "value": "weekend"},
    {"label": "This week", "value": "week"},
    {"label": "Next 30 days", "value": "month"},
    {"label": "Custom dates", "value": "custom"},
    {"label": "Any date", "value": "all"},
]
RADIUS_OPTIONS = [
    {"label": "In the city", "value": 0},
    {"label": "Within 10 km", "value": 10},
    {"label": "Within 25 km", "value": 25},
    {"label": "Within 50 km", "value": 50},
    {"label": "Within 100 km", "value": 100},
    {"label": "Within 250 km", "value": 250},
]


def _field(label: str, control, **col) -> dbc.Col:
    return dbc.Col([dbc.Label(label, className="small mb-0"), control], className="mb-2", **col)


def _keep(value) -> list[dict]:
    # A dropdown's value must be one of its options before the options arrive.
    values = value if isinstance(value, list | tuple) else [value] if value else []
    return [{"label": v, "value": v} for v in values]


def _main_row(f: EventFilters) -> dbc.Row:
    search = dbc.Input(
        id=ids.EXPLORER_Q,
        type="search",
        value=f.q,
        debounce=True,
        placeholder="Artist, title, venue…",
    )
    city = dcc.Dropdown(
        id=ids.EXPLORER_CITY, value=f.city or None, options=_keep(f.city), placeholder="Everywhere"
    )
    radius = dcc.Dropdown(
        id=ids.EXPLORER_RADIUS, value=f.radius, clearable=False, options=RADIUS_OPTIONS
    )
    when = dcc.Dropdown(id=ids.EXPLORER_WHEN, value=f.when, clearable=False, options=WHEN_OPTIONS)
    return dbc.Row(
        [
            _field("Search", search, xs=12, md=4),
            _field("City", city, xs=12, md=3),
            _field("Near", radius, xs=6, md=2),
            _field("When", when, xs=6, md=3),
        ],
        className="g-2",
    )


def _more_row(f: EventFilters) -> dbc.Row:
    checks = [v for v, on in (("free", f.free), ("hide_cancelled", f.hide_cancelled)) if on]
    genres = dcc.Dropdown(
        id=ids.EXPLORER_GENRES,
        value=list(f.genres),
        multi=True,
        options=_keep(list(f.genres)),
        placeholder="Type a genre…",
    )
    dates = dcc.DatePickerRange(
        id=ids.EXPLORER_DATES,
        start_date=f.start,
        end_date=f.end,
        display_format="D MMM YYYY",
        clearable=True,
    )
    price = dbc.Input(
        id=ids.EXPLORER_PRICE, type="number", min=0, step=1, value=f.price_max, debounce=True
    )
    source = dcc.Dropdown(
        id=ids.EXPLORER_SOURCE, value=f.source or None, options=_keep(f.source), placeholder="Any"
    )
    toggles = dbc.Checklist(
        id=ids.EXPLORER_CANCELLED,
        value=checks,
        options=[
            {"label": "Free only", "value": "free"},
            {"label": "Hide cancelled", "value": "hide_cancelled"},
        ],
    )
    return dbc.Row(
        [
            _field("Genres", genres, xs=12, md=4),
            _field("Dates", dates, xs=12, md=3),
            _field("Max price", price, xs=6, md=1),
            _field("Source", source, xs=6, md=2),
            _field("", toggles, xs=12, md=2),
        ],
        className="g-2",
    )


def filter_panel(f: EventFilters) -> html.Div:
    """Every filter, initialised from the URL; the less used ones fold away until opened."""
    more_set = bool(f.genres or f.start or f.end or f.price_max is not None or f.source or f.free)
    sort = dbc.RadioItems(
        id=ids.EXPLORER_SORT,
        value=f.sort or None,
        options=[{"label": label, "value": key} for key, label in SORT_LABELS.items()],
        inline=True,
        className="small",
    )
    return html.Div(
        [
            _main_row(f),
            html.Details(
                [
                    html.Summary("Genres, dates, price, source", className="small mb-1"),
                    _more_row(f),
                ],
                open=more_set,
                className="mb-1",
            ),
            html.Div(
                [
                    html.Span("Sort: ", className="small me-2"),
                    sort,
                    dcc.Link("Reset filters", href="/events", className="small ms-auto"),
                ],
                className="d-flex flex-wrap align-items-center gap-1",
            ),
        ],
        className="explorer-filters mb-2",
    )


def _map_column(f: EventFilters, tile_url: str, attribution: str) -> dbc.Col:
    area = [
        dbc.Button(
            "Search this map area",
            id=ids.EXPLORER_AREA,
            size="sm",
            color="secondary",
            outline=True,
            className="me-1",
        ),
        dbc.Button(
            "Clear map area",
            id=ids.EXPLORER_AREA_CLEAR,
            size="sm",
            color="link",
            style={} if f.bbox else {"display": "none"},
        ),
    ]
    return dbc.Col(
        [explorer_map(tile_url, attribution), html.Div(area, className="mt-1")],
        lg=6,
        className="order-1 order-lg-2 mb-3 explorer-map-col",
    )


def _list_column(f: EventFilters) -> dbc.Col:
    pages = dbc.Pagination(
        id=ids.EXPLORER_PAGE,
        active_page=f.page,
        max_value=max(f.page, 1),
        fully_expanded=False,
        first_last=True,
        previous_next=True,
        size="sm",
        className="mt-2",
    )
    export = dbc.Button(
        "Download CSV",
        id=ids.EXPLORER_EXPORT,
        size="sm",
        color="secondary",
        outline=True,
        className="mt-2",
        title="Every show these filters match (up to 5,000), in this order",
    )
    return dbc.Col(
        [
            dcc.Loading(html.Div(id=ids.EXPLORER_LIST), delay_show=300),
            html.Div([pages, export], className="d-flex flex-wrap gap-2 align-items-start"),
            dcc.Download(id=ids.EXPLORER_DOWNLOAD),
        ],
        lg=6,
        className="order-2 order-lg-1",
    )


def explorer_layout(
    f: EventFilters, tile_url: str, attribution: str, logged_in: bool = False
) -> html.Div:
    """The whole page; the list callback fills the list, counts, options and markers."""
    return html.Div(
        [
            dcc.Location(id=ids.EXPLORER_LOCATION, refresh="callback-nav"),
            dcc.Store(id=ids.EXPLORER_FILTERS, data=to_query(f)),
            dcc.Store(id=ids.EXPLORER_SORT_SHOWN),
            save_view_button("events", logged_in, "/events"),
            html.H1("Events", className="h3"),
            html.Div(id=ids.EXPLORER_ALERTS, className="mb-2"),
            filter_panel(f),
            html.Div(id=ids.EXPLORER_SUMMARY, className="small text-body-secondary mb-2"),
            dbc.Row([_list_column(f), _map_column(f, tile_url, attribution)]),
        ]
    )


def summary_text(total: int, sort: str, city: str | None, personal: bool, listening: bool) -> str:
    """The list's headline ("42 shows in Berlin, sorted for you") and what to do next."""
    where = f" in {city}" if city else ""
    noun = "show" if total == 1 else "shows"
    order = "for you" if sort == "foryou" else f"by {SORT_LABELS.get(sort, sort).lower()}"
    text = f"{total:,} {noun}{where}, sorted {order}."
    if not personal:
        text += " Log in and import your listening history to see them ranked for you."
    elif not listening:
        text += " Import your listening history to rank them for you, with the reasons."
    return text


def explorer_list(rows: list[dict], saved: set[int], logged_in: bool, empty: str) -> html.Div:
    """The page of cards, or what to do when nothing matches."""
    from components.event_cards import explorer_card

    if not rows:
        return html.P(empty, className="empty-state text-body-secondary")
    return html.Div([explorer_card(r, r["id"] in saved, logged_in) for r in rows])
