"""The genre-geography page: controls, the dash-leaflet map with its layers, legend and panel.

Pure factories. The layer GeoJSON comes from components/map_layers.py through callbacks/map.py;
drawing functions live in assets/genre_map.js (referenced as {"variable": "rwMap.<name>"}).
"""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import dash_leaflet as dl
from dash import dcc, html

from components import ids
from components.filter_bar import phone_collapsible
from components.map_layers import collection
from components.map_state import ROLE_LAYERS, MapState
from components.views import save_view_button

LAYER_LABELS = {
    "events": "Events (clustered, by main genre)",
    "heat": "Density",
    "share": "Genre share per city",
    "venues": "Venues (by events hosted)",
    "listeners": "Where listeners of the genre live (analysts)",
    "engaged": "Where people who saved or clicked live (promoters, analysts)",
}
PLAY_SECONDS = 1.5


def js(name: str) -> dict:
    """A dash-leaflet function prop pointing at ``window.rwMap[name]``."""
    return {"variable": f"rwMap.{name}"}


def layer_options(roles: set[str]) -> list[dict]:
    """The layer switches this visitor may use (role layers only for their roles)."""
    allowed = [k for k in LAYER_LABELS if k not in ROLE_LAYERS or roles & set(ROLE_LAYERS[k])]
    return [{"label": LAYER_LABELS[k], "value": k} for k in allowed]


def month_marks(months: list[str]) -> dict:
    """Slider marks: 0 is the whole range, then every sixth month (phones stay legible)."""
    marks = {0: "All"}
    for i, month in enumerate(months, start=1):
        if i % 6 == 0:
            marks[i] = date.fromisoformat(f"{month}-01").strftime("%b %y")
    return marks


def _layers(tile_url: str, attribution: str) -> list:
    empty = collection([])
    return [
        dl.TileLayer(
            id=ids.MAP_TILES,
            url=tile_url,
            attribution=attribution,
            eventHandlers={"tileerror": js("tileError")},
        ),
        dl.GeoJSON(id=ids.MAP_HEAT, data=empty, pointToLayer=js("heatPoint")),
        dl.GeoJSON(id=ids.MAP_SHARE, data=empty, pointToLayer=js("cityPie")),
        dl.GeoJSON(id=ids.MAP_VENUES, data=empty, pointToLayer=js("venuePoint")),
        dl.GeoJSON(
            id=ids.MAP_LISTENERS,
            data=empty,
            pointToLayer=js("peoplePoint"),
            hideout={"what": "listen to it"},
        ),
        dl.GeoJSON(
            id=ids.MAP_ENGAGED,
            data=empty,
            pointToLayer=js("peoplePoint"),
            hideout={"what": "saved or clicked its events"},
        ),
        dl.GeoJSON(
            id=ids.MAP_EVENTS,
            data=empty,
            cluster=True,
            zoomToBoundsOnClick=True,
            superClusterOptions={"radius": 60},
            pointToLayer=js("eventPoint"),
            clusterToLayer=js("eventCluster"),
        ),
    ]


def _map(state: MapState, tile_url: str, attribution: str) -> dl.Map:
    lat, lng, zoom = state.view
    return dl.Map(
        _layers(tile_url, attribution),
        id=ids.MAP_CANVAS,
        center=[lat, lng],
        zoom=zoom,
        minZoom=1,
        maxZoom=18,
        worldCopyJump=True,
        className="rw-map",
    )


def filters_summary(genres: list, start, end, layers) -> str:
    """The phone's one-line summary of the map filters (callbacks/map.py keeps it current)."""
    what = (
        "All genres" if not genres else genres[0] if len(genres) == 1 else f"{len(genres)} genres"
    )
    n = len(layers or [])
    return f"{what} · {start} to {end} · {n} layer{'s' if n != 1 else ''}"


def _genre_picker(state: MapState) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label("Genres", html_for=ids.MAP_GENRES),
            dcc.Dropdown(
                id=ids.MAP_GENRES,
                multi=True,
                value=list(state.genres),
                placeholder="All genres",
                options=[{"label": f"Genre {g}", "value": g} for g in state.genres],
            ),
        ],
        md=5,
    )


