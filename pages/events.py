"""Event explorer: every show near you, ranked by your listening, with the reasons in words."""

from __future__ import annotations

import dash
import flask

from components.explorer import explorer_layout
from data.queries.event_filters import from_query

dash.register_page(
    __name__,
    path="/events",
    name="Events",
    title="Events · Re-Wrapped",
    order=5,
    nav=True,
    public=True,
)


def layout(**query):
    settings = flask.current_app.config["SETTINGS"]
    return explorer_layout(from_query(query), settings.tile_url, settings.tile_attribution)
