"""Shared fixtures and the tier rules.

Tiers that need PostgreSQL, Redis or Chromium skip with a reason when those are absent, unless
REWRAPPED_REQUIRE_TIERS names them (CI sets "postgres,redis,browser"): then they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.orm import Session, sessionmaker

from settings import Settings

POSTGRES_URL = os.environ.get(
    "REWRAPPED_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("REWRAPPED_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
REQUIRED = {t.strip() for t in os.environ.get("REWRAPPED_REQUIRE_TIERS", "").split(",") if t}
CHROMIUM = os.environ.get("REWRAPPED_CHROMIUM", "/usr/bin/chromium")
TEST_FERNET = "x" * 43 + "="


def tier_unavailable(tier: str, reason: str) -> None:
    """Skip locally; fail when CI requires the tier."""
    if tier in REQUIRED:
        pytest.fail(f"required test tier '{tier}' is unavailable: {reason}", pytrace=False)
    pytest.skip(f"{tier} tier skipped: {reason}")


def _port_open(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def make_settings(instance: Path, **overrides) -> Settings:
    """Settings for a test: a private instance dir, no scheduler, fixed keys."""
    values = {
        "env": "test",
        "instance_dir": instance,
        "secret_key": "test-secret-key-0123456789",
        "token_encryption_key": TEST_FERNET,
        "run_scheduler": False,
        "load_demo": False,
        "tile_url": "/assets/tiles/{z}/{x}/{y}.png",
        # No test reaches musicbrainz.org; the MusicBrainz tests point it at a loopback fake.
        "musicbrainz_enabled": False,
        # No test fetches artwork from another host; the artwork tests use a loopback double.
        "remote_images": False,
    }
    values.update(overrides)
    return Settings(**values).resolved()


# --- the one Dash app of the test session -----------------------------------------------------


@pytest.fixture(scope="session")
def app_settings(tmp_path_factory) -> Settings:
    # Many tests log in from one address; test_auth swaps in strict limits where it tests them.
    return make_settings(
        tmp_path_factory.mktemp("instance"),
        load_demo=True,
        login_rate_limit="10000 per minute",
        login_email_rate_limit="10000 per minute",
    )


@pytest.fixture(scope="session")
def dash_app(app_settings):
    """Built once per process: Dash drains global callbacks into the first app."""
    from app import create_app

    return create_app(app_settings)


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


@pytest.fixture
def login(client):
    """Log the test client in (demo listener by default); returns the client."""

    def _login(email: str = "listener@demo.rewrapped", password: str = "demo-password"):
        page = client.get("/login")
        token = _csrf(page.get_data(as_text=True))
        response = client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


def _csrf(html: str) -> str:
    marker = 'name="csrf_token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@pytest.fixture
def csrf_token():
    return _csrf


# --- a throwaway database for unit tests of queries and services ------------------------------


def _schema_session(url: str) -> Iterator[Session]:
    """A session on a fresh schema (from the models) at ``url``; closed afterwards."""
    from data.db import make_engine
    from data.models import Base

    engine = make_engine(url)
    Base.metadata.create_all(engine)
    session = sessionmaker(engine, expire_on_commit=False)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


@pytest.fixture
def db_session(tmp_path) -> Iterator[Session]:
    """A fresh SQLite schema (from the models) in its own file; rolled back after the test."""
    yield from _schema_session(f"sqlite:///{tmp_path / 'unit.db'}")


@pytest.fixture
def postgres_db_session(postgres_url) -> Iterator[Session]:
    """``db_session`` on a PostgreSQL database of this test's own: an integration module that
    names it ``db_session`` runs unit tests it imports against PostgreSQL."""
    yield from _schema_session(postgres_url)


# --- real servers -------------------------------------------------------------------------------


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database of this test's own, dropped afterwards."""
    if not _port_open(POSTGRES_URL, 5432):
        tier_unavailable("postgres", f"no PostgreSQL at {POSTGRES_URL}")
    from data.db import make_engine

    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"rw_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


_REDIS_CLAIM = "rewrapped-tests:claimed-by"


