"""Hostile requests (issue #12, points 3, 8 and 9): bounded bodies, headers, health endpoints."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from werkzeug.test import EnvironBuilder, TestResponse, run_wsgi_app

from data import db as db_module
from data.db import Database, make_engine

UPDATE = "/_dash-update-component"


class Endless(io.RawIOBase):
    """An endless body read lazily, counting what the server pulled from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b"[" * len(buffer)
        self.read_bytes += len(buffer)
        return len(buffer)


def _post_stream(client, path: str, body: Endless, length: int | None = None):
    """POST ``body`` as a server hands it over: with a declared length, or chunked (none)."""
    environ = EnvironBuilder(path, method="POST", content_type="application/json").get_environ()
    environ["wsgi.input"] = body
    environ.pop("CONTENT_LENGTH", None)
    if length is None:
        environ.update({"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True})
    else:
        environ["CONTENT_LENGTH"] = str(length)
    app_iter, status, headers = run_wsgi_app(client.application, environ, buffered=True)
    return TestResponse(app_iter, status, headers, request=None)


def test_deeply_nested_json_is_a_bad_request_not_a_crash(client):
    body = b"[" * 100_000 + b"]" * 100_000
    response = client.post(UPDATE, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "The callback request is not a JSON object."}


def test_deeply_nested_json_as_a_logged_in_user_is_a_bad_request(login):
    client = login()
    body = b'{"outputs": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert client.post(UPDATE, data=body, content_type="application/json").status_code == 400


def test_declared_oversized_body_is_refused_before_it_is_read(client, app_settings):
    body = Endless()
    response = _post_stream(client, UPDATE, body, 200 * 1024 * 1024)
    assert response.status_code == 413
    assert "over the limit of 4096 KB" in response.get_json()["error"]
    assert body.read_bytes == 0


@pytest.mark.parametrize("path", [UPDATE, "/login", "/register", "/no-such-page"])
def test_chunked_body_stops_at_the_limit(client, app_settings, path):
    body = Endless()
    response = _post_stream(client, path, body)
    # 413, or an earlier refusal (CSRF 400, login 401); never a crash, never an unbounded read.
    assert response.status_code in (400, 401, 413)
    assert body.read_bytes <= app_settings.max_request_bytes + 64 * 1024


def test_chunked_callback_body_over_the_limit_is_413(client, app_settings):
    body = Endless()
    assert _post_stream(client, UPDATE, body).status_code == 413
    assert app_settings.max_request_bytes <= body.read_bytes


def test_upload_routes_keep_their_own_larger_limit(login, app_settings):
    client = login()
    size = app_settings.max_request_bytes + 1024 * 1024
    response = client.post(
        "/import/upload",
        data=b"x" * size,
        content_type="multipart/form-data; boundary=x",
    )
    # Past the body limit: the upload route itself answers (here: its CSRF check).
    assert response.status_code == 400
    assert "out of date" in response.get_json()["error"]


@pytest.mark.parametrize("path", ["/", "/login", "/healthz", "/assets/rewrapped.css", UPDATE])
def test_security_headers_on_every_response(client, path):
    response = client.get(path) if path != UPDATE else client.post(UPDATE, json={})
    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_healthz_is_json_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json and response.get_json() == {"status": "ok"}


def test_readyz_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ready",
        "checks": {"database": "ok"},
        "failed": [],
    }


def test_readyz_is_503_naming_an_unreachable_database(client, monkeypatch):
    engine = make_engine("postgresql://nobody@127.0.0.1:9/nowhere")
    from sqlalchemy.orm import sessionmaker

    dead = Database("postgresql://nobody@127.0.0.1:9/nowhere", engine, sessionmaker(engine))
    monkeypatch.setattr(db_module, "_DATABASE", dead)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["database"]
    assert body["checks"]["database"].startswith("unreachable (")
    assert "127.0.0.1" not in response.get_data(as_text=True)


def test_readyz_checks_redis_when_configured(client, dash_app, monkeypatch):
    settings = dash_app.server.config["SETTINGS"]
    monkeypatch.setitem(
        dash_app.server.config, "SETTINGS", replace(settings, redis_url="redis://127.0.0.1:9/0")
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["redis"]
    assert response.get_json()["checks"]["database"] == "ok"
