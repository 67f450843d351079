"""Genres for every listener from MusicBrainz, against a loopback fake of its ws/2 JSON API."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid

import pytest
from flask_login import login_user
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import select

from callbacks import import_history as import_page
from callbacks.server.sessions import LoginUser
from components import ids as component_ids
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import Artist, GenreLookup, JobRun
from data.queries.accounts import get_account
from data.queries.genre_lookups import genre_coverage
from data.queries.genres import effective_genres
from data.queries.jobs import latest_job
from data.services import accounts
from tests import import_samples as samples
from tests.integration.fake_musicbrainz import FakeArtist, FakeMusicBrainz
from tests.job_helpers import wait_for_job
from tests.unit.wrapped_fixtures import add_history, add_user
from workers import context, queue
from workers.imports import import_history_job
from workers.musicbrainz_genres import genres_for_listener

INTERVAL_MS = 60


@pytest.fixture
def fake():
    server = FakeMusicBrainz()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def enabled(dash_app, fake, monkeypatch):
    """The job's settings: MusicBrainz on, at the fake, fast pacing, a contact address."""
    settings = dataclasses.replace(
        context.settings(),
        musicbrainz_enabled=True,
        musicbrainz_url=fake.url,
        musicbrainz_interval_ms=INTERVAL_MS,
        musicbrainz_contact="ops@rewrapped.example",
    )
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    return settings


def _listener(prefix: str) -> tuple[int, dict]:
    with session_scope() as session:
        uid = add_user(session, f"{prefix.strip().lower()}-{uuid.uuid4().hex[:6]}@ex.test")
        return uid, add_history(session, uid, prefix=prefix)


def _as(dash_app, user_id: int, func, *args):
    """Run a page callback as ``user_id`` inside a request."""
    with session_scope() as session:
        account = get_account(session, user_id)
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        return func(*args)


def _run_queued(user_id: int) -> dict:
    job_id = queue.enqueue(Job.MUSICBRAINZ_GENRES, user_id=user_id, listener_id=user_id)
    status = wait_for_job(job_id, Job.MUSICBRAINZ_GENRES)
    return status["result"] or {"error": status["error"]}


def _sources(artist_id: int) -> dict[str, str]:
    with session_scope() as session:
        frame = effective_genres(session, [artist_id], None)
    return dict(zip(frame["genre"].str.lower(), frame["source"], strict=True))


def test_genres_are_found_politely_kept_and_shared(enabled, fake):
    uid, ids = _listener("Mb1 ")
    fake.artists = [
        FakeArtist("Mb1 Alpha", genres=[("shoegaze", 7), ("dream pop", 3)]),
        # tagged "seen live" and "favourites" by users, but only jazz is on the genre list
        FakeArtist("Mb1 Bravo", genres=[("jazz", 4)], tags=[("seen live", 9), ("favourites", 5)]),
    ]
    result = genres_for_listener(uid)
    # Charlie is not on MusicBrainz; the podcast show is not music and is not asked
    assert result == {
        "artists": 3,
        "looked_up": 3,
        "found": 2,
        "with_genres": 2,
        "stopped": None,
    }
    assert _sources(ids["A"])["shoegaze"] == "musicbrainz"
    assert _sources(ids["A"])["dream pop"] == "musicbrainz"
    bravo = _sources(ids["B"])
    assert bravo["jazz"] in ("spotify", "musicbrainz")
    assert "seen live" not in bravo and "favourites" not in bravo
    with session_scope() as session:
        alpha = session.get(Artist, ids["A"])
        assert alpha.mbid == fake.artists[0].mbid
        lookups = {
            lk.artist_id: lk.found
            for lk in session.scalars(
                select(GenreLookup).where(GenreLookup.source == "musicbrainz")
            )
        }
    assert lookups[ids["C"]] is False and lookups[ids["A"]] is True
    agents = {agent for _t, _p, agent in fake.seen}
    assert len(agents) == 1 and next(iter(agents)).startswith("Re-Wrapped/")
    assert "ops@rewrapped.example" in fake.seen[0][2]
    # Paced: n requests span at least n - 1 intervals (unpaced calls come ~2 ms apart). The span,
    # not each gap: on a loaded machine the fake server may log two calls late, then close.
    span = fake.seen[-1][0] - fake.seen[0][0]
    assert span >= (len(fake.seen) - 1) * INTERVAL_MS / 1000 * 0.9

    # The same artists for nobody else again within the max age: the answers are shared.
    asked = len(fake.seen)
    assert genres_for_listener(uid)["looked_up"] == 0
    assert len(fake.seen) == asked


def test_rate_limits_are_waited_out_and_a_refusal_leaves_genres_pending(dash_app, enabled, fake):
    uid, ids = _listener("Mb2 ")
    fake.artists = [FakeArtist("Mb2 Alpha", genres=[("techno", 2)])]
    fake.min_interval = 0.15  # the server wants slower than our 60 ms: it answers 503
    result = genres_for_listener(uid)
    assert fake.refused > 0  # it was refused, and waited, and got through
    assert result["looked_up"] == 3 and result["stopped"] is None
    assert _sources(ids["A"])["techno"] == "musicbrainz"

    other, other_ids = _listener("Mb3 ")
    fake.down = True
    result = _run_queued(other)  # as the import starts it: a job the Import page can show
    assert result["looked_up"] == 0
    assert "refused" in result["stopped"] and "503" in result["stopped"]
    with session_scope() as session:
        coverage = genre_coverage(session, other)
        assert session.get(GenreLookup, (other_ids["C"], "musicbrainz")) is None  # asks later
    assert coverage["looked_up"] == 0 and coverage["artists"] == 3
    # What the listener reads: the Import page says genres are pending and why, with a retry.
    shown = _as(dash_app, other, import_page.show_lookups, 1, None)[0]
    status = json.dumps(shown, cls=PlotlyJSONEncoder)
    assert "Genres are pending for 3 artists" in status and "503" in status
    assert component_ids.IMPORT_GENRES_RETRY in status


def test_offline_stops_with_the_reason(enabled, monkeypatch):
    closed = dataclasses.replace(enabled, musicbrainz_url="http://127.0.0.1:9/ws/2/")
    monkeypatch.setattr(context.PROCESS, "settings", closed)
    uid, _ids = _listener("Mb4 ")
    result = genres_for_listener(uid)
    assert result["looked_up"] == 0 and "unreachable" in result["stopped"]


def test_an_import_starts_the_genre_job_for_its_listener(enabled, fake, tmp_path):
    fake.artists = [FakeArtist("Mb5 Imported Band", genres=[("ambient", 3)])]
    with session_scope() as session:
        account = accounts.register(session, f"mb5-{uuid.uuid4().hex[:6]}@ex.test", "pw-123456")
    path = samples.write_json(
        tmp_path / "StreamingHistory_music_0.json",
        [samples.account_music("2024-05-01 10:00", "Mb5 Imported Band", "Drone", 200_000)],
    )
    assert import_history_job(account.id, [str(path)], 10**8)["ok"]
    deadline = time.monotonic() + 30
    while True:
        with session_scope() as session:
            job = latest_job(session, account.id, Job.MUSICBRAINZ_GENRES)
            status = session.scalar(
                select(JobRun.status).where(
                    JobRun.func == Job.MUSICBRAINZ_GENRES, JobRun.user_id == account.id
                )
            )
        if status in ("finished", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == "finished", job
    assert job["result"]["with_genres"] == 1
    with session_scope() as session:
        artist_id = session.scalar(select(Artist.id).where(Artist.name == "Mb5 Imported Band"))
    assert _sources(artist_id) == {"ambient": "musicbrainz"}
