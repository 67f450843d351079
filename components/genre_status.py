"""Where the listener's genres stand: the MusicBrainz lookup's progress, result or why it
is pending (Import page), and the sentence the empty Genres charts show."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components import ids
from components.uploads import job_progress
from data.job_vocabulary import ACTIVE


def genre_status(job: dict | None, coverage: dict, spotify: dict | None = None) -> html.Div | None:
    """The genre lookup's state in words.

    Args:
        job: the listener's latest MusicBrainz genre job (status, progress, message, result).
        coverage: counts of the listener's music artists, looked up, and with any genre.
        spotify: the latest Spotify genre job, when the server runs one.
    """
    if job is None:
        return None
    block = _musicbrainz_status(job, coverage)
    return html.Div([block, spotify_line(spotify)]) if spotify else block


def spotify_line(job: dict) -> html.P:
    """One sentence on the Spotify genre lookup: running, its result, or why it stopped."""
    result = job.get("result") or {}
    if job["status"] in ACTIVE:
        text = "Spotify: looking up your artists…"
    elif job["status"] == "failed" or result.get("stopped"):
        text = f"Spotify: stopped, {result.get('stopped') or 'the lookup failed'}."
    else:
        text = (
            f"Spotify: {result.get('found', 0):,} of {result.get('looked_up', 0):,} artists "
            f"looked up were found, {result.get('with_genres', 0):,} with genres."
        )
    return html.P(text, className="small text-body-secondary mb-0")


def _musicbrainz_status(job: dict, coverage: dict):
    title = html.H2("Genres", className="h6")
    if job["status"] in ACTIVE:
        return html.Div(
            [title, job_progress(job, "Finding genres on MusicBrainz (one artist per second)…")]
        )
    result = job.get("result") or {}
    pending = coverage["artists"] - coverage["looked_up"]
    counts = f"{coverage['with_genres']:,} of your {coverage['artists']:,} artists have genres."
    if job["status"] == "failed" or result.get("stopped"):
        why = result.get("stopped") or "the lookup failed"
        return dbc.Alert(
            [
                title,
                html.P(f"{counts} Genres are pending for {pending:,} artists: {why}."),
                dbc.Button("Try again", id=ids.IMPORT_GENRES_RETRY, color="warning", size="sm"),
            ],
            color="warning",
        )
    return dbc.Alert(
        [title, html.P(f"{counts} Looked up on MusicBrainz.", className="mb-0")], color="light"
    )


def pending_note(job: dict | None, coverage: dict) -> str | None:
    """Why genre charts are empty while lookups are under way or stopped (None otherwise)."""
    if job is None or not coverage["artists"]:
        return None
    if job["status"] in ACTIVE:
        return "Genres are on their way: MusicBrainz is being asked about your artists."
    stopped = (job.get("result") or {}).get("stopped")
    if stopped:
        return f"Genres are pending: {stopped}. Try again on the Import page."
    return None
