"""Explorer markers: geobuf payload of each frame, encoded once while the frame lives."""

from __future__ import annotations

import base64

import geobuf
import pandas as pd

from components import event_map


def _frame(titles: list[str]) -> pd.DataFrame:
    n = len(titles)
    return pd.DataFrame(
        {
            "id": range(n),
            "lat": [52.5 + i / 100 for i in range(n)],
            "lng": [13.4] * n,
            "title": titles,
        }
    )


def test_payload_decodes_to_the_markers_and_is_reused_for_the_same_frame(monkeypatch):
    frame = _frame(["A", "B", "C"])
    payload = event_map.markers_geobuf(frame)
    decoded = geobuf.decode(base64.b64decode(payload))
    assert [f["properties"]["tooltip"] for f in decoded["features"]] == ["A", "B", "C"]
    calls = []
    monkeypatch.setattr(event_map, "_encode", lambda m: calls.append(m) or "new")
    assert event_map.markers_geobuf(frame) == payload and calls == []
    assert event_map.markers_geobuf(_frame(["A", "B", "D"])) == "new" and len(calls) == 1


def test_the_map_opens_on_the_markers_box_with_the_markers_in_it():
    frame = _frame(["A", "B"])
    box = event_map.view_bounds(frame)
    found = event_map.explorer_map(
        "/tiles/{z}/{x}/{y}.png", "", event_map.markers_geobuf(frame), box
    )
    # react-leaflet fits the bounds only when no zoom is given.
    assert found.bounds == box and not hasattr(found, "zoom") and len(found.center) == 2
    layer = next(c for c in found.children if getattr(c, "id", None) == "explorer-markers")
    assert layer.data == event_map.markers_geobuf(frame)
    empty = event_map.explorer_map("/tiles/{z}/{x}/{y}.png", "")
    assert empty.zoom == 2 and not hasattr(empty, "bounds")
