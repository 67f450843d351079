"""Profile page's Spotify card: status (polled), "Sync now" and its progress bar."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import Input, Output, State, callback, no_update
from dash.exceptions import PreventUpdate
from flask_wtf.csrf import generate_csrf

from callbacks.context import account, settings
from components import ids
from components import spotify as card
from data import spotify
from data.db import session_scope
from data.job_vocabulary import ACTIVE, Job
from data.models import utcnow
from data.queries import spotify as queries
from workers.queue import enqueue


@callback(
    Output(ids.SPOTIFY_STATUS, "children"),
    Output(ids.SPOTIFY_ACTIONS, "children"),
    Output(ids.SPOTIFY_STATE, "data"),
    Input(ids.SPOTIFY_POLL, "n_intervals"),
    State(ids.URL, "search"),
    State(ids.SPOTIFY_STATE, "data"),
)
def show_card(n_intervals: int | None, search: str | None, shown: str | None):
    """The connection in words; the buttons are re-rendered only when the state changes."""
    me, config = account(), settings()
    with session_scope() as session:
        conn = queries.connection(session, me.id)
        runs = queries.recent_runs(session, me.id, Job.SPOTIFY_SYNC)
    state = card.card_state(spotify.configured(config), conn)
    notice = parse_qs((search or "").lstrip("?")).get("spotify", [None])[0]
    status = card.status_view(
        state,
        conn,
        runs,
        tz=me.timezone,
        now=utcnow(),
        redirect_uri=config.spotify_redirect_uri,
        notice=notice if not n_intervals else None,
        is_admin=me.has_role("admin"),
    )
    buttons = no_update if state == shown else card.actions(state, generate_csrf())
    return status, buttons, state


@callback(
    Output(ids.SPOTIFY_JOB, "data"),
    Input(ids.SPOTIFY_SYNC_NOW, "n_clicks"),
    prevent_initial_call=True,
)
def sync_now(clicks: int | None) -> str:
    if not clicks:
        raise PreventUpdate
    user_id = account().id
    return enqueue(
        Job.SPOTIFY_SYNC, queue="sync", user_id=user_id, message="Sync now", for_user=user_id
    )


@callback(
    Output(ids.SPOTIFY_PROGRESS, "children"),
    Output(ids.SPOTIFY_POLL, "interval"),
    Input(ids.SPOTIFY_POLL, "n_intervals"),
    Input(ids.SPOTIFY_JOB, "data"),
)
def show_progress(_n: int | None, job_id: str | None):
    """Progress of the user's sync (from "Sync now" or the scheduler); fast polling meanwhile."""
    user_id = account().id
    with session_scope() as session:
        job = queries.sync_job(session, user_id, Job.SPOTIFY_SYNC, job_id)
    active = job is not None and job["status"] in ACTIVE
    return card.progress_view(job), card.ACTIVE_POLL_MS if active else card.IDLE_POLL_MS
