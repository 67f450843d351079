"""Explorer callbacks: controls write the URL; the URL (via the page layout) drives the list."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import Input, Output, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.context import optional_account, settings, viewer
from components import ids
from components.alerts import explorer_alerts
from components.event_map import markers_geobuf, view_bounds
from components.explorer import ExplorerView, explorer_list, summary_text
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries.event_filters import EventFilters, from_query, to_query
from data.queries.explorer import explore, filter_options
from data.queries.explorer_export import explorer_table
from data.queries.saved import saved_ids
from data.services.interactions import Interaction, log_interactions

EMPTY = "No shows match these filters. Try another date range, a wider radius or fewer genres."


def show_events(query: dict | None) -> ExplorerView:
    """One page of ranked events with reasons, every match on the map, and the options.

    Not a callback: the page layout renders it (``pages/events.py``), so the first page of
    cards and the markers arrive with the page. A filter change is a URL change, which renders
    the layout again.
    """
    filters = from_query(query or {})
    user_id = (account := optional_account()) and account.id
    with session_scope() as session:
        page = explore(session, filters, user_id, share=settings().sponsored_percent / 100)
        saved = saved_ids(session, user_id) if user_id else set()
        options = filter_options(session, page.today)
    _log_impressions(page.rows)
    box = filters.bbox
    city = page.city["name"] if page.city else None
    return ExplorerView(
        summary=summary_text(page.total, page.sort, city, user_id is not None, page.has_listening),
        cards=explorer_list(page.rows, saved, user_id is not None, EMPTY),
        markers=markers_geobuf(page.markers),
        bounds=[[box[0], box[1]], [box[2], box[3]]] if box else view_bounds(page.markers),
        pages=max(1, -(-page.total // filters.size)),
        options={**options, "genres": [{"label": g, "value": g} for g in page.genres]},
        city_placeholder=f"{city} (your home city)" if city and not filters.city else "Everywhere",
        sort=page.sort,
        alerts=explorer_alerts(page.city, logged_in=user_id is not None),
    )


@callback(
    Output(ids.EXPLORER_DOWNLOAD, "data"),
    Input(ids.EXPLORER_EXPORT, "n_clicks"),
    State(ids.EXPLORER_FILTERS, "data"),
    prevent_initial_call=True,
)
def download_csv(clicks: int | None, query: dict | None):
    """Every show the filters match (capped), in the list's order, as CSV."""
    if not clicks:
        raise PreventUpdate
    user_id = (account := optional_account()) and account.id
    with session_scope() as session:
        frame, _total = explorer_table(session, from_query(query or {}), user_id)
    return {"content": safe_csv(frame), "filename": "events.csv", "type": "text/csv"}


def _log_impressions(rows: list[dict]) -> None:
    user_id, sid, agent = viewer()
    log_interactions(
        [
            Interaction(r["id"], "impression", user_id, sid, r.get("match"), "explorer")
            for r in rows
        ],
        agent,
    )


CONTROLS = (
    (ids.EXPLORER_Q, "value"),
    (ids.EXPLORER_CITY, "value"),
    (ids.EXPLORER_RADIUS, "value"),
    (ids.EXPLORER_WHEN, "value"),
    (ids.EXPLORER_DATES, "start_date"),
    (ids.EXPLORER_DATES, "end_date"),
    (ids.EXPLORER_GENRES, "value"),
    (ids.EXPLORER_PRICE, "value"),
    (ids.EXPLORER_CANCELLED, "value"),
    (ids.EXPLORER_SOURCE, "value"),
    (ids.EXPLORER_SORT, "value"),
)


@callback(
    Output(ids.EXPLORER_LOCATION, "search"),
    *[Input(cid, prop) for cid, prop in CONTROLS],
    Input(ids.EXPLORER_PAGE, "active_page"),
    Input(ids.EXPLORER_AREA, "n_clicks"),
    Input(ids.EXPLORER_AREA_CLEAR, "n_clicks"),
    State(ids.EXPLORER_MAP, "bounds"),
    State(ids.EXPLORER_FILTERS, "data"),
    State(ids.EXPLORER_SORT_SHOWN, "data"),
    prevent_initial_call=True,
)
def filters_to_url(*values):
    """Push the changed filters into the URL (a history entry: Back undoes the change)."""
    controls = values[: len(CONTROLS)]
    page, _area, _clear, bounds, current, shown_sort = values[len(CONTROLS) :]
    before = from_query(current or {})
    if not before.sort and controls[-1] == shown_sort:
        if ctx.triggered_id == ids.EXPLORER_SORT:
            return no_update  # the default sort shown, not a choice
        controls = (*controls[:-1], None)  # keep "the default" rather than naming it
    after = next_filters(before, ctx.triggered_id, controls, page, bounds)
    query = to_query(after)
    return no_update if query == to_query(before) else "?" + urlencode(query)


def next_filters(before: EventFilters, trigger, controls, page, bounds) -> EventFilters:
    """The filters after one control changed (any change but paging returns to page 1)."""
    if trigger == ids.EXPLORER_PAGE:
        return before.with_(page=int(page or 1))
    if trigger == ids.EXPLORER_AREA:
        (south, west), (north, east) = bounds or ((None, None), (None, None))
        return from_query({**to_query(before), "bbox": f"{south},{west},{north},{east}", "page": 1})
    if trigger == ids.EXPLORER_AREA_CLEAR:
        return before.with_(bbox=None)
    q, city, radius, when, start, end, genres, price, checks, source, sort = controls
    if trigger == ids.EXPLORER_DATES and start:
        when = "custom"
    checks = checks or []
    merged = {
        **to_query(before),
        "q": q or "",
        "city": city or "",
        "radius": radius or 0,
        "when": when,
        "start": (start or "")[:10],
        "end": (end or "")[:10],
        "genres": ",".join(genres or []),
        "price_max": "" if price is None else price,
        "free": "1" if "free" in checks else "0",
        "hide_cancelled": "1" if "hide_cancelled" in checks else "0",
        "source": source or "",
        "sort": sort or "",
        "page": 1,
    }
    return from_query(merged)