def _dates(state: MapState) -> dbc.Col:
    picker = dcc.DatePickerRange(
        id=ids.MAP_RANGE,
        start_date=state.start.isoformat(),
        end_date=state.end.isoformat(),
        display_format="D MMM YYYY",
        minimum_nights=0,
    )
    return dbc.Col([dbc.Label("Dates", html_for=ids.MAP_RANGE), html.Div(picker)], md=7)


def _controls(state: MapState, roles: set[str]) -> dbc.Row:
    options = layer_options(roles)
    allowed = {o["value"] for o in options}
    switches = dbc.Checklist(
        id=ids.MAP_LAYERS,
        options=options,
        value=[x for x in state.layers if x in allowed],
        inline=True,
        switch=True,
        className="mt-2",
    )
    return dbc.Row(
        [_genre_picker(state), _dates(state), dbc.Col(switches, xs=12)], className="g-2 mb-2"
    )


def _time_control(state: MapState, months: list[str]) -> dbc.Row:
    index = months.index(state.month) + 1 if state.month in months else 0
    return dbc.Row(
        [
            dbc.Col(
                dbc.Button("▶ Play", id=ids.MAP_PLAY, color="secondary", size="sm", n_clicks=0),
                width="auto",
            ),
            dbc.Col(
                dcc.Slider(
                    id=ids.MAP_MONTH,
                    min=0,
                    max=len(months),
                    step=1,
                    value=index,
                    marks=month_marks(months),
                    updatemode="mouseup",
                    allow_direct_input=False,
                ),
            ),
            dbc.Col(html.Strong(id=ids.MAP_MONTH_LABEL, className="rw-month-label"), xs=12, md=3),
            dcc.Interval(id=ids.MAP_TICK, interval=int(PLAY_SECONDS * 1000), disabled=True),
            dcc.Store(id=ids.MAP_MONTHS, data=months),
        ],
        className="g-2 align-items-center mb-2",
    )


ROLE_NOTE = (
    "Analysts also see where listeners of a genre live; promoters and analysts see where "
    "people who saved or clicked its events live. Places with fewer than 5 people are "
    "never shown."
)


def _map_column(state: MapState, tile_url: str, attribution: str) -> dbc.Col:
    note = html.Div(
        "Map tiles are unavailable: layers are drawn on a plain background.",
        id=ids.MAP_TILES_NOTE,
        hidden=True,
        className="alert alert-warning py-1 px-2 mb-1 small",
    )
    return dbc.Col(
        [
            note,
            _map(state, tile_url, attribution),
            html.Div(id=ids.MAP_LEGEND, className="rw-map-legend mt-2"),
            html.Div(id=ids.MAP_NOTES, className="small text-body-secondary"),
        ],
        lg=8,
    )


def map_layout(
    state: MapState,
    months: list[str],
    roles: set[str],
    tile_url: str,
    attribution: str,
    logged_in: bool = False,
) -> html.Div:
    """The whole /map page for one URL state."""
    return html.Div(
        [
            save_view_button("map", logged_in, "/map"),
            html.H1("Genre geography", className="h3"),
            html.P(
                "Which genres play where, and how that moves month by month. Click a cluster, "
                "city or venue for its details.",
                className="text-body-secondary",
            ),
            html.Div(
                phone_collapsible(
                    _controls(state, roles),
                    ids.MAP_FILTERS_TOGGLE,
                    ids.MAP_FILTERS_COLLAPSE,
                    ids.MAP_FILTERS_SUMMARY,
                    filters_summary(list(state.genres), state.start, state.end, state.layers),
                ),
                className="mb-2",
            ),
            _time_control(state, months),
            dbc.Row(
                [
                    _map_column(state, tile_url, attribution),
                    dbc.Col(html.Div(id=ids.MAP_PANEL, className="rw-map-panel"), lg=4),
                ],
                className="g-3",
            ),
            html.P(ROLE_NOTE, className="small text-body-secondary mt-3"),
            dcc.Store(id=ids.MAP_PLACE, data=state.place),
            dcc.Store(id=ids.MAP_PALETTE),
            dcc.Store(id=ids.MAP_DATA),
            dcc.Store(id=ids.MAP_URLSTATE),
        ],
        className="rw-map-page",
    )
