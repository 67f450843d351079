"""Album covers: the release group found on a loopback MusicBrainz, its front cover fetched
from a loopback Cover Art Archive (307 to the image, 404 for none, 503 when busy), kept on our
disk, remembered either way, and MusicBrainz's one request a second shared with genre jobs."""

from __future__ import annotations

import dataclasses
import json
import threading
import uuid

import pandas as pd
import pytest
from flask_login import login_user
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import update

from callbacks import import_history as import_page
from callbacks.server.sessions import LoginUser
from components.wrapped_lists import top_list
from data.artwork import artwork_path
from data.db import session_scope
from data.frame_cache import get_frame_cache
from data.job_vocabulary import Job
from data.models import Album
from data.queries.accounts import get_account
from tests.integration.fake_cover_art import PNG, FakeCoverArt
from tests.integration.fake_musicbrainz import FakeArtist, FakeMusicBrainz, FakeReleaseGroup
from tests.job_helpers import wait_for_job
from tests.unit.wrapped_fixtures import add_history, add_user
from workers import context, queue
from workers.album_covers import covers_for_listener
from workers.musicbrainz_genres import genres_for_listener

INTERVAL_MS = 60


@pytest.fixture
def musicbrainz():
    server = FakeMusicBrainz()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def archive():
    server = FakeCoverArt()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def enabled(dash_app, musicbrainz, archive, monkeypatch):
    settings = dataclasses.replace(
        context.settings(),
        remote_images=True,
        musicbrainz_enabled=True,
        musicbrainz_url=musicbrainz.url,
        musicbrainz_interval_ms=INTERVAL_MS,
        cover_art_url=archive.url,
    )
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    return settings


def _listener(prefix: str) -> tuple[int, dict]:
    """A listener with four music albums: a1 (3 plays), b1 (3), a2 (2), c1 (1)."""
    with session_scope() as session:
        uid = add_user(session, f"{prefix.strip().lower()}-{uuid.uuid4().hex[:6]}@ex.test")
        return uid, add_history(session, uid, prefix=prefix)


def _album(album_id: int) -> Album:
    with session_scope() as session:
        return session.get(Album, album_id)


def _searches(fake: FakeMusicBrainz) -> int:
    return sum(path == "/ws/2/release-group" for _t, path, _a in fake.seen)


def test_confident_matches_get_covers_kept_and_every_answer_is_remembered(
    enabled, musicbrainz, archive
):
    uid, ids = _listener("Mc1 ")
    with session_scope() as session:  # Spotify's edition suffix; the release group has none
        session.execute(
            update(Album)
            .where(Album.id == ids["a1_album"])
            .values(name="Mc1 A one LP (Deluxe Edition)")
        )
    one = FakeReleaseGroup("Mc1 A one LP", "Mc1 Alpha")
    two = FakeReleaseGroup("Mc1 A two LP", "Mc1 Alpha")  # on MusicBrainz, no cover in the archive
    musicbrainz.release_groups = [
        one,
        two,
        FakeReleaseGroup("Mc1 B one LP", "Mc1 Bravo Tribute Band"),  # someone else's album
        FakeReleaseGroup("Mc1 C one LP", "Mc1 Charlie", score=85),  # not a confident match
    ]
    archive.covers = {one.mbid: PNG}

    result = covers_for_listener(uid)

    assert result == {"albums": 4, "looked_up": 4, "matched": 2, "covers": 1, "stopped": None}
    kept = artwork_path(enabled.instance_dir, "album", ids["a1_album"])
    assert kept.read_bytes() == PNG
    first = _album(ids["a1_album"])
    assert first.mbid == one.mbid and first.cover_checked_at is not None
    assert first.image_url == f"{archive.url}release-group/{one.mbid}/front-250"
    second = _album(ids["a2_album"])  # matched, no cover: remembered, no image
    assert second.mbid == two.mbid and second.cover_checked_at and second.image_url is None
    for key in ("b1_album", "c1_album"):  # no confident match: remembered too
        album = _album(ids[key])
        assert album.mbid is None and album.cover_checked_at and album.image_url is None
    assert archive.seen == [
        f"/release-group/{one.mbid}/front-250",
        f"/images/{one.mbid}-250.png",  # followed the 307 to the image host
        f"/release-group/{two.mbid}/front-250",
    ]
    assert _searches(musicbrainz) == 4
    assert all(agent.startswith("Re-Wrapped/") for _t, _p, agent in musicbrainz.seen)
    span = musicbrainz.seen[-1][0] - musicbrainz.seen[0][0]
    assert span >= (len(musicbrainz.seen) - 1) * INTERVAL_MS / 1000 * 0.9

    # Within the max age nothing is asked again: not the match, the miss, nor the 404.
    assert covers_for_listener(uid)["looked_up"] == 0
    assert _searches(musicbrainz) == 4 and len(archive.seen) == 3


