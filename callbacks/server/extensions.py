"""Flask extensions shared by the server routes (configured in init_server)."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def within_limit(rule: str, *keys: str) -> bool:
    """Count one attempt against ``rule`` (e.g. "5 per 15 minutes") for ``keys``.

    For actions that are not Flask routes (Dash callbacks): the same storage as the route
    limits (memory, or Redis when configured, so every web process shares the count).
    """
    return limiter.limiter.hit(parse(rule), *keys)
