"""Build the JSON body Dash's renderer POSTs to /_dash-update-component, for tests and benches."""

from __future__ import annotations

import json


def _prop(spec: str) -> tuple[str, str]:
    component, prop = spec.rsplit(".", 1)
    return component, prop


def callback_body(
    outputs: list[str],
    inputs: dict[str, object],
    changed: list[str] | None = None,
    state: dict[str, object] | None = None,
):
    """``outputs`` like ["wrapped-cards.children"], ``inputs`` {"wrapped-filters.data": {...}},
    ``state`` the same for State arguments."""
    outs = [dict(zip(("id", "property"), _prop(o), strict=True)) for o in outputs]
    multi = len(outs) > 1
    return {
        "output": (".." + "...".join(outputs) + "..") if multi else outputs[0],
        "outputs": outs if multi else outs[0],
        "inputs": [
            {"id": _prop(k)[0], "property": _prop(k)[1], "value": v} for k, v in inputs.items()
        ],
        "changedPropIds": changed if changed is not None else list(inputs)[:1],
        "state": [
            {"id": _prop(k)[0], "property": _prop(k)[1], "value": v}
            for k, v in (state or {}).items()
        ],
    }


def post_callback(client, outputs, inputs, changed=None, state=None):
    """POST like the browser; returns (status code, parsed JSON or None)."""
    response = client.post(
        "/_dash-update-component",
        data=json.dumps(callback_body(outputs, inputs, changed, state)),
        content_type="application/json",
    )
    body = response.get_data(as_text=True)
    try:
        return response.status_code, json.loads(body) if body else None
    except ValueError:
        return response.status_code, None
