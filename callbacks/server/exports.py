"""``/export/plays.csv``: every play of a Wrapped period as CSV, streamed.

A Dash download carries the whole file in one JSON response (about 100 MB at a million plays,
held in full by the server and the browser tab). This route writes the rows a chunk at a time
from the cached listening table, so its memory does not grow with the plays. The query string
is the Wrapped page's own (``filters.make_filters`` reads it, falling back as the page does);
the plays are the logged-in listener's only (the guard sends a guest to log in: this route is
not among its public ones).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import flask
import pandas as pd
from flask_login import current_user

from data.csv_export import minute_text, safe_csv_chunks
from data.db import session_scope
from data.queries.listening import overview
from data.queries.listening.filters import Filters, make_filters, parse_query, to_query

blueprint = flask.Blueprint("exports", __name__)
PLAYS_CSV = "/export/plays.csv"


def plays_csv_href(query: dict | None) -> str:
    """The link to the plays CSV of the Wrapped filters ``query`` (the URL's canonical form)."""
    params = {k: v for k, v in to_query(parse_query(query or {})).items() if v is not None}
    return f"{PLAYS_CSV}?{urlencode(params)}" if params else PLAYS_CSV


def plays_csv_rows(frame: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Recently played's columns as the CSV shows them: local end time, track, artist, ..."""
    return pd.DataFrame(
        {
            f"ended ({tz})": minute_text(frame["ended"]),
            "track": frame["track"],
            "artist": frame["artist"],
            "minutes": frame["minutes"],
            "spotify_url": frame["spotify_url"],
        }
    )


def plays_filename(f: Filters) -> str:
    return f"plays-{f.start or 'start'}-{f.end or 'today'}.csv"


@blueprint.get(PLAYS_CSV)
def plays_csv() -> flask.Response:
    """The listener's plays of the period in the query string, newest first."""
    try:
        f = make_filters(flask.request.args.to_dict(), current_user.timezone)
    except ValueError:  # e.g. year=99999: no calendar holds it
        return flask.Response("The period in this link is not a valid date.\n", 400)
    with session_scope() as session:
        frames = overview.recently_played_chunks(session, current_user.id, f)
    response = flask.Response(
        flask.stream_with_context(_encoded(frames, f.tz)), mimetype="text/csv"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{plays_filename(f)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _encoded(frames: Iterator[pd.DataFrame], tz: str) -> Iterator[bytes]:
    for text in safe_csv_chunks(plays_csv_rows(frame, tz) for frame in frames):
        yield text.encode("utf-8")
