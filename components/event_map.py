"""Event maps (dash-leaflet): clustered markers for the explorer, one marker for an event."""

from __future__ import annotations

import weakref

import dash_leaflet as dl
import pandas as pd
from dash_leaflet import express as dlx

from components import ids

WORLD = ((-55.0, -170.0), (70.0, 170.0))
ENCODED_KEPT = 32
_ENCODED: dict[int, tuple[weakref.ref, str]] = {}  # id(frame) -> (the frame, its payload)


def markers_geobuf(markers: pd.DataFrame) -> str:
    """Markers (id, lat, lng, title) as base64 geobuf: a third of the GeoJSON's bytes.

    Encoding 10,000 points takes about a fifth of a second, so the payload of a frame is
    remembered while that frame lives (the explorer hands out the same markers frame while
    its ranked list is kept).
    """
    found = _ENCODED.get(id(markers))
    if found is not None and found[0]() is markers:
        return found[1]
    payload = _encode(markers)
    if len(_ENCODED) >= ENCODED_KEPT:
        _ENCODED.pop(next(iter(_ENCODED)))
    _ENCODED[id(markers)] = (weakref.ref(markers), payload)
    return payload


def _encode(markers: pd.DataFrame) -> str:
    rows = markers.dropna(subset=["lat", "lng"])
    dicts = [
        {"lat": float(r.lat), "lon": float(r.lng), "tooltip": str(r.title), "id": int(r.id)}
        for r in rows.itertuples()
    ]
    return dlx.geojson_to_geobuf(dlx.dicts_to_geojson(dicts))


def view_bounds(markers: pd.DataFrame) -> list[list[float]]:
    """A box around the markers (the world when there are none)."""
    rows = markers.dropna(subset=["lat", "lng"])
    if rows.empty:
        return [list(WORLD[0]), list(WORLD[1])]
    pad = 0.02
    return [
        [float(rows["lat"].min()) - pad, float(rows["lng"].min()) - pad],
        [float(rows["lat"].max()) + pad, float(rows["lng"].max()) + pad],
    ]


def explorer_map(
    tile_url: str, attribution: str, markers: str | None = None, bounds: list | None = None
) -> dl.Map:
    """The explorer's map: clustered ``markers`` (base64 geobuf), first shown fitting ``bounds``."""
    return dl.Map(
        [
            dl.TileLayer(url=tile_url, attribution=attribution),
            dl.GeoJSON(
                id=ids.EXPLORER_MARKERS,
                format="geobuf",
                cluster=True,
                zoomToBoundsOnClick=True,
                superClusterOptions={"radius": 80, "maxZoom": 16},
                **({"data": markers} if markers else {}),
            ),
            dl.CircleMarker(
                id=ids.EXPLORER_HILITE,
                center=[0, 0],
                radius=16,
                pathOptions={"color": "#d63384", "weight": 3, "opacity": 0, "fillOpacity": 0},
            ),
        ],
        id=ids.EXPLORER_MAP,
        className="explorer-map",
        **_opening(bounds),
    )


def _opening(bounds: list | None) -> dict:
    """The map's first view: fitted to ``bounds`` when given, else the world.

    react-leaflet fits ``bounds`` only when ``zoom`` is unset, and dash-leaflet compares
    every move with ``center``, which must therefore be set (the box's middle).
    """
    if not bounds:
        return {"center": [30.0, 0.0], "zoom": 2}
    (south, west), (north, east) = bounds
    return {"bounds": bounds, "center": [(south + north) / 2, (west + east) / 2]}


def event_map(lat: float, lng: float, title: str, tile_url: str, attribution: str) -> dl.Map:
    """A small map with one marker (the event page)."""
    return dl.Map(
        [
            dl.TileLayer(url=tile_url, attribution=attribution),
            dl.Marker(position=[lat, lng], children=dl.Tooltip(title)),
        ],
        center=[lat, lng],
        zoom=14,
        className="event-map",
    )
