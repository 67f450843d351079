"""Genres and images from Spotify's artist objects with the app's client credentials, against
the loopback fake of Spotify's accounts service and Web API."""

from __future__ import annotations

import dataclasses
import json
import uuid

import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import select

from components.genre_status import genre_status, spotify_line
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import Artist, GenreLookup, JobRun
from data.queries.genre_lookups import genre_coverage
from data.queries.genres import effective_genres
from data.queries.jobs import latest_job
from tests.integration.fake_spotify import CLIENT_ID, CLIENT_SECRET, FakeSpotify, artist_object
from tests.job_helpers import wait_for_job
from tests.unit.wrapped_fixtures import add_history, add_user
from workers import context, queue
from workers.imports import _find_genres
from workers.spotify_genres import spotify_genres_for_listener


@pytest.fixture
def fake():
    server = FakeSpotify()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def configured(dash_app, fake, monkeypatch):
    settings = dataclasses.replace(
        context.settings(),
        spotify_client_id=CLIENT_ID,
        spotify_client_secret=CLIENT_SECRET,
        spotify_accounts_url=fake.base_url,
        spotify_api_url=f"{fake.base_url}/v1/",
    )
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    return settings


def _listener(prefix: str) -> tuple[int, dict]:
    with session_scope() as session:
        uid = add_user(session, f"{prefix.strip().lower()}-{uuid.uuid4().hex[:6]}@ex.test")
        return uid, add_history(session, uid, prefix=prefix)


def _genres_of(artist_id: int) -> dict[str, str]:
    with session_scope() as session:
        frame = effective_genres(session, [artist_id], None)
    return dict(zip(frame["genre"].str.lower(), frame["source"], strict=True))


def _add(fake: FakeSpotify, spotify_id: str, name: str, found_genres=(), image=None) -> None:
    fake.artists[spotify_id] = artist_object(spotify_id, name, found_genres, image)


def test_artists_found_by_exact_name_get_genres_ids_and_images(configured, fake):
    uid, ids = _listener("Sp1 ")
    _add(fake, "sp1alpha", "Sp1 Alpha", ["Shoegaze", "dream pop"], "https://i.scdn.co/a.jpg")
    _add(fake, "sp1bravoish", "Sp1 Bravo Tribute Band", ["polka"])  # a name that only contains
    result = spotify_genres_for_listener(uid)
    # Bravo's only search hit is another artist; Charlie is unknown; the podcast is not asked
    assert result == {"artists": 3, "looked_up": 3, "found": 1, "with_genres": 1, "stopped": None}
    assert _genres_of(ids["A"])["shoegaze"] == "spotify"
    assert "polka" not in _genres_of(ids["B"])
    with session_scope() as session:
        alpha = session.get(Artist, ids["A"])
        assert alpha.spotify_id == "sp1alpha"
        assert alpha.image_url == "https://i.scdn.co/a.jpg"
        assert session.get(Artist, ids["B"]).spotify_id is None
        found = dict(
            session.execute(
                select(GenreLookup.artist_id, GenreLookup.found).where(
                    GenreLookup.source == "spotify"
                )
            ).all()
        )
    assert found[ids["A"]] is True and found[ids["C"]] is False
    assert fake.count("/api/token") == 1  # one client-credentials token for the whole run
    # Shared and not asked again within the max age.
    asked = fake.count("/v1/")
    assert spotify_genres_for_listener(uid)["looked_up"] == 0
    assert fake.count("/v1/") == asked


def test_a_short_429_is_waited_out_and_a_long_one_stops_the_run(configured, fake):
    uid, ids = _listener("Sp2 ")
    _add(fake, "sp2alpha", "Sp2 Alpha", ["techno"])
    fake.rate_limit("/v1/search", 1)
    result = spotify_genres_for_listener(uid)
    assert result["stopped"] is None and result["looked_up"] == 3
    assert _genres_of(ids["A"])["techno"] == "spotify"

    other, other_ids = _listener("Sp3 ")
    fake.rate_limit("/v1/search", 7200)
    result = spotify_genres_for_listener(other)
    assert result["looked_up"] == 0
    assert "rate limit" in result["stopped"] and "7,200 s" in result["stopped"]
    with session_scope() as session:  # nothing recorded: the next run asks again
        assert session.get(GenreLookup, (other_ids["A"], "spotify")) is None


def test_bad_credentials_and_no_credentials_say_why(dash_app, configured, fake, monkeypatch):
    uid, _ids = _listener("Sp4 ")
    wrong = dataclasses.replace(configured, spotify_client_secret="wrong")
    monkeypatch.setattr(context.PROCESS, "settings", wrong)
    result = spotify_genres_for_listener(uid)
    assert result["looked_up"] == 0 and "client id or secret" in result["stopped"]
    none = dataclasses.replace(configured, spotify_client_id="", spotify_client_secret="")
    monkeypatch.setattr(context.PROCESS, "settings", none)
    assert "not set" in spotify_genres_for_listener(uid)["stopped"]


def test_an_import_queues_the_spotify_lookup_only_when_configured(configured, monkeypatch):
    uid, _ids = _listener("Sp5 ")

    def queued() -> int:
        with session_scope() as session:
            return len(
                session.scalars(
                    select(JobRun).where(JobRun.func == Job.SPOTIFY_GENRES, JobRun.user_id == uid)
                ).all()
            )

    _find_genres(uid)
    assert queued() == 1
    off = dataclasses.replace(configured, spotify_client_id="", spotify_client_secret="")
    monkeypatch.setattr(context.PROCESS, "settings", off)
    _find_genres(uid)
    assert queued() == 1


def test_the_import_page_reports_the_spotify_lookup(configured, fake):
    uid, _ids = _listener("Sp6 ")
    _add(fake, "sp6alpha", "Sp6 Alpha", ["house"])
    job_id = queue.enqueue(Job.SPOTIFY_GENRES, user_id=uid, listener_id=uid)
    wait_for_job(job_id, Job.SPOTIFY_GENRES)
    with session_scope() as session:
        job = latest_job(session, uid, Job.SPOTIFY_GENRES)
        musicbrainz = {"status": "finished", "result": {"stopped": None}}
        coverage = genre_coverage(session, uid)
    shown = json.dumps(genre_status(musicbrainz, coverage, job), cls=PlotlyJSONEncoder)
    assert "Spotify: 1 of 3 artists looked up were found, 1 with genres." in shown
    stopped = {"status": "finished", "result": {"stopped": "Spotify rate limit reached."}}
    assert "stopped, Spotify rate limit" in spotify_line(stopped).children
