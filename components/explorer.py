"""The explorer page (/events): filters, the ranked list and the clustered map side by side."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class ExplorerView:
    """What the filters found, ready to show: rendered into the page's layout, so the first
    page of cards and the markers arrive with the page (no callback round trip after it).

    Attributes:
        summary: the list's headline (``summary_text``).
        cards: the page of cards, or what to do when nothing matches (``explorer_list``).
        markers: every match on the map, as base64 geobuf.
        bounds: the map's initial box, [[south, west], [north, east]].
        pages: how many pages the list has.
        options: dropdown options by control ("cities", "genres", "sources").
        city_placeholder: what the city dropdown says when no city is chosen.
        sort: the order shown (the default when the URL names none).
        alerts: the alert toggles for the city shown.
    """

    summary: str
    cards: html.Div | html.P
    markers: str
    bounds: list[list[float]]
    pages: int
    options: dict[str, list[dict]] = field(default_factory=dict)
    city_placeholder: str = "Everywhere"
    sort: str = "date"
    alerts: html.Div | None = None


def _field(label: str, control, **col) -> dbc.Col:
    return dbc.Col([dbc.Label(label, className="small mb-0"), control], className="mb-2", **col)


def _keep(value) -> list[dict]:
    # A dropdown's value must be one of its options before the options arrive.
    values = value if isinstance(value, list | tuple) else [value] if value else []
    return [{"label": v, "value": v} for v in values]


def _main_row(f: EventFilters, view: ExplorerView) -> dbc.Row:
    search = dbc.Input(
        id=ids.EXPLORER_Q,
        type="search",
        value=f.q,
        debounce=True,
        placeholder="Artist, title, venue…",
    )
    city = dcc.Dropdown(
        id=ids.EXPLORER_CITY,
        value=f.city or None,
        options=view.options.get("cities") or _keep(f.city),
        placeholder=view.city_placeholder,
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


def _more_row(f: EventFilters, view: ExplorerView) -> dbc.Row:
    checks = [v for v, on in (("free", f.free), ("hide_cancelled", f.hide_cancelled)) if on]
    genres = dcc.Dropdown(
        id=ids.EXPLORER_GENRES,
        value=list(f.genres),
        multi=True,
        options=view.options.get("genres") or _keep(list(f.genres)),
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
        id=ids.EXPLORER_SOURCE,
        value=f.source or None,
        options=view.options.get("sources") or _keep(f.source),
        placeholder="Any",
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


def filter_panel(f: EventFilters, view: ExplorerView) -> html.Div:
    """Every filter, initialised from the URL; the less used ones fold away until opened."""
    more_set = bool(f.genres or f.start or f.end or f.price_max is not None or f.source or f.free)
    sort = dbc.RadioItems(
        id=ids.EXPLORER_SORT,
        value=f.sort or view.sort,
        options=[{"label": label, "value": key} for key, label in SORT_LABELS.items()],
        inline=True,
        className="small",
    )
    return html.Div(
        [
            _main_row(f, view),
            html.Details(
                [
                    html.Summary("Genres, dates, price, source", className="small mb-1"),
                    _more_row(f, view),
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


def _map_column(f: EventFilters, view: ExplorerView, tiles: tuple[str, str]) -> dbc.Col:
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
        [explorer_map(*tiles, view.markers, view.bounds), html.Div(area, className="mt-1")],
        lg=6,
        className="order-1 order-lg-2 mb-3 explorer-map-col",
    )


def _list_column(f: EventFilters, view: ExplorerView) -> dbc.Col:
    pages = dbc.Pagination(
        id=ids.EXPLORER_PAGE,
        active_page=f.page,
        max_value=max(f.page, view.pages, 1),
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
            dcc.Loading(html.Div(view.cards, id=ids.EXPLORER_LIST), delay_show=300),
            html.Div([pages, export], className="d-flex flex-wrap gap-2 align-items-start"),
            dcc.Download(id=ids.EXPLORER_DOWNLOAD),
        ],
        lg=6,
        className="order-2 order-lg-1",
    )


def explorer_layout(
    f: EventFilters, tiles: tuple[str, str], view: ExplorerView, logged_in: bool = False
) -> html.Div:
    """The whole page with its list, markers and options filled in (``tiles``: URL and
    attribution of the map tiles)."""
    return html.Div(
        [
            dcc.Location(id=ids.EXPLORER_LOCATION, refresh="callback-nav"),
            dcc.Store(id=ids.EXPLORER_FILTERS, data=to_query(f)),
            dcc.Store(id=ids.EXPLORER_SORT_SHOWN, data=view.sort),
            save_view_button("events", logged_in, "/events"),
            html.H1("Events", className="h3"),
            html.Div(view.alerts, id=ids.EXPLORER_ALERTS, className="mb-2"),
            filter_panel(f, view),
            html.Div(
                view.summary, id=ids.EXPLORER_SUMMARY, className="small text-body-secondary mb-2"
            ),
            dbc.Row([_list_column(f, view), _map_column(f, view, tiles)]),
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
