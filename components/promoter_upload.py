"""The CSV upload tab of /promoter: a drop zone, the per-row preview, the commit button."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from data.feeds.promoter_csv import COLUMNS, MAX_ROWS, REQUIRED


def upload_tab() -> html.Div:
    """Pick a file; nothing is stored until every row is valid and the promoter commits."""
    return html.Div(
        [
            html.P(
                [
                    f"Upload up to {MAX_ROWS} events as CSV (UTF-8, 1 MB at most). Columns: ",
                    html.Code(", ".join(COLUMNS)),
                    f"; required: {', '.join(REQUIRED)}. Separate several artists or genres "
                    "with |. A venue with a known name and city is reused; any other becomes a "
                    "new venue in that city. Either every row is published or none is.",
                ],
                className="small text-body-secondary",
            ),
            dcc.Upload(
                html.Div(["Drop a CSV file here, or ", html.A("choose one")]),
                id=ids.PROMOTER_CSV_UPLOAD,
                accept=".csv,text/csv",
                max_size=1_000_000,
                className="dropzone p-4 mb-3 text-center border rounded",
            ),
            html.Div(id=ids.PROMOTER_CSV_PREVIEW),
            dcc.Store(id=ids.PROMOTER_CSV_ROWS),
            dbc.Button(
                "Publish all events", id=ids.PROMOTER_CSV_COMMIT, color="success", disabled=True
            ),
            html.Div(id=ids.PROMOTER_CSV_STATUS, className="mt-2", role="status"),
        ]
    )


def preview_table(rows: list[dict], filename: str) -> html.Div:
    """Every row with its errors; says whether the file can be published."""
    bad = [r for r in rows if r["errors"]]
    body = []
    for r in rows:
        problems = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in r["errors"].items())
        status = (
            dbc.Badge("error", color="danger") if problems else dbc.Badge("ok", color="success")
        )
        cells = [r["line"], r["title"], r["date"], r["venue"], status, problems]
        body.append(
            html.Tr([html.Td(c) for c in cells], className="table-danger" if problems else "")
        )
    head = html.Thead(
        html.Tr([html.Th(h) for h in ("Line", "Title", "Date", "Venue", "", "Problems")])
    )
    summary = (
        f"{filename}: {len(bad)} of {len(rows)} rows need fixing. Nothing was stored; fix them "
        "and upload the file again."
        if bad
        else f"{filename}: all {len(rows)} rows are valid. Publish them below."
    )
    return html.Div(
        [
            dbc.Alert(summary, color="warning" if bad else "success", className="py-2"),
            html.Div(
                dbc.Table([head, html.Tbody(body)], size="sm", className="small"),
                className="table-responsive",
                style={"maxHeight": "420px", "overflowY": "auto"},
            ),
        ]
    )
