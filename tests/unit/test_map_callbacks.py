"""Map callbacks through Dash's endpoint: public layers for anyone, audience layers by role only."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from components import ids
from components.map_state import default_range


def _item(cid: str, prop: str, value) -> dict:
    return {"id": cid, "property": prop, "value": value}


def _people_body(layers: list[str]) -> dict:
    start, end = default_range(datetime.now(UTC).date())
    specs = [f"{ids.MAP_LISTENERS}.data", f"{ids.MAP_ENGAGED}.data", f"{ids.MAP_NOTES}.children"]
    return {
        "output": ".." + "...".join(specs) + "..",
        "outputs": [dict(zip(("id", "property"), s.rsplit(".", 1), strict=True)) for s in specs],
        "inputs": [_item(ids.MAP_LAYERS, "value", layers), _item(ids.MAP_PALETTE, "data", {})],
        "changedPropIds": [f"{ids.MAP_LAYERS}.value"],
        "state": [
            _item(ids.MAP_RANGE, "start_date", start.isoformat()),
            _item(ids.MAP_RANGE, "end_date", end.isoformat()),
            _item(ids.MAP_GENRES, "value", []),
        ],
    }


def _features(client, layers: list[str]) -> tuple[int, int, str]:
    response = client.post(
        "/_dash-update-component",
        data=json.dumps(_people_body(layers)),
        content_type="application/json",
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    out = response.get_json()["response"]
    listeners = out[ids.MAP_LISTENERS]["data"]["features"]
    engaged = out[ids.MAP_ENGAGED]["data"]["features"]
    return len(listeners), len(engaged), json.dumps(out[ids.MAP_NOTES]["children"])


def test_anonymous_visitors_get_no_audience_layers(client):
    assert _features(client, ["events", "listeners", "engaged"]) == (0, 0, "null")


def test_promoters_see_engaged_but_not_listeners(login):
    client = login("promoter@demo.rewrapped")
    listeners, engaged, note = _features(client, ["listeners", "engaged"])
    assert listeners == 0 and engaged >= 5
    assert "Saved or clicked" in note and "Listeners" not in note


def test_analysts_see_both_with_every_city_at_least_five(login):
    client = login("analyst@demo.rewrapped")
    body = _people_body(["listeners", "engaged"])
    response = client.post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    out = response.get_json()["response"]
    for key in (ids.MAP_LISTENERS, ids.MAP_ENGAGED):
        people = [f["properties"]["n"] for f in out[key]["data"]["features"]]
        assert people and min(people) >= 5
    assert "elsewhere" in json.dumps(out[ids.MAP_NOTES]["children"])
