"""Images after a live sync: a sync that adds artists or albums queues the artwork and
album-cover jobs, and a real `rq worker` then keeps their images (PostgreSQL, Redis, loopback
Spotify, MusicBrainz and Cover Art Archive)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from data.artwork import artwork_path
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import Album, Artist, JobRun
from tests.conftest import worker_env
from tests.integration.fake_cover_art import PNG, FakeCoverArt
from tests.integration.fake_musicbrainz import FakeMusicBrainz, FakeReleaseGroup
from tests.integration.fake_spotify import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeSpotify,
    artist_object,
    track_object,
)
from tests.integration.test_spotify_sync import T0, add_plays, connect_user
from workers import context
from workers.spotify_sync import run_sync

ROOT = Path(__file__).resolve().parents[2]
IMAGE_JOBS = (Job.ARTWORK, Job.ALBUM_COVERS)


@pytest.fixture
def peers():
    spotify, musicbrainz, archive = FakeSpotify(), FakeMusicBrainz(), FakeCoverArt()
    for server in (spotify, musicbrainz, archive):
        server.start()
    yield spotify, musicbrainz, archive
    for server in (spotify, musicbrainz, archive):
        server.stop()


@pytest.fixture
def env(scaled, peers, monkeypatch):
    spotify, musicbrainz, archive = peers
    settings = dataclasses.replace(
        scaled,
        spotify_client_id=CLIENT_ID,
        spotify_client_secret=CLIENT_SECRET,
        spotify_accounts_url=spotify.base_url,
        spotify_api_url=f"{spotify.base_url}/v1/",
        remote_images=True,
        musicbrainz_enabled=True,
        musicbrainz_url=musicbrainz.url,
        musicbrainz_interval_ms=60,
        cover_art_url=archive.url,
    )
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    return settings


def _image_jobs(user_id: int) -> list[tuple[str, str]]:
    with session_scope() as session:
        rows = session.execute(
            select(JobRun.func, JobRun.status)
            .where(JobRun.user_id == user_id, JobRun.func.in_(IMAGE_JOBS))
            .order_by(JobRun.func)
        ).all()
    return [(func, status) for func, status in rows]


def _run_default_queue(settings) -> None:
    """A real RQ worker (another process) with the same settings, until the queue is empty."""
    extra = {
        "REMOTE_IMAGES": "true",
        "MUSICBRAINZ_ENABLED": "true",
        "MUSICBRAINZ_URL": settings.musicbrainz_url,
        "MUSICBRAINZ_INTERVAL_MS": str(settings.musicbrainz_interval_ms),
        "COVER_ART_URL": settings.cover_art_url,
    }
    rq = str(Path(sys.executable).with_name("rq"))
    command = [rq, "worker", "-w", "workers.bootstrap.Worker", "--burst"]
    result = subprocess.run(
        [*command, "--url", settings.redis_url, "default"],
        env={**worker_env(settings), **extra},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_sync_that_adds_artists_and_albums_fetches_their_images(env, peers):
    spotify, musicbrainz, archive = peers
    group = FakeReleaseGroup("LP", "Artist 0")
    musicbrainz.release_groups = [group]
    archive.covers = {group.mbid: PNG, "artist-0": PNG}
    add_plays(spotify, 8, T0)  # four artists, each with an album called "LP"
    spotify.artists["ar0"] = artist_object(
        "ar0", "Artist 0", [], f"{archive.url}images/artist-0-250.png"
    )
    user_id = connect_user(spotify, env)

    assert run_sync(env, user_id)["added"] == 8
    assert _image_jobs(user_id) == [(Job.ALBUM_COVERS, "queued"), (Job.ARTWORK, "queued")]
    _run_default_queue(env)

    assert [status for _f, status in _image_jobs(user_id)] == ["finished", "finished"]
    with session_scope() as session:
        artist = session.scalar(select(Artist).where(Artist.spotify_id == "ar0"))
        album = session.scalar(select(Album).where(Album.artist_id == artist.id))
    assert album.mbid == group.mbid
    assert artwork_path(env.instance_dir, "artist", artist.id).read_bytes() == PNG
    assert artwork_path(env.instance_dir, "album", album.id).read_bytes() == PNG

    # Nothing new, or only plays of known tracks: no image job is queued again.
    assert run_sync(env, user_id)["added"] == 0
    spotify.add_play(T0 + 3_600_000, spotify.plays[0][1])
    assert run_sync(env, user_id)["added"] == 1
    assert len(_image_jobs(user_id)) == 2


def test_no_image_jobs_with_remote_images_off(env, peers, monkeypatch):
    spotify, _musicbrainz, _archive = peers
    off = dataclasses.replace(env, remote_images=False)
    monkeypatch.setattr(context.PROCESS, "settings", off)
    add_plays(spotify, 3, T0)
    user_id = connect_user(spotify, off)
    assert run_sync(off, user_id)["added"] == 3
    assert _image_jobs(user_id) == []


def test_an_album_cover_spotify_sends_is_kept_without_asking_musicbrainz(env, peers):
    spotify, musicbrainz, archive = peers
    archive.covers = {"cover-9": PNG}  # served at /images/cover-9-250.png
    track = track_object("trx", "Song X", "arx", "Artist X", "Spotify LP", 181_000)
    track["album"]["images"] = [  # as Spotify sends them: 640, 300 and 64 px
        {"url": f"{archive.url}images/big-640.png", "height": 640, "width": 640},
        {"url": f"{archive.url}images/cover-9-250.png", "height": 300, "width": 300},
        {"url": f"{archive.url}images/small-64.png", "height": 64, "width": 64},
    ]
    spotify.add_play(T0, track)
    user_id = connect_user(spotify, env)

    stats = run_sync(env, user_id)
    assert stats["added"] == 1 and stats["album_images"] == 1
    # The cover is known: only the artwork job is queued, MusicBrainz is not asked about it.
    assert _image_jobs(user_id) == [(Job.ARTWORK, "queued")]
    with session_scope() as session:
        album = session.scalar(select(Album).where(Album.name == "Spotify LP"))
    assert album.image_url == f"{archive.url}images/cover-9-250.png"  # the 300 px one
    _run_default_queue(env)
    assert artwork_path(env.instance_dir, "album", album.id).read_bytes() == PNG
    assert musicbrainz.seen == []
