"""`flask --app app ingest-file` and `events-export`: feed files in, canonical events out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from data.db import get_database, session_scope
from data.feeds import ADAPTERS, FeedError, build_adapter
from data.feeds.export import to_csv, to_ics, to_json
from data.queries.events import export_events
from data.services.feed_runs import finish_run, ingest_run, start_run
from data.services.ingest import RunCounts
from workers import context


@click.command("ingest-file")
@click.option("--source", required=True, type=click.Choice(sorted(ADAPTERS)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
def ingest_file(source: str, path: Path, as_json: bool) -> None:
    """Ingest a saved API response, .ics or admin CSV as one feed run (exit 1 if rejected)."""
    settings = context.settings()
    params = {"file": path.name}
    size = path.stat().st_size
    try:
        if size > settings.feed_max_response_mb * 1024 * 1024:
            raise FeedError(f"file too large ({size:,} bytes)")
        page = build_adapter(settings, source).parse_file(path.read_bytes())
    except FeedError as exc:
        counts = RunCounts(fetched=1, pages=1)
        counts.fail(path.name, str(exc))
        with session_scope() as session:
            run_id = start_run(session, source, params)
            report = finish_run(session, run_id, counts, status="failed", error=str(exc))
        _print(report, as_json)
        raise SystemExit(1) from None
    report = ingest_run(
        get_database(), source, params, [page], default_timezone=settings.default_timezone
    )
    _print(report, as_json)
    if report["status"] == "failed":
        raise SystemExit(1)


def _print(report: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report, indent=1, default=str))
        return
    click.echo(
        f"Run {report['run_id']} ({report['source']}): {report['status']} - "
        f"{report['fetched']} fetched, {report['new']} new, {report['updated']} updated, "
        f"{report['unchanged']} unchanged, {report['duplicates']} duplicates merged, "
        f"{report['failed']} failed"
    )
    for reason, info in (report["failures"] or {}).items():
        click.echo(f"  {info['count']} x {reason} (e.g. {', '.join(info['examples'])})")
    if report["error"]:
        click.echo(f"  error: {report['error']}")


@click.command("events-export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "ics"]), default="json")
@click.option("--city", "city", default=None, help="City slug, e.g. berlin-de.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def events_export(fmt: str, city: str | None, start, end, output: Path | None) -> None:
    """Write canonical events (title, times, zone, status, venue, lineup, genres, sources)."""
    first: date | None = start.date() if start else None
    last: date | None = end.date() if end else None
    with session_scope() as session:
        frame = export_events(session, city, first, last)
    body: str | bytes = {"json": to_json, "csv": to_csv, "ics": to_ics}[fmt](frame)
    if output:
        (output.write_bytes if isinstance(body, bytes) else output.write_text)(body)
        click.echo(f"Wrote {len(frame)} events to {output}", err=True)
    elif isinstance(body, bytes):
        click.get_binary_stream("stdout").write(body)
    else:
        click.echo(body)


commands = [ingest_file, events_export]
