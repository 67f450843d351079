"""Genre-map speed: the map's data callback against a plain aggregate of the same cells, and the
map drawing in headless Chromium.

Run: ``.venv/bin/pytest tests/bench/test_map_speed.py -s`` (100,000 synthetic events; set
REWRAPPED_MAP_BENCH_EVENTS=10000 for a quick run). Targets: the layer callback's p95, POSTed
through Dash's real endpoint like the browser does, at most 2x the p95 of one plain GROUP BY of
the same (venue, main genre) cells in the same database and run; in Chromium the map with
10,000 events in view draws in under 1.5 s and a month step redraws in under 0.5 s.
"""

from __future__ import annotations

import json
import math
import os
import random
import statistics
import time
from datetime import date, timedelta

import pytest
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import insert, select, text

from components import ids
from components.map_state import add_months
from data.db import session_scope
from data.models import City, Event, EventGenre, Genre, Venue

pytestmark = pytest.mark.bench
EVENTS = int(os.environ.get("REWRAPPED_MAP_BENCH_EVENTS", "100000"))
RUNS = 15
START, END = date(2030, 1, 1), date(2031, 12, 31)  # far from the demo's dates: only bench rows
PLAIN = """
SELECT e.venue_id, e.genre_id, e.month, count(*) FROM (
  SELECT ev.venue_id, (SELECT min(g.genre_id) FROM event_genres g WHERE g.event_id = ev.id)
         AS genre_id, strftime('%Y', ev.local_date) * 12 + strftime('%m', ev.local_date) - 1
         AS month
  FROM events ev WHERE ev.local_date BETWEEN :start AND :end AND ev.status != 'cancelled'
) e GROUP BY e.venue_id, e.genre_id, e.month
"""
# The page asks for the whole range at once (the browser sums the month shown); each run
# shifts the range by a month so no two runs ask the same question.
WINDOW_MONTHS = 12
STEP_JS = """
var done = arguments[arguments.length - 1];
var label = document.getElementById("map-month-label");
var handle = document.querySelector("#map-month [role=slider]");
var before = label.textContent, value = handle.getAttribute("aria-valuenow"), t0 = null;
new MutationObserver(function () {
  if (t0 === null && handle.getAttribute("aria-valuenow") !== value) { t0 = performance.now(); }
}).observe(handle, {attributes: true});
new MutationObserver(function () {
  if (label.textContent !== before) {
    var seen = t0 === null ? performance.now() : t0;
    requestAnimationFrame(function () { done((performance.now() - seen) / 1000); });
  }
}).observe(label, {childList: true, subtree: true, characterData: true});
document.getElementById("map-play").click();
"""


def _seed(n: int) -> None:
    rng = random.Random(15)
    with session_scope() as s:
        cities = s.scalars(select(City)).all()
        genres = list(s.scalars(select(Genre.id)))
        venues = [
            Venue(
                name=f"Bench hall {i}",
                name_key=f"bench hall {i}",
                city_id=c.id,
                lat=c.lat + rng.uniform(-0.1, 0.1),
                lng=c.lng + rng.uniform(-0.1, 0.1),
            )
            for i, c in enumerate(rng.choices(cities, k=600))
        ]
        s.add_all(venues)
        s.flush()
        rows = []
        for i in range(n):
            v = venues[rng.randrange(len(venues))]
            day = START + timedelta(days=rng.randrange((END - START).days + 1))
            rows.append(
                {
                    "title": f"Bench {i}",
                    "local_date": day,
                    "timezone": "UTC",
                    "venue_id": v.id,
                    "city_id": v.city_id,
                    "status": "scheduled",
                    "is_demo": True,
                }
            )
        s.execute(insert(Event), rows)
        new = s.scalars(select(Event.id).where(Event.local_date >= START)).all()
        s.execute(
            insert(EventGenre),
            [{"event_id": e, "genre_id": rng.choice(genres), "source": "bench"} for e in new],
        )


