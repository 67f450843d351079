"""How long "Download every play of the period (CSV)" takes, and how big the file is.

Run: ``.venv/bin/pytest tests/bench/test_csv_export_speed.py -s`` (imports 1.1M plays).

The whole recently-played list of a period goes through Dash's callback endpoint as one JSON
string, so its cost grows with the plays. Each size is POSTed by a logged-in client, the page
of the table (25 plays) in the same run as the yardstick.
"""

from __future__ import annotations

import json
import statistics
import time

from tests.bench.test_dashboards import PASSWORD, _load_listener
from tests.dash_calls import post_callback

SIZES = (100_000, 1_000_000)
RUNS = 3
FILTERS = {"period": "all", "skips": "1"}
EXPORT = (["wrapped-recent-download.data"], {"wrapped-recent-export.n_clicks": 1})
PAGE = (
    [
        "wrapped-period-label.children",
        "wrapped-cards.children",
        "wrapped-top-artists.children",
        "wrapped-top-tracks.children",
        "wrapped-top-albums.children",
        "wrapped-recent.children",
        "wrapped-recent-page.max_value",
        "wrapped-recent-page.active_page",
        "wrapped-overview-shown.data",
    ],
    {
        "wrapped-filters.data": FILTERS,
        "wrapped-recent-page.active_page": 2,
        "wrapped-tabs.active_tab": "overview",
    },
)


def _client(dash_app, email: str):
    client = dash_app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    marker = 'name="csrf_token" type="hidden" value="'
    token = page[page.index(marker) + len(marker) :].split('"', 1)[0]
    form = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302
    return client


def _timed(client, outputs, inputs, changed, state) -> tuple[float, dict]:
    started = time.perf_counter()
    status, body = post_callback(client, outputs, inputs, changed=changed, state=state)
    elapsed = time.perf_counter() - started
    assert status == 200, body
    return elapsed, body


def test_plays_csv_at_100k_and_1m(dash_app, tmp_path):
    print("\nplays     | rows      | CSV MB | response MB | export s (median) | page s (median)")
    for n in SIZES:
        _uid, email, _artist = _load_listener(tmp_path, n)
        client = _client(dash_app, email)
        exports, pages = [], []
        for _ in range(RUNS):  # interleaved: the machine's speed drifts
            elapsed, body = _timed(
                client,
                *EXPORT,
                ["wrapped-recent-export.n_clicks"],
                {"wrapped-filters.data": FILTERS},
            )
            exports.append(elapsed)
            outputs, inputs = PAGE
            elapsed, _ = _timed(
                client,
                outputs,
                inputs,
                ["wrapped-recent-page.active_page"],
                {"wrapped-overview-shown.data": {"base": FILTERS, "measure": None}},
            )
            pages.append(elapsed)
        data = body["response"]["wrapped-recent-download"]["data"]
        rows = data["content"].count("\n") - 1
        size = len(data["content"].encode()) / 1e6
        wire = len(json.dumps(body).encode()) / 1e6
        print(
            f"{n:>9,} | {rows:>9,} | {size:6.1f} | {wire:11.1f} | "
            f"{statistics.median(exports):17.2f} | {statistics.median(pages):15.3f}"
        )