def test_the_album_list_shows_our_own_copy_of_the_cover_lazily(enabled, musicbrainz, archive):
    uid, ids = _listener("Mc2 ")
    group = FakeReleaseGroup("Mc2 B one LP", "Mc2 Bravo")
    musicbrainz.release_groups = [group]
    archive.covers = {group.mbid: PNG}
    covers_for_listener(uid)
    album = _album(ids["b1_album"])
    frame = pd.DataFrame(
        [
            {
                "rank": 1,
                "id": album.id,
                "artist_id": album.artist_id,
                "name": album.name,
                "artist": "Mc2 Bravo",
                "value": 3.0,
                "movement": None,
                "image_url": album.image_url,
                "spotify_url": None,
            }
        ]
    )
    text = json.dumps(top_list(frame, "albums", "plays"), cls=PlotlyJSONEncoder)
    assert f'"data-src": "/artwork/album/{album.id}"' in text and "rw-lazy" in text
    assert archive.url not in text  # browsers never ask the archive


def test_a_busy_archive_stops_the_run_and_the_match_is_not_asked_again(
    enabled, musicbrainz, archive
):
    uid, ids = _listener("Mc3 ")
    group = FakeReleaseGroup("Mc3 A one LP", "Mc3 Alpha")
    musicbrainz.release_groups = [group]
    archive.covers = {group.mbid: PNG}
    archive.down = True

    result = covers_for_listener(uid)

    assert result["looked_up"] == 0 and "503" in result["stopped"]
    album = _album(ids["a1_album"])
    assert album.mbid == group.mbid  # kept at once
    assert album.cover_checked_at is None  # the cover is still to be asked
    searches = _searches(musicbrainz)

    archive.down = False
    result = covers_for_listener(uid)
    assert result["covers"] == 1 and result["stopped"] is None
    assert artwork_path(enabled.instance_dir, "album", ids["a1_album"]).read_bytes() == PNG
    # The known release group went straight to the archive; only the other three were searched.
    assert _searches(musicbrainz) == searches + 3


def test_a_refusing_musicbrainz_leaves_covers_pending(enabled, musicbrainz, archive):
    uid, ids = _listener("Mc4 ")
    musicbrainz.down = True
    result = covers_for_listener(uid)
    assert result["looked_up"] == 0 and "503" in result["stopped"]
    assert _album(ids["a1_album"]).cover_checked_at is None
    assert archive.seen == []


def test_remote_images_off_asks_nobody(enabled, musicbrainz, archive, monkeypatch):
    uid, _ids = _listener("Mc5 ")
    off = dataclasses.replace(enabled, remote_images=False)
    monkeypatch.setattr(context.PROCESS, "settings", off)
    assert covers_for_listener(uid)["stopped"] == "REMOTE_IMAGES is off"
    assert musicbrainz.seen == [] and archive.seen == []


