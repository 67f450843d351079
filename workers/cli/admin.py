"""Operator commands: migrate the schema, (re)load demo data, create users."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from data import migrate
from data.db import get_database, session_scope
from data.demo import load_demo, remove_demo
from data.models import ROLES
from data.services.accounts import AccountError, register
from data.services.password_policy import password_problem
from workers import context


@click.command("db-upgrade")
def db_upgrade() -> None:
    """Apply pending database migrations (production runs this before starting)."""
    settings = context.settings()
    migrate.upgrade(get_database().engine, settings.database_url)
    click.echo("Database schema is up to date.")


@click.command("load-demo")
@click.option("--plays", default=40_000, show_default=True, help="Plays for the demo listener.")
def load_demo_command(plays: int) -> None:
    """Remove any demo data and load a fresh demo set (real data is untouched)."""
    if context.settings().env == "production":
        # The demo accounts share a published password, one of them an admin.
        raise click.ClickException("ENV=production: demo accounts are never loaded in production.")
    with session_scope() as session:
        remove_demo(session)
    with session_scope() as session:
        counts = load_demo(session, datetime.now(UTC).date(), plays=plays)
    click.echo("Demo data loaded: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))


@click.command("remove-demo")
def remove_demo_command() -> None:
    """Delete the demo accounts (with their data) and demo events."""
    with session_scope() as session:
        remove_demo(session)
    click.echo("Demo data removed.")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), default=["listener"])
def create_user(email: str, password: str, name: str, roles: tuple[str, ...]) -> None:
    """Create an account (use --role admin for an administrator)."""
    problem = password_problem(password, (email, name))
    try:
        with session_scope() as session:
            account = register(session, email, password, name, roles)
            if problem:  # after register, so a bad email is reported too; nothing is kept
                raise AccountError({"password": problem})
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created user {account.email} (id {account.id}) with roles {', '.join(roles)}.")


commands = [db_upgrade, load_demo_command, remove_demo_command, create_user]
