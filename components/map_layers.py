"""Map layers as GeoJSON dicts, derived from the per-(venue, genre) event counts.

Pure functions: a frame in, a FeatureCollection out. The drawing (colours, sizes, pies,
clusters) happens in assets/genre_map.js, which reads the ``properties`` set here.
"""

from __future__ import annotations

import pandas as pd

from components.figures import COLORWAY

OTHER = -1
OTHER_COLOR = "#8c8c8c"
# The app's colourway, then ten more distinct hues: a scene often has more than ten genres.
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
HEAT_CELL_DEGREES = 0.02  # about 2 km: the grain of the density layer


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


def _colour(palette: dict, genre_id: int) -> str:
    return palette.get(str(int(genre_id)), {"color": OTHER_COLOR})["color"]


def _name(palette: dict, names: dict, genre_id: int) -> str:
    return names.get(int(genre_id)) or palette.get(str(int(genre_id)), {}).get("name", "Other")


def rows(frame: pd.DataFrame, *columns: str):
    """Named rows of a frame, fast: pandas 3's itertuples costs about 1 ms per hundred rows."""
    from collections import namedtuple

    row = namedtuple("row", columns)
    return [row(*values) for values in zip(*(frame[c].tolist() for c in columns), strict=True)]


def collection(features: list[dict]) -> dict:
    """A GeoJSON FeatureCollection of ``features``."""
    return {"type": "FeatureCollection", "features": features}


def _point(lng: float, lat: float, properties: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lng, 5), round(lat, 5)]},
        "properties": properties,
    }


def _slices(pairs: list[tuple[int, int]], palette: dict, names: dict) -> list[dict]:
    """(genre, events) pairs as pie slices, biggest first; genres outside the palette merge."""
    merged: dict[str, dict] = {}
    for genre_id, events in pairs:
        key = str(int(genre_id)) if str(int(genre_id)) in palette else str(OTHER)
        piece = merged.setdefault(
            key,
            {"color": _colour(palette, int(key)), "genre": _name(palette, names, int(key)), "n": 0},
        )
        piece["n"] += int(events)
    return sorted(merged.values(), key=lambda x: -x["n"])


def events_layer(counts: pd.DataFrame, palette: dict, names: dict) -> dict:
    """One point per venue with its genre mix, coloured by its main genre; the client clusters
    them and draws each cluster as a pie of its venues' genre mix."""
    venues: dict[int, dict] = {}
    for r in rows(counts, "lng", "lat", "events", "genre_id", "venue", "venue_id", "city_id"):
        entry = venues.setdefault(int(r.venue_id), {"row": r, "pairs": []})
        entry["pairs"].append((r.genre_id, r.events))
    features = []
    for venue_id, entry in venues.items():
        r, slices = entry["row"], _slices(entry["pairs"], palette, names)
        props = {
            "n": sum(x["n"] for x in slices),
            "color": slices[0]["color"],
            "genre": slices[0]["genre"],
            "slices": slices,
            "label": r.venue,
            "place": f"venue:{venue_id}",
            "city": f"city:{int(r.city_id)}" if pd.notna(r.city_id) else None,
        }
        features.append(_point(r.lng, r.lat, props))
    return collection(features)


def _sum_by(counts: pd.DataFrame, keys: list[str]) -> dict[tuple, int]:
    # Plain dict sums: the frames here hold hundreds of rows, where a pandas groupby's fixed
    # cost (about 8 ms each) was most of the map callback's time.
    sums: dict[tuple, int] = {}
    for *key, events in zip(
        *(counts[k].tolist() for k in keys), counts["events"].tolist(), strict=True
    ):
        sums[tuple(key)] = sums.get(tuple(key), 0) + int(events)
    return sums


def venue_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """Events per venue (columns: venue_id, venue, city, lat, lng, events), most first."""
    keys = ["venue_id", "venue", "city", "lat", "lng"]
    if counts.empty:
        return pd.DataFrame(columns=[*keys, "events"])
    sums = _sum_by(counts.fillna({"city": ""}), keys)
    rows = sorted(((*k, n) for k, n in sums.items()), key=lambda r: (-r[-1], r[1]))
    return pd.DataFrame(rows, columns=[*keys, "events"])


def venues_layer(totals: pd.DataFrame) -> dict:
    """One point per venue, sized by the events it hosts in the window."""
    return collection(
        [
            _point(
                r.lng,
                r.lat,
                {"n": int(r.events), "label": r.venue, "place": f"venue:{int(r.venue_id)}"},
            )
            for r in rows(totals, "lng", "lat", "events", "venue", "venue_id")
        ]
    )


def city_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Events per (city, main genre) at the city centre (columns: city_id, city, lat, lng,
    genre_id, events), biggest cities first."""
    columns = ["city_id", "city", "lat", "lng", "genre_id", "events"]
    known = counts[counts["city_id"].notna()] if not counts.empty else counts
    if known.empty:
        return pd.DataFrame(columns=columns)
    sums = _sum_by(known, ["city_id", "city", "city_lat", "city_lng", "genre_id"])
    size: dict = {}
    for key, n in sums.items():
        size[key[0]] = size.get(key[0], 0) + n
    rows = sorted(
        ((int(k[0]), k[1], k[2], k[3], int(k[4]), n) for k, n in sums.items()),
        key=lambda r: (-size[r[0]], r[0], -r[5]),
    )
    return pd.DataFrame(rows, columns=columns)


def cities_layer(shares: pd.DataFrame, palette: dict, names: dict) -> dict:
    """One pie per city: slices by genre (top genres keep their colour, the rest are merged)."""
    cities: dict[int, dict] = {}
    for city_id, city, lat, lng, genre_id, events in rows(shares, *shares.columns):
        entry = cities.setdefault(city_id, {"at": (lng, lat), "label": city, "pairs": []})
        entry["pairs"].append((genre_id, events))
    features = []
    for city_id, entry in cities.items():
        ordered = _slices(entry["pairs"], palette, names)
        props = {
            "n": sum(x["n"] for x in ordered),
            "label": entry["label"],
            "slices": ordered,
            "place": f"city:{int(city_id)}",
        }
        features.append(_point(*entry["at"], props))
    return collection(features)


def density_cells(counts: pd.DataFrame, cell: float = HEAT_CELL_DEGREES) -> pd.DataFrame:
    """Events per grid cell of ``cell`` degrees (columns: lat, lng at the cell centre, events)."""
    if counts.empty:
        return pd.DataFrame(columns=["lat", "lng", "events"])
    sums: dict[tuple[int, int], int] = {}
    for lat, lng, events in zip(
        counts["lat"].tolist(), counts["lng"].tolist(), counts["events"].tolist(), strict=True
    ):
        key = (int(lat // cell), int(lng // cell))
        sums[key] = sums.get(key, 0) + int(events)
    rows = sorted(
        (((r + 0.5) * cell, (c + 0.5) * cell, n) for (r, c), n in sums.items()), key=lambda x: -x[2]
    )
    return pd.DataFrame(rows, columns=["lat", "lng", "events"])


def density_layer(cells: pd.DataFrame) -> dict:
    """Cells with their share of the busiest cell (``w`` in 0..1) for the colour ramp."""
    top = float(cells["events"].max()) if not cells.empty else 1.0
    return collection(
        [
            _point(r.lng, r.lat, {"n": int(r.events), "w": round(r.events / top, 3)})
            for r in rows(cells, "lng", "lat", "events")
        ]
    )


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
