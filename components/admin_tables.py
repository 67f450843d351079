"""Admin page tables and run reports (pure factories; times are naive UTC).

Worker health (RQ workers, heartbeats) is in ``admin_health``.
"""

from __future__ import annotations

from datetime import datetime

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components import ids

STATUS_COLOURS = {
    "finished": "success",
    "running": "info",
    "started": "info",
    "queued": "secondary",
    "partial": "warning",
    "throttled": "warning",
    "rescheduled": "warning",
    "skipped": "secondary",
    "failed": "danger",
    "interrupted": "danger",
    "ok": "success",
    "connected": "success",
    "error": "danger",
    "stale": "warning",
}


def fmt_time(value) -> str:
    if value is None or (not isinstance(value, datetime) and pd.isna(value)):
        return "—"
    stamp = pd.Timestamp(value)
    return "—" if pd.isna(stamp) else stamp.strftime("%Y-%m-%d %H:%M UTC")


def text_or_none(value) -> str | None:
    """A text cell's value, or None when missing (pandas stores missing strings as NaN)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value) or None


def fmt_seconds(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    seconds = float(value)
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def status_badge(status: str) -> dbc.Badge:
    return dbc.Badge(status, color=STATUS_COLOURS.get(status, "secondary"))


def simple_table(header: list[str], rows: list, empty: str, table_id: str | None = None):
    if not rows:
        return html.P(empty, className="empty-state")
    return html.Div(
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(rows)],
            size="sm",
            hover=True,
            striped=True,
            className="mb-0 align-middle small",
            **({"id": table_id} if table_id else {}),
        ),
        className="table-responsive",
    )


def failure_list(failures: dict | None, limit: int = 5) -> html.Ul | None:
    """Failure reasons with counts and example ids, most frequent first."""
    if not failures:
        return None
    ordered = sorted(failures.items(), key=lambda kv: -kv[1].get("count", 0))[:limit]
    return html.Ul(
        [
            html.Li(
                f"{info.get('count', 0):,} x {reason}"
                + (
                    f" (e.g. {', '.join(info.get('examples') or [])})"
                    if info.get("examples")
                    else ""
                )
            )
            for reason, info in ordered
        ],
        className="mb-0 ps-3 text-danger",
    )


def runs_table(df: pd.DataFrame) -> html.Div | html.P:
    header = ["#", "source", "status", "started", "duration", "pages", "fetched", "new",
              "updated", "dupl. merged", "failed", "requests", "429s", "latency"]  # fmt: skip
    rows = []
    for run in df.itertuples(index=False):
        failed = [f"{run.failed:,}", failure_list(run.failures)]
        if text_or_none(run.error):
            failed.append(html.Div(run.error, className="text-danger"))
        rows.append(
            html.Tr(
                [
                    html.Td(run.id),
                    html.Td(run.source),
                    html.Td(status_badge(run.status)),
                    html.Td(fmt_time(run.started_at), className="text-nowrap"),
                    html.Td(fmt_seconds(run.duration_s)),
                    *[
                        html.Td(f"{v:,}")
                        for v in (run.pages, run.fetched, run.new, run.updated, run.duplicates)
                    ],
                    html.Td(failed),
                    html.Td(f"{run.requests:,}"),
                    html.Td(f"{run.throttled:,}"),
                    html.Td(f"{run.latency_ms:,} ms"),
                ]
            )
        )
    return simple_table(header, rows, "No feed runs match these filters.")


def jobs_table(df: pd.DataFrame) -> html.Div | html.P:
    header = ["status", "queue", "job", "user", "progress", "enqueued", "started", "finished"]
    rows = []
    for job in df.itertuples(index=False):
        detail = [html.Div(job.func.removeprefix("workers."), className="text-break")]
        if text_or_none(job.message):
            detail.append(html.Div(job.message, className="text-body-secondary"))
        if text_or_none(job.error):
            first, _, rest = job.error.partition("\n")
            detail.append(
                html.Details(
                    [
                        html.Summary(first, className="text-danger"),
                        html.Pre(rest, className="small"),
                    ]
                )
                if rest.strip()
                else html.Div(first, className="text-danger")
            )
        rows.append(
            html.Tr(
                [
                    html.Td(status_badge(job.status)),
                    html.Td(job.queue),
                    html.Td(detail),
                    html.Td(text_or_none(job.email) or "system"),
                    html.Td(f"{round(100 * (job.progress or 0))} %"),
                    *[
                        html.Td(fmt_time(t), className="text-nowrap")
                        for t in (job.enqueued_at, job.started_at, job.finished_at)
                    ],
                ]
            )
        )
    return simple_table(header, rows, "No jobs have run yet.")


def sync_table(df: pd.DataFrame) -> html.Div | html.P:
    header = ["user", "status", "last success", "next sync", "failures in a row",
              "last added", "last error"]  # fmt: skip
    rows = [
        html.Tr(
            [
                html.Td(r.email, className="text-break"),
                html.Td(status_badge(str(r.status))),
                html.Td(fmt_time(r.last_success_at), className="text-nowrap"),
                html.Td(fmt_time(r.next_sync_at), className="text-nowrap"),
                html.Td(
                    f"{r.failures:,}",
                    className="text-danger fw-bold" if r.failures else None,
                ),
                html.Td("—" if pd.isna(r.last_added) else f"{int(r.last_added):,} plays"),
                html.Td(text_or_none(r.last_error) or "", className="text-danger"),
            ]
        )
        for r in df.itertuples(index=False)
    ]
    return simple_table(header, rows, "No Spotify accounts are connected.")


# --- upload job ------------------------------------------------------------------------------


def upload_rejected(message: str) -> dbc.Alert:
    return dbc.Alert(
        [html.Strong("File rejected; no events were changed. "), html.Span(message)],
        color="danger",
        id=ids.ADMIN_UPLOAD_REPORT,
    )


def upload_report(report: dict) -> dbc.Card:
    """The run report of an ingested upload: counts and failure reasons."""
    numbers = [
        ("fetched", report["fetched"]),
        ("new", report["new"]),
        ("updated", report["updated"]),
        ("unchanged", report.get("unchanged") or 0),
        ("duplicates merged", report["duplicates"]),
        ("failed", report["failed"]),
    ]
    stats = dbc.Row(
        [
            dbc.Col([html.Div(f"{v:,}", className="fs-5 fw-bold"), html.Div(label)], xs=4, md=2)
            for label, v in numbers
        ],
        className="mb-2",
    )
    title = f"Run {report['run_id']} ({report['source']}): {report['status']}"
    body = [html.H3(title, className="h6"), stats]
    failures = failure_list(report.get("failures"), limit=10)
    if failures is not None:
        body += [html.Div("Rows that failed:", className="fw-bold small"), failures]
    if report.get("error"):
        body.append(html.Div(report["error"], className="text-danger small"))
    return dbc.Card(dbc.CardBody(body), id=ids.ADMIN_UPLOAD_REPORT)
