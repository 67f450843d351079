"""How long "Download every play of the period (CSV)" takes, and what memory it needs.

Run: ``.venv/bin/pytest tests/bench/test_csv_export_speed.py -s`` (imports 1.1M plays).

The download streams from ``GET /export/plays.csv`` (callbacks/server/exports.py), fetched here
by a logged-in test client. The old way, a Dash download, built the whole list, the whole CSV
and one JSON response carrying it before a byte left; it is repeated here in process (the same
query, rows and safe writer, then the JSON Dash would send; without the HTTP layer, which
favours it) and measured in the same run, interleaved, since the machine's speed drifts.

Memory: the peak of the process's resident set above where it stood (sampled every
millisecond by a thread, after handing freed heap back with ``malloc_trim``; it sees Arrow's
and numpy's buffers), and tracemalloc's peak of Python allocations in one more run each.
"""

from __future__ import annotations

import ctypes
import gc
import os
import statistics
import threading
import time
import tracemalloc
from collections.abc import Callable

from plotly.io.json import to_json_plotly

from callbacks.server.exports import plays_csv_href, plays_csv_rows, plays_filename
from data.csv_export import safe_csv
from data.db import session_scope
from data.models import User
from data.queries.listening import overview
from data.queries.listening.filters import make_filters
from tests.bench.test_dashboards import PASSWORD, _load_listener

SIZES = (100_000, 1_000_000)
RUNS = 3
FILTERS = {"period": "all", "skips": "1"}
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def _client(dash_app, email: str):
    client = dash_app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    marker = 'name="csrf_token" type="hidden" value="'
    token = page[page.index(marker) + len(marker) :].split('"', 1)[0]
    form = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302
    return client


def _streamed(client) -> tuple[float, float, int]:
    """(seconds to the first byte, seconds in all, CSV bytes) of the streamed route."""
    started = time.perf_counter()
    response = client.get(plays_csv_href(FILTERS), buffered=False)
    assert response.status_code == 200
    chunks = iter(response.response)
    size = len(next(chunks))
    first = time.perf_counter() - started
    size += sum(len(chunk) for chunk in chunks)
    response.close()
    return first, time.perf_counter() - started, size


def _in_memory(user_id: int) -> tuple[float, float, int]:
    """The removed Dash download: nothing is sent before the whole JSON response exists."""
    started = time.perf_counter()
    with session_scope() as session:
        f = make_filters(FILTERS, session.get(User, user_id).timezone)
        _none, total = overview.recently_played(session, user_id, f, 0, 0)
        frame, _total = overview.recently_played(session, user_id, f, 0, max(total, 1))
    content = safe_csv(plays_csv_rows(frame, f.tz))
    data = {"content": content, "filename": plays_filename(f), "type": "text/csv"}
    body = to_json_plotly({"multi": True, "response": {"wrapped-recent-download": data}})
    assert len(body.encode()) > len(content)
    elapsed = time.perf_counter() - started
    return elapsed, elapsed, len(content.encode())


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_BYTES


def _settle() -> None:
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)


def _with_rss_peak(run: Callable[[], tuple]) -> tuple[tuple, int]:
    """``run()``'s result and the peak resident bytes above the level before it."""
    _settle()
    base, peak, done = _rss(), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = run()
    finally:
        done.set()
        sampler.join()
    return result, max(peak[0], _rss()) - base


def _traced_peak(run: Callable[[], tuple]) -> int:
    _settle()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _measure(runs: dict[str, Callable[[], tuple]]) -> dict[str, dict[str, float]]:
    figures = {name: {"first": [], "total": [], "rss": []} for name in runs}
    sizes = {}
    for _ in range(RUNS):  # interleaved: the machine's speed drifts
        for name, run in runs.items():
            (first, total, sizes[name]), rss = _with_rss_peak(run)
            figures[name]["first"].append(first)
            figures[name]["total"].append(total)
            figures[name]["rss"].append(rss)
    assert sizes["streamed"] == sizes["in memory"]  # the same file either way
    out = {}
    for name, run in runs.items():
        out[name] = {k: statistics.median(v) for k, v in figures[name].items()}
        out[name]["traced"] = _traced_peak(run)
        out[name]["mb"] = sizes[name] / 1e6
    return out


def test_plays_csv_at_100k_and_1m(dash_app, tmp_path):
    print(
        "\nplays     | way       | CSV MB | first byte s | total s | peak RSS +MB | traced peak MB"
        f"  (medians of {RUNS}, interleaved)"
    )
    for n in SIZES:
        user_id, email, _artist = _load_listener(tmp_path, n)
        client = _client(dash_app, email)
        _streamed(client)  # the listener's table into this process's cache, for both ways
        runs = {
            "streamed": lambda c=client: _streamed(c),
            "in memory": lambda u=user_id: _in_memory(u),
        }
        for name, fig in _measure(runs).items():
            print(
                f"{n:>9,} | {name:<9} | {fig['mb']:6.1f} | {fig['first']:12.2f} | "
                f"{fig['total']:7.2f} | {fig['rss'] / 1e6:12.1f} | {fig['traced'] / 1e6:14.1f}"
            )
