"""`import-history` and `wrapped`: import Spotify exports and print a year's summary."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from data.db import session_scope
from data.importers.formats import ImportFileError
from data.importers.sources import Limits
from data.queries.accounts import find_user_id, get_account
from data.queries.summary import year_summary
from data.services.accounts import AccountError, register
from data.services.imports import import_history
from workers import context


def _user_id(email: str, create: bool = False) -> int:
    with session_scope() as session:
        user_id = find_user_id(session, email)
        if user_id is None and create:
            password = secrets.token_urlsafe(12)
            try:
                user_id = register(session, email, password).id
            except AccountError as exc:
                raise click.ClickException(str(exc)) from None
            click.echo(f"Created user {email} with password {password}", err=True)
    if user_id is None:
        raise click.ClickException(f"No user {email}; pass --create-user to create one.")
    return user_id


def format_report(report: dict) -> str:
    """The human-readable import report."""
    formats = ", ".join(f"{name}: {n}" for name, n in sorted(report["formats"].items()))
    lines = [
        f"Imported {len(report['files'])} file(s) ({formats or 'none'})",
        f"  rows seen    {report['rows_seen']:>12,}",
        f"  plays added  {report['plays_added']:>12,}",
        f"  duplicates   {report['duplicates']:>12,}",
        f"  rejected     {report['rejected']:>12,}",
    ]
    for reason, n in sorted(report["rejected_reasons"].items(), key=lambda kv: -kv[1]):
        lines.append(f"    {reason}: {n:,}")
    kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(report["kinds"].items()))
    lines.append(f"  kinds        {kinds or 'none'}")
    if report["first_play_at"]:
        lines.append(f"  covers       {report['first_play_at']} .. {report['last_play_at']} UTC")
    if report["ignored"]:
        lines.append(f"  ignored (not listening history): {len(report['ignored'])} file(s)")
    return "\n".join(lines)


@click.command("import-history")
@click.option("--user", "email", required=True, help="The listener's email.")
@click.option("--create-user", is_flag=True, help="Create the account when it does not exist.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_history_command(email: str, create_user: bool, as_json: bool, paths) -> None:
    """Import Spotify export files, folders or my_spotify_data.zip (one transaction)."""
    settings = context.settings()
    user_id = _user_id(email, create_user)
    try:
        with session_scope() as session:
            report = import_history(
                session, user_id, list(paths), Limits.for_upload_limit(settings.max_upload_bytes)
            )
    except ImportFileError as exc:
        if as_json:
            click.echo(json.dumps({"ok": False, "error": str(exc)}))
        click.echo(f"Import rejected, nothing was written: {exc}", err=True)
        sys.exit(1)
    click.echo(json.dumps({"ok": True, **report}, indent=2) if as_json else format_report(report))


@click.command("wrapped")
@click.option("--user", "email", required=True)
@click.option("--year", type=int, default=None, help="Calendar year; all time when omitted.")
@click.option("--tz", default=None, help="IANA time zone (default: the listener's).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the only format).")
def wrapped_command(email: str, year: int | None, tz: str | None, as_json: bool) -> None:
    """Print a listener's summary for a year (or all time) as JSON."""
    user_id = _user_id(email)
    with session_scope() as session:
        zone = tz or get_account(session, user_id).timezone
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise click.ClickException(f"Unknown time zone {zone!r}.") from None
        summary = year_summary(session, user_id, year, zone)
    click.echo(json.dumps(summary, indent=2 if not as_json else None))


commands = [import_history_command, wrapped_command]
