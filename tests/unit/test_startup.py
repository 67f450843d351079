"""Startup errors are one clear line, not a traceback wall."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import app; app.server"],
        cwd=ROOT,
        env={**os.environ, "INSTANCE_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unreachable_database_is_one_clear_error(tmp_path):
    result = _start(tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:9/nowhere")
    assert result.returncode == 2
    assert result.stderr.startswith("Re-Wrapped cannot start: DATABASE_URL: cannot connect")
    assert "Traceback" not in result.stderr


def test_bad_setting_is_one_clear_error(tmp_path):
    result = _start(tmp_path, SMTP_PORT="x")
    assert result.returncode == 2
    assert "SMTP_PORT" in result.stderr and "Traceback" not in result.stderr


def test_production_refuses_the_default_secret(tmp_path):
    result = _start(tmp_path, ENV="production")
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_python_app_py_listens_on_host_and_port(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env={**os.environ, "INSTANCE_DIR": str(tmp_path), "HOST": "127.0.0.1", "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, "app.py exited instead of serving"
                assert time.monotonic() < deadline, f"nothing listening on port {port}"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_serving_app_is_frozen_out_of_full_collections(tmp_path):
    # gunicorn and `python app.py` build through `app.server`; the startup objects then sit in
    # the permanent generation, so a full collection no longer rescans them on a request.
    code = "import gc, app; app.server; print(gc.get_freeze_count(), len(gc.get_objects()))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "INSTANCE_DIR": str(tmp_path), "LOAD_DEMO": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    frozen, tracked = (int(n) for n in result.stdout.split())
    assert frozen > 100_000 and tracked < frozen / 10
    assert "leaked" not in result.stderr  # handed back at exit: shutdown frees them