def _body(start: date, end: date) -> dict:
    specs = [
        f"{ids.MAP_PALETTE}.data",
        f"{ids.MAP_DATA}.data",
        f"{ids.MAP_LEGEND}.children",
        f"{ids.MAP_MONTHS}.data",
        f"{ids.MAP_MONTH}.max",
        f"{ids.MAP_MONTH}.marks",
        f"{ids.MAP_MONTH}.value",
    ]

    def item(cid, prop, value):
        return {"id": cid, "property": prop, "value": value}

    return {
        "output": ".." + "...".join(specs) + "..",
        "outputs": [dict(zip(("id", "property"), s.rsplit(".", 1), strict=True)) for s in specs],
        "inputs": [
            item(ids.MAP_RANGE, "start_date", start.isoformat()),
            item(ids.MAP_RANGE, "end_date", end.isoformat()),
            item(ids.MAP_GENRES, "value", []),
        ],
        "changedPropIds": [f"{ids.MAP_RANGE}.start_date"],
        "state": [item(ids.MAP_MONTH, "value", 0)],
    }


def _range(run: int) -> tuple[date, date]:
    first = add_months(START, run % 12)
    return first, add_months(first, WINDOW_MONTHS) - timedelta(days=1)


def _p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile (no extrapolation past the slowest sample)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@pytest.fixture(scope="module")
def seeded(dash_app):
    _seed(EVENTS)
    return dash_app


def test_window_callback_within_2x_of_plain_aggregate(seeded):
    client = seeded.server.test_client()
    callback_ms, plain_ms = [], []
    warm = json.dumps(_body(*_range(0)))  # first call: imports, statement caches
    client.post("/_dash-update-component", data=warm, content_type="application/json")
    for run in range(RUNS):
        first, last = _range(run)
        t0 = time.perf_counter()
        response = client.post(
            "/_dash-update-component",
            data=json.dumps(_body(first, last)),
            content_type="application/json",
        )
        callback_ms.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
        with session_scope() as s:
            t0 = time.perf_counter()
            s.execute(text(PLAIN), {"start": first, "end": last}).all()
            plain_ms.append((time.perf_counter() - t0) * 1000)
    cb, ref = _p95(callback_ms), _p95(plain_ms)
    print(
        f"\n{EVENTS:,} events, {WINDOW_MONTHS}-month window: callback p95 {cb:.0f} ms "
        f"(median {statistics.median(callback_ms):.0f}), plain aggregate p95 {ref:.0f} ms "
        f"(median {statistics.median(plain_ms):.0f}), ratio {cb / ref:.2f}"
    )
    assert cb <= 2 * ref


def test_browser_draws_and_steps_months(seeded, dash_duo, browser_ready):
    # A date range holding about 10,000 of the events (all of them at the default size).
    days = min((END - START).days, round(10_000 / EVENTS * (END - START).days))
    last = START + timedelta(days=days)
    dash_duo.start_server(seeded)
    dash_duo.driver.get(f"{dash_duo.server_url}/map?start={START}&end={last}&view=30,0,2")
    # From the empty map on screen (Dash and the page shell loaded) to the clusters drawn.
    dash_duo.wait_for_element(f"#{ids.MAP_CANVAS}", timeout=30)
    t0 = time.perf_counter()
    WebDriverWait(dash_duo.driver, 30).until(
        lambda d: d.execute_script("return document.querySelectorAll('.rw-cluster').length") > 0
    )
    draw = time.perf_counter() - t0
    first_label = dash_duo.find_element(f"#{ids.MAP_MONTH_LABEL}").text
    steps = []
    for _ in range(3):
        steps.append(dash_duo.driver.execute_async_script(STEP_JS))
        dash_duo.find_element(f"#{ids.MAP_PLAY}").click()  # pause again
        time.sleep(0.3)
    print(
        f"\nChromium: {first_label}; drawn in {draw:.2f} s; month steps "
        f"{', '.join(f'{s:.3f}' for s in steps)} s from the slider moving to the layers drawn"
    )
    assert draw < 1.5 and max(steps) < 0.5
