"""POST Dash callbacks whose ids may be pattern-matching dicts, the way the renderer does."""

from __future__ import annotations

import json


def _key(cid, prop: str, match: bool = False) -> str:
    if isinstance(cid, dict):
        cid = {**cid, "index": ["MATCH"]} if match else cid
        cid = json.dumps(cid, sort_keys=True, separators=(",", ":"))
    return f"{cid}.{prop}"


def _values(items) -> list:
    return [
        [{"id": i, "property": p, "value": v} for i, p, v in item]
        if isinstance(item, list)
        else {"id": item[0], "property": item[1], "value": item[2]}
        for item in items
    ]


def post(client, outputs: list[tuple], inputs: list, changed: str | None = None, state=()):
    """POST a callback whose ids may be pattern dicts: outputs/inputs as (id, prop[, value]);
    an input given as a list is an ALL wildcard's list of matches."""
    keys = [_key(i, p, match=True) for i, p in outputs]
    outs = [{"id": i, "property": p} for i, p in outputs]
    body = {
        "output": ".." + "...".join(keys) + ".." if len(keys) > 1 else keys[0],
        "outputs": outs if len(outs) > 1 else outs[0],
        "inputs": _values(inputs),
        "changedPropIds": [changed] if changed else [],
        "state": _values(state),
    }
    response = client.post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    return response.status_code, response.get_json(silent=True)