def test_genre_and_cover_jobs_share_one_request_a_second(
    enabled, musicbrainz, archive, monkeypatch
):
    """Two jobs at once (two threads here; any two processes on one cache alike) keep to one
    MusicBrainz request per interval between them: the fake refuses anything much faster.
    Unshared, the two start together and the fake refuses within the first requests."""
    assert get_frame_cache() is not None  # the shared slot lives there
    interval = 0.15  # half of it is slack for a loaded machine delaying one request's arrival
    slower = dataclasses.replace(enabled, musicbrainz_interval_ms=int(interval * 1000))
    monkeypatch.setattr(context.PROCESS, "settings", slower)
    uid, _ids = _listener("Mc6 ")
    musicbrainz.artists = [FakeArtist("Mc6 Alpha", genres=[("shoegaze", 3)])]
    musicbrainz.release_groups = [FakeReleaseGroup("Mc6 A one LP", "Mc6 Alpha")]
    musicbrainz.min_interval = interval / 2
    results: dict[str, dict] = {}
    jobs = [
        threading.Thread(target=lambda: results.update(genres=genres_for_listener(uid))),
        threading.Thread(target=lambda: results.update(covers=covers_for_listener(uid))),
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join(timeout=60)
    assert results["genres"]["looked_up"] == 3 and results["covers"]["looked_up"] == 4
    assert musicbrainz.refused == 0
    paths = {path for _t, path, _a in musicbrainz.seen}
    assert "/ws/2/release-group" in paths and "/ws/2/artist" in paths  # both jobs asked


def test_an_unreachable_archive_waits_and_a_non_image_counts_as_no_cover(
    enabled, musicbrainz, archive, monkeypatch
):
    uid, ids = _listener("Mc7 ")
    group = FakeReleaseGroup("Mc7 A one LP", "Mc7 Alpha")
    musicbrainz.release_groups = [group]
    closed = dataclasses.replace(enabled, cover_art_url="http://127.0.0.1:9/")
    monkeypatch.setattr(context.PROCESS, "settings", closed)
    result = covers_for_listener(uid)
    assert result["looked_up"] == 0 and "unreachable" in result["stopped"]
    assert _album(ids["a1_album"]).cover_checked_at is None

    monkeypatch.setattr(context.PROCESS, "settings", enabled)
    archive.covers = {group.mbid: b"<html>a page, not a picture</html>"}
    result = covers_for_listener(uid)
    assert result["stopped"] is None and result["covers"] == 0
    album = _album(ids["a1_album"])
    assert album.cover_checked_at is not None and album.image_url is None
    assert not artwork_path(enabled.instance_dir, "album", ids["a1_album"]).exists()


def _queued_covers(user_id: int) -> None:
    """Run the cover job through the queue, as an import starts it (a job the page can show)."""
    job_id = queue.enqueue(Job.ALBUM_COVERS, user_id=user_id, listener_id=user_id)
    wait_for_job(job_id, Job.ALBUM_COVERS)


def _import_page_covers(dash_app, user_id: int) -> str:
    with session_scope() as session:
        account = get_account(session, user_id)
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        _genres, covers, _interval = import_page.show_lookups(1, None)
    return json.dumps(covers, cls=PlotlyJSONEncoder)


def test_the_import_page_says_how_the_cover_lookup_went(dash_app, enabled, musicbrainz, archive):
    uid, _ids = _listener("Mc9 ")
    assert _import_page_covers(dash_app, uid) == "null"  # no lookup yet: nothing to say
    musicbrainz.down = True
    _queued_covers(uid)
    shown = _import_page_covers(dash_app, uid)
    assert "Album covers" in shown and "Stopped:" in shown and "503" in shown
    musicbrainz.down = False
    group = FakeReleaseGroup("Mc9 A one LP", "Mc9 Alpha")
    musicbrainz.release_groups = [group]
    archive.covers = {group.mbid: PNG}
    _queued_covers(uid)
    shown = _import_page_covers(dash_app, uid)
    assert "1 new cover for the 4 albums looked up (1 found on MusicBrainz" in shown
