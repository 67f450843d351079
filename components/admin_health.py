"""Admin page worker health: RQ workers and queues, periodic jobs' heartbeats (pure factories)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components.admin_tables import fmt_seconds, fmt_time, simple_table, status_badge, text_or_none


def heartbeats_list(df: pd.DataFrame, page: int = 1, per_page: int = 10) -> html.Div | html.P:
    """Heartbeats with their age, one page at a time; the warning names every stale one
    (including expected ones that never beat)."""
    if df.empty:
        return html.P("No heartbeats recorded yet.", className="empty-state")
    stale = df[df["stale"]]
    warning = (
        dbc.Alert(
            f"Stale: {', '.join(stale['name'])}. The scheduler or a worker may be down.",
            color="warning",
            className="py-2",
        )
        if len(stale)
        else dbc.Alert("Every heartbeat is fresh.", color="success", className="py-2")
    )
    df = df.iloc[(page - 1) * per_page : page * per_page]
    rows = [
        html.Tr(
            [
                html.Td(r.name),
                html.Td(status_badge("stale") if r.stale else status_badge("ok")),
                html.Td(fmt_time(r.beat_at), className="text-nowrap"),
                html.Td("never" if pd.isna(r.age_s) else f"{fmt_seconds(r.age_s)} ago"),
                html.Td(f"> {fmt_seconds(r.limit_s)}"),
                html.Td(text_or_none(r.detail) or "", className="text-break"),
            ],
            className="table-warning" if r.stale else None,
        )
        for r in df.itertuples(index=False)
    ]
    table = simple_table(["name", "state", "last beat", "age", "stale after", "detail"], rows, "")
    return html.Div([warning, table])


def workers_panel(health: dict | None, job_threads: int) -> html.Div:
    """RQ workers with their heartbeats and the queue lengths; on the embedded default, the
    in-process pool (its jobs show in the job queue below)."""
    if health is None:
        return html.P(
            f"Embedded default: jobs run on an in-process pool of {job_threads} thread(s) in "
            "the web process (no Redis, no worker processes).",
            className="small text-body-secondary",
        )
    queues = ", ".join(f"{name}: {n:,} waiting" for name, n in health["queues"].items())
    rows = [
        html.Tr(
            [
                html.Td(w["name"], className="text-break"),
                html.Td(status_badge("stale") if w["stale"] else status_badge("ok")),
                html.Td(w["state"]),
                html.Td(", ".join(w["queues"])),
                html.Td(fmt_time(w["last_heartbeat"]), className="text-nowrap"),
                html.Td("—" if w["age_s"] is None else f"{fmt_seconds(w['age_s'])} ago"),
                html.Td(w["job_id"] or ""),
            ],
            className="table-warning" if w["stale"] else None,
        )
        for w in health["workers"]
    ]
    header = ["worker", "health", "state", "queues", "last heartbeat", "age", "current job"]
    alert = (
        dbc.Alert(
            "No RQ worker is running: queued jobs will wait. Start `rq worker sync feeds mail "
            "default`.",
            color="danger",
            className="py-2",
        )
        if not health["workers"]
        else None
    )
    return html.Div(
        [alert, simple_table(header, rows, ""), html.P(f"Queues: {queues}", className="small mt-1")]
    )


def health_panel(workers: html.Div, beats: html.Div | html.P) -> html.Div:
    return html.Div(
        [
            html.H3("Workers", className="h6"),
            workers,
            html.H3("Periodic jobs", className="h6"),
            beats,
        ]
    )
