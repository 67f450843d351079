"""`flask --app app ...` commands. Each module here exposes ``commands``; all are registered."""

from __future__ import annotations

import importlib
import pkgutil

import flask
from flask.cli import with_appcontext


def register_cli(server: flask.Flask) -> None:
    """Add every command, each run inside the app context (settings, database)."""
    for module in pkgutil.iter_modules(__path__):
        for command in importlib.import_module(f"{__name__}.{module.name}").commands:
            if command.callback is not None and not getattr(command, "_rw_wrapped", False):
                command.callback = with_appcontext(command.callback)
                command._rw_wrapped = True
            server.cli.add_command(command)
