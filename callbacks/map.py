"""Genre-geography callbacks (public: outputs in ids.PUBLIC_OUTPUTS; role layers checked here)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate

from callbacks.context import optional_account
from callbacks.filter_bar import phone_toggle
from components import ids, map_layers
from components.genre_map import month_marks
from components.map_panel import legend, notes, panel, people_note
from components.map_state import ROLE_LAYERS, month_window, months_between, split_place
from data.db import session_scope
from data.queries import genre_audience, geography
from data.queries.geography import MapWindow

EMPTY = map_layers.collection([])
PEOPLE_LAYERS = (
    ("listeners", "Listeners", genre_audience.listeners_by_city),
    ("engaged", "Saved or clicked", genre_audience.engaged_by_city),
)


def _window(start: str, end: str, genres, month: str | None = None) -> MapWindow:
    first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    first, last = month_window(month, first, last)
    return MapWindow(first, last, tuple(sorted(int(g) for g in genres or ())))


def _allowed(layer: str) -> bool:
    account = optional_account()
    roles = ROLE_LAYERS.get(layer)
    return roles is None or (account is not None and account.has_role(*roles))


@callback(
    Output(ids.MAP_PALETTE, "data"),
    Output(ids.MAP_DATA, "data"),
    Output(ids.MAP_LEGEND, "children"),
    Output(ids.MAP_MONTHS, "data"),
    Output(ids.MAP_MONTH, "max"),
    Output(ids.MAP_MONTH, "marks"),
    Output(ids.MAP_MONTH, "value"),
    Input(ids.MAP_RANGE, "start_date"),
    Input(ids.MAP_RANGE, "end_date"),
    Input(ids.MAP_GENRES, "value"),
    State(ids.MAP_MONTH, "value"),
)
def load_window(start, end, genres, month_index):
    """Every month's cells of the window in one query; the browser draws the month shown."""
    if not start or not end or end < start:
        raise PreventUpdate
    window = _window(start, end, genres)
    months = months_between(window.start, window.end)
    with session_scope() as session:
        cells = geography.cell_counts(session, window)
        places = geography.venue_places(session, cells["venue_id"].unique().tolist())
        names = geography.genre_names(session, cells["genre_id"].unique().tolist())
    palette = map_layers.genre_palette(geography.genre_totals_of(cells, names))
    keep = ctx.triggered_id is None or ctx.triggered_id == ids.MAP_GENRES
    index = month_index if keep and (month_index or 0) <= len(months) else 0
    payload = map_layers.window_payload(cells, places, palette, names)
    marks = month_marks(months)
    return palette, payload, legend(palette), months, len(months), marks, index


@callback(Output(ids.MAP_GENRES, "options"), Input(ids.MAP_GENRES, "id"))
def genre_choices(_id):
    """Genres that label events, most events first (once per page view)."""
    with session_scope() as session:
        options = geography.genre_options(session)
    return [{"label": f"{r.name} ({r.events})", "value": int(r.id)} for r in options.itertuples()]


clientside_callback(
    ClientsideFunction("rwmap", "layers"),
    Output(ids.MAP_EVENTS, "data"),
    Output(ids.MAP_HEAT, "data"),
    Output(ids.MAP_SHARE, "data"),
    Output(ids.MAP_VENUES, "data"),
    Output(ids.MAP_MONTH_LABEL, "children"),
    Input(ids.MAP_DATA, "data"),
    Input(ids.MAP_MONTH, "value"),
    Input(ids.MAP_LAYERS, "value"),
    State(ids.MAP_MONTHS, "data"),
)


@callback(
    Output(ids.MAP_LISTENERS, "data"),
    Output(ids.MAP_ENGAGED, "data"),
    Output(ids.MAP_NOTES, "children"),
    Input(ids.MAP_LAYERS, "value"),
    Input(ids.MAP_PALETTE, "data"),
    State(ids.MAP_RANGE, "start_date"),
    State(ids.MAP_RANGE, "end_date"),
    State(ids.MAP_GENRES, "value"),
)
def draw_people(layers, _palette, start, end, genres):
    """Where a genre's listeners / engaged people live, for the roles allowed to see it."""
    window, outputs, lines = _window(start, end, genres), [], []
    with session_scope() as session:
        for key, what, query in PEOPLE_LAYERS:
            if key not in (layers or ()) or not _allowed(key):
                outputs.append(EMPTY)
                continue
            args = (window.start, window.end) if key == "engaged" else ()
            shown, elsewhere = query(session, window.genre_ids, *args)
            outputs.append(map_layers.people_layer(shown))
            lines.append(people_note(what, len(shown), elsewhere))
    return (*outputs, notes(lines))


