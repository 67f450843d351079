"""What a page's layout may ask about the request it is built for, and who answers.

Pages import components only (import-linter), yet a few first paints need the viewer, a
settings value, or a default read from the viewer's own data (the latest period with plays).
This module names those needs; the composition root (``app.create_app``) installs the answers
from ``callbacks/`` on the Flask server, once per app. Pages call the functions below while
their layout is built, so the defaults still arrive with the first paint. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import flask

if TYPE_CHECKING:
    from components.explorer import ExplorerView
    from settings import Settings

EXTENSION = "rewrapped.page_context"  # the key in the Flask server's extensions


class Viewer(Protocol):
    """The logged-in account, as much of it as a page may read."""

    @property
    def display_name(self) -> str:
        """The name shown in the app."""

    @property
    def timezone(self) -> str:
        """The viewer's IANA time zone name."""

    @property
    def roles(self) -> frozenset[str]:
        """The roles the viewer holds (listener, promoter, analyst, admin)."""

    def has_role(self, *roles: str) -> bool:
        """Whether the viewer holds any of ``roles``."""


@dataclass(frozen=True)
class PageContext:
    """The answers a page layout may ask for; the composition root builds one per app.

    Attributes:
        viewer: The logged-in account, or None for a guest.
        settings: The app's settings.
        wrapped_query: The Wrapped URL query, with the listener's most recent period that has
            plays filled in when the URL chose none.
        recap_year: The year the year-in-review opens on.
        explorer_view: The explorer's first page of ranked cards, markers and options for a
            URL query, so the list paints with the page.
    """

    viewer: Callable[[], Viewer | None]
    settings: Callable[[], Settings]
    wrapped_query: Callable[[Mapping[str, str]], dict]
    recap_year: Callable[[], int]
    explorer_view: Callable[[Mapping[str, str]], ExplorerView]


def install(server: flask.Flask, context: PageContext) -> None:
    """Make ``context`` answer the layouts built by ``server`` (called by ``create_app``)."""
    server.extensions[EXTENSION] = context


def _installed() -> PageContext:
    try:
        return flask.current_app.extensions[EXTENSION]
    except KeyError:
        raise RuntimeError("No page context: create_app installs it on the server.") from None


def viewer() -> Viewer | None:
    """The logged-in account of this request, or None for a guest."""
    return _installed().viewer()


def settings() -> Settings:
    """The settings of the app serving this request."""
    return _installed().settings()


def wrapped_query(query: Mapping[str, str]) -> dict:
    """The Wrapped URL query with the viewer's default period when it names none."""
    return _installed().wrapped_query(query)


def recap_year() -> int:
    """The year the year-in-review opens on for this viewer."""
    return _installed().recap_year()


def explorer_view(query: Mapping[str, str]) -> ExplorerView:
    """The explorer's first page for this URL query, ranked for this viewer."""
    return _installed().explorer_view(query)
