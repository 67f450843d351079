"""Hostile requests against real servers on loopback (issue #12, points 3, 8 and 9)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BODY_MB = 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(instance: Path, **extra) -> dict:
    return {
        **os.environ,
        "INSTANCE_DIR": str(instance),
        "ENV": "test",
        "LOAD_DEMO": "false",
        "RUN_SCHEDULER": "false",
        "DATABASE_URL": "",
        "REDIS_URL": "",
        **extra,
    }


def _gunicorn(port: int, env: dict, *args: str) -> subprocess.Popen:
    command = [GUNICORN, "--no-control-socket", "-b", f"127.0.0.1:{port}", *args, "app:server"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


@pytest.fixture
def served(tmp_path):
    """A real `gunicorn app:server` with one sync worker; yields (port, worker process)."""
    port = _free_port()
    master = _gunicorn(port, _env(tmp_path), "-w", "1", "--timeout", "120")
    try:
        deadline = time.monotonic() + 90
        while True:
            assert master.poll() is None, master.stdout.read()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not become healthy"
            time.sleep(0.5)
        (worker,) = psutil.Process(master.pid).children()
        yield port, worker
    finally:
        master.terminate()
        master.wait(timeout=30)


def _peak_rss(process: psutil.Process) -> int:
    """The process's high-water mark of resident memory (Linux VmHWM), in bytes."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def _hostile_post(port: int, *, chunked: bool) -> str:
    """POST 200 MB to the callback endpoint without a login; returns the status line read."""
    head = [
        "POST /_dash-update-component HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BODY_MB << 20}",
    ]
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    block = b"[" * (1 << 20)
    frame = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block

    def send() -> None:
        try:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            for _ in range(BODY_MB):
                sock.sendall(frame)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed before taking it all: the point

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    try:
        answer = sock.recv(4096).decode(errors="replace")
    except OSError as exc:
        answer = f"connection error {exc}"
    sender.join(timeout=120)
    sock.close()
    return answer.split("\r\n", 1)[0]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_anonymous_200_mb_post_does_not_grow_the_worker(served, chunked):
    port, worker = served
    before = _peak_rss(worker)
    status = _hostile_post(port, chunked=chunked)
    after = _peak_rss(worker)
    assert status.upper() == "HTTP/1.1 413 REQUEST ENTITY TOO LARGE"
    assert after - before < 50 * 1024 * 1024, f"peak RSS grew by {(after - before) >> 20} MB"
    # The worker is still serving.
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
        assert response.status == 200


def test_gunicorn_without_a_production_secret_exits_once(tmp_path):
    env = _env(tmp_path, ENV="production", SECRET_KEY="", TOKEN_ENCRYPTION_KEY="")
    server = _gunicorn(_free_port(), env, "-w", "2")
    try:
        output, _ = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        output, _ = server.communicate()
        pytest.fail(f"gunicorn kept restarting workers:\n{output[-3000:]}")
    # The arbiter halts: "App failed to load" (4) as a rule; when both workers fail at once on a
    # loaded machine it may halt while reaping the second one (1). Either way it stopped.
    assert server.returncode in (4, 1)
    assert "Re-Wrapped cannot start: SECRET_KEY: production needs a real secret" in output
    assert output.count("Booting worker") <= 2  # no worker was booted again


def test_readyz_on_postgresql_and_redis(dash_app, scaled, monkeypatch):
    """The scaled topology: both dependencies checked for real, and a dead Redis is named."""
    monkeypatch.setitem(dash_app.server.config, "SETTINGS", scaled)
    client = dash_app.server.test_client()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}
    dead = replace(scaled, redis_url="redis://127.0.0.1:9/0")
    monkeypatch.setitem(dash_app.server.config, "SETTINGS", dead)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["redis"]