@callback(
    Output(ids.MAP_PLACE, "data"),
    Input(ids.MAP_EVENTS, "clickData"),
    Input(ids.MAP_SHARE, "clickData"),
    Input(ids.MAP_VENUES, "clickData"),
    Input(ids.MAP_LISTENERS, "clickData"),
    Input(ids.MAP_ENGAGED, "clickData"),
    State(ids.MAP_EVENTS, "data"),
    prevent_initial_call=True,
)
def pick_place(*args):
    """A clicked feature's place; a cluster opens the city of the venue nearest to it."""
    feature, events = ctx.triggered[0]["value"], args[-1]
    if not feature:
        raise PreventUpdate
    props = feature.get("properties") or {}
    if props.get("cluster"):
        lng, lat = feature["geometry"]["coordinates"]
        return map_layers.nearest_place(events, lat, lng, key="city") or no_update
    return props.get("place") or no_update


@callback(
    Output(ids.MAP_PANEL, "children"),
    Input(ids.MAP_PLACE, "data"),
    Input(ids.MAP_PALETTE, "data"),
    Input(ids.MAP_MONTH, "value"),
    Input(ids.THEME, "data"),
    State(ids.MAP_MONTHS, "data"),
    State(ids.MAP_RANGE, "start_date"),
    State(ids.MAP_RANGE, "end_date"),
    State(ids.MAP_GENRES, "value"),
)
def show_place(place, palette, month_index, theme, months, start, end, genres):
    """Genre breakdown, top venues, next shows and trend of the selected city or venue."""
    picked = split_place(place)
    if picked is None or not start or not end:
        return panel(None, {}, palette or {}, theme)
    month = (
        months[month_index - 1] if months and month_index and month_index <= len(months) else None
    )
    window = _window(start, end, genres, month)
    with session_scope() as session:
        name = geography.place_name(session, *picked)
        events = geography.place_events(session, *picked, window)
        names = geography.genre_names(session, events["genre_id"].unique().tolist())
        shows = geography.next_shows(session, *picked, datetime.now(UTC).date(), window)
    detail = geography.summarise_place(events, names) | {"shows": shows}
    return panel(name, detail, palette or {}, theme)


@callback(
    Output(ids.MAP_PLACE, "data", allow_duplicate=True),
    Input(ids.MAP_PANEL_CLOSE, "n_clicks"),
    prevent_initial_call=True,
)
def close_panel(clicks):
    if not clicks:
        raise PreventUpdate
    return None


clientside_callback(
    ClientsideFunction("rwmap", "play"),
    Output(ids.MAP_TICK, "disabled"),
    Output(ids.MAP_PLAY, "children"),
    Input(ids.MAP_PLAY, "n_clicks"),
    State(ids.MAP_TICK, "disabled"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction("rwmap", "tick"),
    Output(ids.MAP_MONTH, "value", allow_duplicate=True),
    Input(ids.MAP_TICK, "n_intervals"),
    State(ids.MAP_MONTH, "value"),
    State(ids.MAP_MONTH, "max"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction("rwmap", "query"),
    Output(ids.MAP_URLSTATE, "data"),
    Input(ids.MAP_LAYERS, "value"),
    Input(ids.MAP_GENRES, "value"),
    Input(ids.MAP_RANGE, "start_date"),
    Input(ids.MAP_RANGE, "end_date"),
    Input(ids.MAP_MONTH, "value"),
    Input(ids.MAP_MONTHS, "data"),
    Input(ids.MAP_PLACE, "data"),
    Input(ids.MAP_CANVAS, "center"),
    Input(ids.MAP_CANVAS, "zoom"),
)

# The phone's one-line map filter bar: its summary follows the controls (as filters_summary).
clientside_callback(
    ClientsideFunction("rwmap", "summary"),
    Output(ids.MAP_FILTERS_SUMMARY, "children"),
    Input(ids.MAP_GENRES, "value"),
    Input(ids.MAP_RANGE, "start_date"),
    Input(ids.MAP_RANGE, "end_date"),
    Input(ids.MAP_LAYERS, "value"),
    prevent_initial_call=True,
)
phone_toggle(ids.MAP_FILTERS_TOGGLE, ids.MAP_FILTERS_COLLAPSE)
