"""`flask --app app events-for`: the ranked list a listener sees, with every score part."""

from __future__ import annotations

import json

import click

from data.db import session_scope
from data.queries.accounts import find_user_id, normalise_email
from data.queries.event_filters import EventFilters
from data.queries.explorer import explore
from workers import context

PARTS = ("artist", "genre", "distance", "time", "feedback", "popularity")


@click.command("events-for")
@click.option("--user", "email", required=True, help="The listener's email.")
@click.option("--city", default="", help="City slug (default: their home city).")
@click.option("--limit", default=20, type=click.IntRange(1, 50), show_default=True)
@click.option(
    "--when",
    default="month",
    show_default=True,
    type=click.Choice(["tonight", "weekend", "week", "month", "all"]),
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def events_for(email: str, city: str, limit: int, when: str, as_json: bool) -> None:
    """Rank upcoming events for a listener, exactly as the explorer's "For you" does."""
    with session_scope() as session:
        user_id = find_user_id(session, normalise_email(email))
        if user_id is None:
            raise click.ClickException(f"no user with email {email}")
        filters = EventFilters(city=city, when=when, size=limit)
        share = context.settings().sponsored_percent / 100
        page = explore(session, filters, user_id, share=share)
    rows = [_row(r) for r in page.rows[:limit]]
    if as_json:
        payload = {"sort": page.sort, "total": page.total, "events": rows}
        click.echo(json.dumps(payload, indent=1, default=str))
        return
    where = page.city["name"] if page.city else "everywhere"
    click.echo(f"{page.total} events in {where}, sorted {page.sort}")
    click.echo("score  " + " ".join(f"{p[:6]:>6}" for p in PARTS) + "  date        event")
    for r in rows:
        parts = " ".join(f"{r['parts'][p]:6.2f}" for p in PARTS)
        click.echo(f"{r['score']:5.2f}  {parts}  {r['date']}  {r['title']}")
        for reason in r["reasons"]:
            click.echo(f"{'':>57}- {reason}")


def _row(r: dict) -> dict:
    return {
        "id": r["id"],
        "title": r["title"],
        "date": r["local_date"].isoformat(),
        "city": r["city"],
        "lineup": r["lineup"],
        "score": r.get("score") or 0.0,
        "parts": {p: r.get(p) or 0.0 for p in PARTS},
        "km": r.get("km"),
        "reasons": r["reasons"],
    }


commands = [events_for]
