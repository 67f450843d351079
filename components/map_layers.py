"""Map layers as GeoJSON dicts, derived from the per-(venue, genre) event counts.

Pure functions: a frame in, a FeatureCollection out. The drawing (colours, sizes, pies,
clusters) happens in assets/genre_map.js, which reads the ``properties`` set here.
"""

from __future__ import annotations

import pandas as pd

from components.figures import COLORWAY

OTHER = -1
OTHER_COLOR = "#8c8c8c"
EXTRA_COLORS = ("#2ca02c", "#8c564b")
HEAT_CELL_DEGREES = 0.02  # about 2 km: the grain of the density layer


def genre_palette(totals: pd.DataFrame, top: int = 10) -> dict[str, dict]:
    """Colours for the ``top`` genres by events (stable across months); the rest are "other"."""
    palette = {}
    for i, row in enumerate(totals.head(top).itertuples()):
        palette[str(int(row.genre_id))] = {"name": row.name, "color": COLORWAY[i % len(COLORWAY)]}
    if len(totals) > top:
        palette[str(OTHER)] = {"name": "Other genres", "color": OTHER_COLOR}
    return palette


def _colour(palette: dict, genre_id: int) -> str:
    return palette.get(str(int(genre_id)), {"color": OTHER_COLOR})["color"]


def _name(palette: dict, names: dict, genre_id: int) -> str:
    return names.get(int(genre_id)) or palette.get(str(int(genre_id)), {}).get("name", "Other")


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _point(lng: float, lat: float, properties: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lng, 5), round(lat, 5)]},
        "properties": properties,
    }


def events_layer(counts: pd.DataFrame, palette: dict, names: dict) -> dict:
    """One point per (venue, main genre) weighted by its events; the client clusters them."""
    return collection(
        [
            _point(
                r.lng,
                r.lat,
                {
                    "n": int(r.events),
                    "color": _colour(palette, r.genre_id),
                    "genre": _name(palette, names, r.genre_id),
                    "label": r.venue,
                    "place": f"venue:{int(r.venue_id)}",
                    "city": f"city:{int(r.city_id)}" if pd.notna(r.city_id) else None,
                },
            )
            for r in counts.itertuples()
        ]
    )


def venue_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """Events per venue (columns: venue_id, venue, city, lat, lng, events), most first."""
    keys = ["venue_id", "venue", "city", "lat", "lng"]
    if counts.empty:
        return pd.DataFrame(columns=[*keys, "events"])
    frame = counts.fillna({"city": ""}).groupby(keys, as_index=False)["events"].sum()
    return frame.sort_values(["events", "venue"], ascending=[False, True], ignore_index=True)


def venues_layer(totals: pd.DataFrame) -> dict:
    return collection(
        [
            _point(
                r.lng,
                r.lat,
                {"n": int(r.events), "label": r.venue, "place": f"venue:{int(r.venue_id)}"},
            )
            for r in totals.itertuples()
        ]
    )


def city_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Events per (city, main genre) at the city centre (columns: city_id, city, lat, lng,
    genre_id, events), biggest cities first."""
    keys = ["city_id", "city", "city_lat", "city_lng", "genre_id"]
    known = counts[counts["city_id"].notna()] if not counts.empty else counts
    if known.empty:
        return pd.DataFrame(columns=["city_id", "city", "lat", "lng", "genre_id", "events"])
    frame = known.groupby(keys, as_index=False)["events"].sum()
    frame = frame.rename(columns={"city_lat": "lat", "city_lng": "lng"})
    frame["city_id"] = frame["city_id"].astype(int)
    size = frame.groupby("city_id")["events"].transform("sum")
    frame = frame.assign(_size=size).sort_values(
        ["_size", "city_id", "events"], ascending=[False, True, False], ignore_index=True
    )
    return frame.drop(columns="_size")


def cities_layer(shares: pd.DataFrame, palette: dict, names: dict) -> dict:
    """One pie per city: slices by genre (top genres keep their colour, the rest are merged)."""
    features = []
    for (city_id, city, lat, lng), group in shares.groupby(
        ["city_id", "city", "lat", "lng"], sort=False
    ):
        slices: dict[str, dict] = {}
        for r in group.itertuples():
            key = str(int(r.genre_id)) if str(int(r.genre_id)) in palette else str(OTHER)
            entry = slices.setdefault(
                key,
                {
                    "color": _colour(palette, int(key)),
                    "genre": _name(palette, names, int(key)),
                    "n": 0,
                },
            )
            entry["n"] += int(r.events)
        ordered = sorted(slices.values(), key=lambda s: -s["n"])
        total = sum(s["n"] for s in ordered)
        props = {"n": total, "label": city, "slices": ordered, "place": f"city:{int(city_id)}"}
        features.append(_point(lng, lat, props))
    return collection(features)


def density_cells(counts: pd.DataFrame, cell: float = HEAT_CELL_DEGREES) -> pd.DataFrame:
    """Events per grid cell of ``cell`` degrees (columns: lat, lng at the cell centre, events)."""
    if counts.empty:
        return pd.DataFrame(columns=["lat", "lng", "events"])
    row = (counts["lat"] // cell).astype(int)
    col = (counts["lng"] // cell).astype(int)
    frame = counts.assign(row=row, col=col).groupby(["row", "col"], as_index=False)["events"].sum()
    frame["lat"] = (frame["row"] + 0.5) * cell
    frame["lng"] = (frame["col"] + 0.5) * cell
    return frame[["lat", "lng", "events"]].sort_values("events", ascending=False, ignore_index=True)


def density_layer(cells: pd.DataFrame) -> dict:
    """Cells with their share of the busiest cell (``w`` in 0..1) for the colour ramp."""
    top = float(cells["events"].max()) if not cells.empty else 1.0
    return collection(
        [
            _point(r.lng, r.lat, {"n": int(r.events), "w": round(r.events / top, 3)})
            for r in cells.itertuples()
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
            for r in frame.itertuples()
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