@pytest.fixture(scope="session")
def _redis_database() -> Iterator[str]:
    """A Redis database no other test run on this machine is using, claimed for this session.

    Tests flush their database; two runs at once (a developer's and a helper's, say) sharing
    one would wipe each other's queues mid-test. The claim is a marker key set with NX in the
    first free database counting down from the configured one, kept across flushes.
    """
    if not _port_open(REDIS_URL, 6379):
        tier_unavailable("redis", f"no Redis at {REDIS_URL}")
    from redis import Redis

    base, first = REDIS_URL.rsplit("/", 1)
    token = f"{os.getpid()}-{uuid.uuid4().hex}"
    for db in range(int(first or 0), 0, -1):
        conn = Redis.from_url(f"{base}/{db}")
        if conn.set(_REDIS_CLAIM, token, nx=True, ex=6 * 3600):
            try:
                yield f"{base}/{db}"
            finally:
                if conn.get(_REDIS_CLAIM) == token.encode():
                    conn.delete(_REDIS_CLAIM)
                conn.close()
            return
        conn.close()
    tier_unavailable("redis", f"every Redis database from {first} down to 1 is in use by tests")


@pytest.fixture
def redis_url(_redis_database: str) -> Iterator[str]:
    """This session's Redis database, flushed before and after the test."""
    from redis import Redis

    conn = Redis.from_url(_redis_database)
    claim = conn.get(_REDIS_CLAIM)
    conn.flushdb()
    conn.set(_REDIS_CLAIM, claim, ex=6 * 3600)
    try:
        yield _redis_database
    finally:
        conn.flushdb()
        conn.set(_REDIS_CLAIM, claim, ex=6 * 3600)
        conn.close()


# --- browser tier -------------------------------------------------------------------------------


def pytest_setup_options():
    """Headless Debian Chromium for dash_duo, with no background network traffic."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    return options


@pytest.fixture
def browser_ready() -> None:
    if not (Path(CHROMIUM).exists() and shutil.which("chromedriver")):
        tier_unavailable("browser", "Chromium or chromedriver not installed")
    _free_dash_port()


def _free_dash_port() -> None:
    """Point dash_duo's next server at a port nothing listens on.

    dash[testing] counts ports up from 58050 in every process, so two test runs on one machine
    (two checkouts, or CI beside a developer) would start their servers on the same port.
    """
    from dash.testing.application_runners import BaseDashRunner

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        BaseDashRunner._next_port = probe.getsockname()[1]


@contextmanager
def swapped_database(settings: Settings) -> Iterator[None]:
    """Point this process's database and job backend at ``settings``; restore them afterwards."""
    import data.db as db
    from workers import context
    from workers.backends import InProcessBackend, RQBackend

    # A fresh child process has no settings yet: nothing to restore then.
    saved_db, saved = db._DATABASE, (context.PROCESS.settings, context.PROCESS.backend)
    db._DATABASE = None
    try:
        from data import migrate

        database = db.init_database(settings)
        migrate.upgrade(database.engine, settings.database_url)
        context.configure(
            settings,
            RQBackend(settings.redis_url)
            if settings.redis_url
            else InProcessBackend(settings.job_threads),
        )
        yield
    finally:
        if db._DATABASE is not None and db._DATABASE is not saved_db:
            db._DATABASE.engine.dispose()
        db._DATABASE = saved_db
        context.configure(*saved)


@pytest.fixture
def scaled(dash_app, tmp_path, postgres_url, redis_url) -> Iterator[Settings]:
    """The scaled topology: a fresh PostgreSQL database + Redis, migrated, as this process's DB."""
    settings = make_settings(tmp_path, database_url=postgres_url, redis_url=redis_url)
    with swapped_database(settings):
        yield settings


def worker_env(settings: Settings) -> dict[str, str]:
    """Environment for an `rq worker` subprocess that should see the same database."""
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "SECRET_KEY": settings.secret_key,
        "TOKEN_ENCRYPTION_KEY": settings.token_encryption_key,
        "INSTANCE_DIR": str(settings.instance_dir),
        "ENV": "test",
    }


def run_rq_burst(settings: Settings, *queues: str, timeout: float = 120) -> str:
    """Run a real `rq worker --burst` until the queues are empty; returns its output."""
    import subprocess
    import sys

    rq = Path(sys.executable).with_name("rq")
    result = subprocess.run(
        [
            str(rq),
            "worker",
            "-w",
            "workers.bootstrap.Worker",
            "--burst",
            "--with-scheduler",
            "--url",
            settings.redis_url,
            *(queues or ("sync", "feeds", "mail", "default")),
        ],
        env=worker_env(settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr
