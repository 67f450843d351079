"""Map data: the genre palette, the compact per-window payload the browser draws layers from,
and GeoJSON for the audience layers.

The event layers (clusters, density, genre share per city, venues) are summed in the browser
from ``window_payload``'s cells for the month shown (assets/genre_map.js ``rwMap.build``), so a
month step of the time control redraws without a server round trip.
"""

from __future__ import annotations

import base64
from collections import namedtuple

import numpy as np
import pandas as pd

from components.figures import COLORWAY

OTHER = -1
OTHER_COLOR = "#8c8c8c"
# The app's colourway, then nine more distinct hues: a scene often has more than ten genres.
GENRE_COLORS = (
    *COLORWAY,
    "#8c564b",
    "#17becf",
    "#bcbd22",
    "#d62728",
    "#9467bd",
    "#2ca02c",
    "#e377c2",
    "#e7ba52",
    "#393b79",
    "#ad494a",
)
HEAT_CELL_DEGREES = 0.02  # about 2 km: the grain of the density layer (used by the browser)


def rows(frame: pd.DataFrame, *columns: str):
    """Named rows of a frame, fast: pandas 3's itertuples costs about 1 ms per hundred rows."""
    row = namedtuple("row", columns)
    return [row(*values) for values in zip(*(frame[c].tolist() for c in columns), strict=True)]


def genre_palette(totals: pd.DataFrame, top: int = len(GENRE_COLORS) - 1) -> dict[str, dict]:
    """Colours for the ``top`` genres by events (stable across months); the rest are "other"."""
    palette = {}
    for i, row in enumerate(rows(totals.head(top), "genre_id", "name")):
        palette[str(int(row.genre_id))] = {
            "name": row.name,
            "color": GENRE_COLORS[i % len(GENRE_COLORS)],
        }
    if len(totals) > top:
        palette[str(OTHER)] = {"name": "Other genres", "color": OTHER_COLOR}
    return palette


def window_payload(
    cells: pd.DataFrame, places: pd.DataFrame, palette: dict, names: dict[int, str]
) -> dict:
    """Cells (venue index, genre, month key, events: four int32 columns, base64) with the
    venue and city tables they point into.

    Cells of venues without coordinates are left out: they cannot be drawn.
    """
    venue_index = pd.Series(range(len(places)), index=places["venue_id"].astype("int64"))
    city_ids = sorted({int(c) for c in places["city_id"].dropna().tolist()})
    city_index = {c: i for i, c in enumerate(city_ids)}
    cities = places.dropna(subset=["city_id"]).drop_duplicates("city_id").set_index("city_id")
    drawn = cells[cells["venue_id"].isin(venue_index.index)] if not cells.empty else cells
    columns = [
        drawn["venue_id"].map(venue_index),
        drawn["genre_id"],
        drawn["month"],
        drawn["events"],
    ]
    # One little-endian int32 block, base64: tens of thousands of cells would otherwise be
    # cleaned for JSON one number at a time (most of the callback's time at 100k events).
    block = np.concatenate([c.to_numpy(dtype="<i4") for c in columns]) if len(drawn) else b""
    return {
        "cells": base64.b64encode(block.tobytes() if len(drawn) else b"").decode("ascii"),
        "count": len(drawn),
        "venues": {
            "id": [int(x) for x in places["venue_id"].tolist()],
            "name": places["venue"].tolist(),
            "lat": [round(x, 5) for x in places["lat"].tolist()],
            "lng": [round(x, 5) for x in places["lng"].tolist()],
            "city": [city_index.get(int(c), -1) if pd.notna(c) else -1 for c in places["city_id"]],
        },
        "cities": {
            "id": city_ids,
            "name": [str(cities.loc[c, "city"]) for c in city_ids],
            "lat": [float(cities.loc[c, "city_lat"]) for c in city_ids],
            "lng": [float(cities.loc[c, "city_lng"]) for c in city_ids],
        },
        "colors": {k: p["color"] for k, p in palette.items() if k != str(OTHER)},
        "names": {str(k): name for k, name in names.items()},
        "other": OTHER_COLOR,
        "cell": HEAT_CELL_DEGREES,
    }


def collection(features: list[dict]) -> dict:
    """A GeoJSON FeatureCollection of ``features``."""
    return {"type": "FeatureCollection", "features": features}


def _point(lng: float, lat: float, properties: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lng, 5), round(lat, 5)]},
        "properties": properties,
    }


def people_layer(frame: pd.DataFrame) -> dict:
    """Home cities with at least k people (already suppressed by the query)."""
    return collection(
        [
            _point(
                r.lng,
                r.lat,
                {"n": int(r.people), "label": r.city, "place": f"city:{int(r.city_id)}"},
            )
            for r in rows(frame, "lng", "lat", "people", "city", "city_id")
        ]
    )


def nearest_place(layer: dict, lat: float, lng: float, key: str = "place") -> str | None:
    """The ``key`` property of the feature closest to a point (a clicked cluster opens the
    city of its nearest venue)."""
    best, best_d = None, float("inf")
    for feature in (layer or {}).get("features", []):
        f_lng, f_lat = feature["geometry"]["coordinates"]
        d = (f_lat - lat) ** 2 + (f_lng - lng) ** 2
        if d < best_d and feature["properties"].get(key):
            best, best_d = feature["properties"][key], d
    return best
