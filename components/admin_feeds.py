"""Admin page, event feeds: a card per source with its latest runs and Run now, the Run now
message and the events-fetched-per-day chart (pure factories)."""

from __future__ import annotations

from datetime import date, timedelta

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components import ids
from components.admin_tables import (
    STATUS_COLOURS,
    failure_list,
    fmt_seconds,
    fmt_time,
    text_or_none,
)
from components.figures import empty_figure, themed


def source_cards(sources: list[dict], runs: pd.DataFrame) -> html.Div:
    """A card per configured source (or one with past runs): interval, next run, state,
    latest runs and Run now; the unconfigured rest in one line, so phones need not scroll
    past empty cards.

    Each ``sources`` entry has source, configured, interval_minutes, next_due (datetime or
    None), active (the queued/started job dict or None) and running (a run holds the lock).
    """
    with_runs = set(runs["source"])
    shown = [i for i in sources if i["configured"] or i["source"] in with_runs]
    idle = [i["source"] for i in sources if i not in shown]
    cards = dbc.Row(
        [
            dbc.Col(_source_card(info, runs[runs["source"] == info["source"]]), md=6, xl=4)
            for info in shown
        ],
        className="g-3 mb-2",
    )
    note = (
        html.P(
            [
                html.Strong("Not configured: "),
                ", ".join(idle),
                ". Set a source's API key (or FEED_ICAL_URLS) to schedule it.",
            ],
            className="small text-body-secondary mb-3",
        )
        if idle
        else None
    )
    return html.Div([cards, note])


def _state_badge(info: dict) -> dbc.Badge:
    if info["running"]:
        return dbc.Badge("running", color="info")
    if info["active"]:
        return dbc.Badge(info["active"]["status"], color="secondary")
    if not info["configured"]:
        return dbc.Badge("not configured", color="light", text_color="dark")
    return dbc.Badge("idle", color="success")


def _source_card(info: dict, runs: pd.DataFrame) -> dbc.Card:
    source = info["source"]
    busy = bool(info["running"] or info["active"])
    if info["configured"]:
        due = info["next_due"]
        schedule = f"every {info['interval_minutes']} min · next " + (
            "now (no run yet)" if due is None else fmt_time(due)
        )
    else:
        schedule = "no key / URL set: not scheduled"
    button = dbc.Button(
        "Running…" if busy else "Run now",
        id=ids.admin_run_now(source),
        size="sm",
        color="primary",
        outline=True,
        disabled=busy or not info["configured"],
        title="A run is already queued or in progress" if busy else f"Fetch {source} now",
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [html.H3(source, className="h6 mb-0 me-2"), _state_badge(info)],
                    className="d-flex align-items-center mb-1",
                ),
                html.Div(schedule, className="small text-body-secondary mb-2"),
                _recent_runs(runs),
                button,
            ]
        ),
        className="h-100",
        id=f"admin-source-{source}",
    )


def _recent_runs(runs: pd.DataFrame) -> html.Div:
    """The latest runs of one source: when, how long, the counts, the health, why it failed."""
    if runs.empty:
        return html.P("No runs yet.", className="small empty-state mb-2")
    items = []
    for run in runs.itertuples(index=False):
        colour = STATUS_COLOURS.get(run.status, "secondary")
        lines = [
            html.Div(
                [
                    dbc.Badge(run.status, color=colour, className="me-1"),
                    f"{fmt_time(run.started_at)} · {fmt_seconds(run.duration_s)}",
                ]
            ),
            html.Div(
                f"{run.pages:,} pages · {run.fetched:,} fetched · {run.new:,} new · "
                f"{run.updated:,} updated · {run.duplicates:,} merged · {run.failed:,} failed"
            ),
            html.Div(
                f"{run.requests:,} requests · {run.throttled:,} throttled (429) · "
                f"{run.latency_ms:,} ms latency",
                className="text-body-secondary",
            ),
        ]
        reasons = failure_list(run.failures, limit=2)
        if reasons is not None:
            lines.append(reasons)
        if text_or_none(run.error):
            lines.append(html.Div(run.error, className="text-danger text-break"))
        items.append(html.Li(lines, className="small mb-2"))
    return html.Ul(items, className="list-unstyled mb-2")


def run_now_message(
    source: str, job_id: str | None, reason: str | None = None, *, busy: bool = False
) -> dbc.Alert:
    if job_id is None:
        return dbc.Alert(reason or f"{source} was not started.", color="warning", dismissable=True)
    if busy:
        return dbc.Alert(
            f"{source}: a run is already queued or in progress, so this trigger (job "
            f"{job_id[:8]}) will be skipped by the source lock and logged as a skipped run.",
            color="warning",
            dismissable=True,
        )
    return dbc.Alert(
        f"{source}: run queued (job {job_id[:8]}). A second trigger while it runs is skipped.",
        color="info",
        dismissable=True,
    )


def fetched_figure(df: pd.DataFrame, theme: str | None, first: date, last: date) -> dict:
    """Events fetched per day, stacked by source, from ``first`` to ``last`` (UTC days)."""
    days = (last - first).days + 1
    title = f"Events fetched per day<br><sup>by source, last {days} days (UTC)</sup>"
    if df.empty:
        return empty_figure("No feed runs in this period.", theme, title, height=300)
    data = [
        {
            "type": "bar",
            "name": source,
            "x": [str(d) for d in part["day"]],
            "y": part["fetched"].tolist(),
            "customdata": part["runs"].tolist(),
            "hovertemplate": "%{x|%a %d %b}: %{y:,} events fetched by "
            + source
            + " in %{customdata} run(s)<extra></extra>",
        }
        for source, part in df.groupby("source", sort=True)
    ]
    # A fixed window of whole days, so one day of runs is one narrow bar, not the whole axis.
    window = [f"{first - timedelta(days=1)}T12:00", f"{last}T12:00"]
    return themed(
        data,
        theme,
        title,
        height=300,
        barmode="stack",
        margin={"l": 48, "r": 12, "t": 64, "b": 40},
        xaxis={
            "title": {"text": "day (UTC)"},
            "type": "date",
            "range": window,
            "tickformat": "%d %b",
        },
        yaxis={"title": {"text": "events fetched"}, "rangemode": "tozero"},
    )
