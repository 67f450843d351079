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
