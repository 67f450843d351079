"""Where the listener's album covers stand: the Cover Art Archive lookup's progress or result
(Import page), in the words of the genre lookup's status beside it."""

from __future__ import annotations

from dash import html

from components.uploads import job_progress
from data.job_vocabulary import ACTIVE


def cover_status(job: dict | None) -> html.Div | None:
    """The latest album-cover job (a job_runs row as a dict) in words; None before the first."""
    if job is None:
        return None
    title = html.H2("Album covers", className="h6")
    if job["status"] in ACTIVE:
        working = "Finding album covers on MusicBrainz and the Cover Art Archive…"
        return html.Div([title, job_progress(job, working)])
    result = job.get("result") or {}
    stopped = result.get("stopped") or (job["status"] == "failed" and "the lookup failed")
    if stopped and not result.get("albums"):  # turned off by a setting: nothing was asked
        text = f"This server does not look up album covers ({stopped})."
    elif stopped:
        text = f"Stopped: {stopped}. Albums without a cover keep a placeholder until the next run."
    elif not result.get("albums"):
        text = "Every album you played has a cover, or was looked up recently."
    else:
        covers, asked = result.get("covers", 0), result.get("looked_up", 0)
        text = (
            f"{_count(covers, 'new cover')} for the {_count(asked, 'album')} looked up "
            f"({result.get('matched', 0):,} found on MusicBrainz; the others keep a placeholder)."
        )
    return html.Div([title, html.P(text, className="small text-body-secondary mb-0")])


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
