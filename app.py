"""Composition root: ``create_app(settings) -> Dash``; ``server`` is its Flask app.

``python app.py`` runs the embedded default; ``gunicorn app:server`` and ``flask --app app``
build the app lazily from the environment on first access.
"""

from __future__ import annotations

import atexit
import gc
import logging
import sys
from pathlib import Path

import dash
import flask

from settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parent


def create_app(settings: Settings) -> dash.Dash:
    """Build the Flask server and the Dash app once per process."""
    from callbacks.server import init_server
    from callbacks.shell import serve_layout
    from components.shell import index_string
    from data.bootstrap import prepare_database
    from workers import bootstrap
    from workers.cli import register_cli

    server = flask.Flask(__name__, template_folder=str(ROOT / "components" / "templates"))
    bootstrap.start(settings)
    _db, schema_current = prepare_database(settings)
    init_server(server, settings, schema_current=schema_current)
    register_cli(server)
    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="Re-Wrapped",
        update_title=None,
        suppress_callback_exceptions=True,
        index_string=index_string(),
    )
    import callbacks  # noqa: F401  (registers every page's callbacks)

    _install_page_context(server)
    app.layout = serve_layout
    # Dash registers its page router on the first request; if a fresh worker's first request
    # were a callback POST it would 500. One internal request completes the setup up front.
    server.test_client().get("/_dash-dependencies")
    return app


def _install_page_context(server: flask.Flask) -> None:
    """Pages import components only: what their layouts ask of the request is answered here."""
    from callbacks import context, defaults, explorer
    from components import page_context

    page_context.install(
        server,
        page_context.PageContext(
            viewer=context.optional_account,
            settings=context.settings,
            wrapped_query=defaults.wrapped_query,
            recap_year=defaults.recap_year,
            explorer_view=explorer.show_events,
        ),
    )


def _build_from_env() -> dash.Dash:
    from data.db import DatabaseUnavailable

    try:
        built = create_app(Settings.from_env())
    except (SettingsError, DatabaseUnavailable) as exc:
        # One clear line instead of a traceback wall (issue: bad settings stop startup).
        print(f"Re-Wrapped cannot start: {exc}", file=sys.stderr)
        raise SystemExit(_start_failure_code()) from None
    freeze_startup_objects()
    return built


def freeze_startup_objects() -> None:
    """Keep what startup built out of the garbage collector's full passes.

    The modules, Dash's registry, the layouts and the settings (about 260,000 objects) live as
    long as the process. Left in the collector's view, every full pass rescanned them: about
    120 ms, landing on a random request once in some 60 callbacks (measured in
    tests/bench/test_promoter_analytics.py, which freezes its app the same way). Only for the
    one app of a serving process: tests build many apps and must not pin them. At exit they
    are handed back, so shutdown frees them as before (native extensions such as DuckDB's
    otherwise report them as leaked).
    """
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)


def _start_failure_code() -> int:
    # In a gunicorn worker, exit 2 would make the arbiter boot a new worker forever; its
    # APP_LOAD_ERROR code makes it stop the whole server once, after our one line.
    arbiter = sys.modules.get("gunicorn.arbiter")
    return arbiter.Arbiter.APP_LOAD_ERROR if arbiter else 2


def __getattr__(name: str):
    # Lazy module attributes so importing create_app (tests) builds nothing, while
    # `gunicorn app:server` and `flask --app app` (which looks up `app`) get a built app.
    if name in ("app", "server"):
        built = _build_from_env()
        globals().update(app=built, server=built.server)
        return globals()[name]
    raise AttributeError(name)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    dash_app = _build_from_env()
    from workers import context
    from workers.scheduler import start_embedded_scheduler

    settings = context.settings()
    start_embedded_scheduler(settings)
    dash_app.run(host=settings.host, port=settings.port, debug=False)
