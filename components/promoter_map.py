"""The audience map of /promoter/analytics: viewers' and savers' home cities as circles.

Pure factories over ``data.queries.promoter_audience.geography``'s frame, which has already
folded every city with fewer than k people into one unnamed row: that row has no place, so it
never reaches the map. Circles are drawn by ``rwMap.audiencePoint`` (assets/genre_map.js).
"""

from __future__ import annotations

import math

import dash_leaflet as dl
import pandas as pd
from dash import html

from components import ids
from data.privacy import K_ANONYMITY as K_MIN

PAD_DEGREES = 0.6  # around the outermost cities, so a lone city is not drawn at street level
MAX_ZOOM = 9


def audience_layer(frame: pd.DataFrame) -> dict:
    """A GeoJSON point per named city: people, views and saves for the circle and its hover."""
    placed = frame.dropna(subset=["lat", "lng", "city_id"])
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(r.lng, 5), round(r.lat, 5)]},
            "properties": {
                "label": r.city,
                "people": int(r.people),
                "views": int(r.views),
                "saves": int(r.saves),
            },
        }
        for r in placed.itertuples()
    ]
    return {"type": "FeatureCollection", "features": features}


def map_view(layer: dict) -> tuple[list[float], int]:
    """Centre and zoom that show every point of ``layer`` (a lone city at regional scale)."""
    points = [f["geometry"]["coordinates"] for f in layer["features"]]
    lngs, lats = [p[0] for p in points], [p[1] for p in points]
    centre = [(min(lats) + max(lats)) / 2, (min(lngs) + max(lngs)) / 2]
    span = max(max(lats) - min(lats), max(lngs) - min(lngs), 2 * PAD_DEGREES)
    # Each zoom level halves the degrees a ~300 px wide map shows (about 420 at zoom 0);
    # the layer then fits the map to its points once the browser knows the map's size.
    zoom = int(max(0, min(MAX_ZOOM, math.floor(math.log2(420 / (span * 1.6))))))
    return centre, zoom


def audience_map(frame: pd.DataFrame, tile_url: str, attribution: str) -> html.Div:
    """The map of named home cities, or a sentence when no city has ``K_MIN`` people yet."""
    layer = audience_layer(frame)
    if not layer["features"]:
        return html.P(
            f"No home city has {K_MIN} or more people yet, so there is nothing to map; the "
            "table below counts them together.",
            className="empty-state",
        )
    centre, zoom = map_view(layer)
    leaflet = dl.Map(
        [
            dl.TileLayer(url=tile_url, attribution=attribution),
            dl.GeoJSON(
                id=ids.ANALYTICS_MAP_LAYER,
                data=layer,
                pointToLayer={"variable": "rwMap.audiencePoint"},
                zoomToBounds=True,
            ),
        ],
        id=ids.ANALYTICS_MAP,
        center=centre,
        zoom=zoom,
        minZoom=0,
        maxZoom=16,
        scrollWheelZoom=False,
        className="rw-map rw-audience-map",
    )
    caption = html.P(
        "Circles are sized by people who viewed or saved; hover a circle for its counts.",
        className="small text-body-secondary mt-1 mb-2",
    )
    return html.Div([leaflet, caption])
