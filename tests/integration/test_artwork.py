"""Artwork kept on our own disk: fetched by a job from a loopback image host, served to
logged-in users only, placeholders otherwise; REMOTE_IMAGES=false fetches nothing."""

from __future__ import annotations

import dataclasses
import json
import stat
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import func, select, update

from components.wrapped_lists import top_list
from data.artwork import MAX_BYTES, artwork_path
from data.db import session_scope
from data.models import Album, Artist, Play, User
from tests.unit.wrapped_fixtures import add_history, add_user
from workers import context
from workers.artwork import fetch_artwork

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 64


class _Images(BaseHTTPRequestHandler):
    """/a.png a PNG, /moved a redirect to a JPEG, /page.html HTML, /huge too large."""

    hits: list[str] = []

    def log_message(self, *_args) -> None:
        pass

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/b.jpg")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = {
            "/a.png": PNG,
            "/b.jpg": JPEG,
            "/page.html": b"<html>not an image</html>",
            "/huge": PNG + b"\x00" * MAX_BYTES,
        }.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "image/png")  # claims an image whatever it sends
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")


@pytest.fixture
def host():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Images)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def listener(dash_app, host, monkeypatch):
    settings = dataclasses.replace(context.settings(), remote_images=True)
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    with session_scope() as session:
        uid = add_user(session, f"art-{uuid.uuid4().hex[:6]}@ex.test")
        ids = add_history(session, uid, prefix=f"Art{uuid.uuid4().hex[:4]} ")
        urls = {"A": f"{host}/a.png", "B": f"{host}/page.html", "C": f"{host}/huge"}
        for key, url in urls.items():
            session.execute(update(Artist).where(Artist.id == ids[key]).values(image_url=url))
        album = session.scalar(
            Album.__table__.select().with_only_columns(Album.id).where(Album.artist_id == ids["A"])
        )
        session.execute(update(Album).where(Album.id == album).values(image_url=f"{host}/moved"))
    return uid, ids, album, settings


def test_images_are_fetched_once_checked_and_kept_private(listener):
    uid, ids, album, settings = listener
    result = fetch_artwork(uid)
    assert result == {"wanted": 4, "fetched": 2, "failed": 2, "stopped": None}
    kept = artwork_path(settings.instance_dir, "artist", ids["A"])
    assert kept.read_bytes() == PNG
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert artwork_path(settings.instance_dir, "album", album).read_bytes() == JPEG  # redirected
    for key in ("B", "C"):  # HTML claiming to be an image, and an oversized image
        assert not artwork_path(settings.instance_dir, "artist", ids[key]).exists()
    # Kept images are not fetched again; the refused ones are tried again.
    assert fetch_artwork(uid)["wanted"] == 2


def test_remote_images_off_fetches_nothing(listener, host, monkeypatch):
    uid, _ids, _album, settings = listener
    _Images.hits = []
    monkeypatch.setattr(
        context.PROCESS, "settings", dataclasses.replace(settings, remote_images=False)
    )
    assert fetch_artwork(uid)["stopped"] == "REMOTE_IMAGES is off"
    assert _Images.hits == []


def test_the_route_serves_kept_images_to_logged_in_users_only(listener, client, login):
    uid, ids, _album, _settings = listener
    fetch_artwork(uid)
    assert client.get(f"/artwork/artist/{ids['A']}").status_code in (302, 401)
    login()
    kept = client.get(f"/artwork/artist/{ids['A']}")
    assert kept.status_code == 200 and kept.mimetype == "image/png" and kept.data == PNG
    missing = client.get(f"/artwork/artist/{ids['B']}")
    assert missing.status_code == 200 and missing.mimetype == "image/svg+xml"
    assert client.get(f"/artwork/poster/{ids['A']}").status_code == 404


def test_lists_load_our_own_images_lazily_never_the_remote_host(listener, host):
    _uid, ids, _album, _settings = listener
    frame = pd.DataFrame(
        [
            {
                "rank": 1,
                "id": ids["A"],
                "artist_id": ids["A"],
                "name": "Alpha",
                "artist": "Alpha",
                "value": 10.0,
                "movement": None,
                "image_url": f"{host}/a.png",
                "spotify_url": None,
            }
        ]
    )
    text = json.dumps(top_list(frame, "artists", "minutes"), cls=PlotlyJSONEncoder)
    assert f'"data-src": "/artwork/artist/{ids["A"]}"' in text
    assert host not in text and "rw-lazy" in text


def test_the_demo_listeners_artists_have_pictures_offline(dash_app, client, login):
    with session_scope() as session:
        uid = session.scalar(select(User.id).where(User.email == "listener@demo.rewrapped"))
        top = session.scalar(
            select(Play.artist_id)
            .where(Play.user_id == uid)
            .group_by(Play.artist_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        assert session.get(Artist, top).image_url  # the lists show an image for it
    login()
    kept = client.get(f"/artwork/artist/{top}")
    assert kept.status_code == 200 and kept.mimetype == "image/png"
