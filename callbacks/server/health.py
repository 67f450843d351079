"""``/healthz`` (the process answers) and ``/readyz`` (its database and Redis answer), as JSON.

Plain Flask routes for load balancers and orchestrators: public (see the guard's
``PUBLIC_PATHS``), no session, no Dash. A failed check names the dependency and the error's
class only, never a URL or a message that could carry a host name or credentials.
"""

from __future__ import annotations

import flask

from callbacks import context
from data.db import get_database
from data.queries.health import ping_database, ping_redis

blueprint = flask.Blueprint("health", __name__)
PATHS = frozenset({"/healthz", "/readyz"})


@blueprint.get("/healthz")
def healthz():
    """Liveness: the process answers requests."""
    return flask.jsonify(status="ok")


@blueprint.get("/readyz")
def readyz():
    """Readiness: 200 when every dependency answers, else 503 naming the ones that failed."""
    settings = context.settings()
    checks = {"database": _check(_database)}
    if not flask.current_app.config.get("SCHEMA_CURRENT", True):
        checks["schema"] = "outdated: run the migrations"
    if settings.redis_url:
        checks["redis"] = _check(lambda: ping_redis(settings.redis_url))
    failed = sorted(name for name, result in checks.items() if result != "ok")
    body = {"status": "unavailable" if failed else "ready", "checks": checks, "failed": failed}
    return flask.jsonify(body), 503 if failed else 200


def _database() -> None:
    with get_database().session_scope() as session:
        ping_database(session)


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:  # any driver error means "not ready"; the class says which
        return f"unreachable ({type(exc).__name__})"
    return "ok"
