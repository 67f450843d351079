"""Album covers in the pages: the album page shows its own kept cover (lazily, from our
route), a track page its album's; and the title an album is searched by on MusicBrainz."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import update

from components.item import item_header
from components.wrapped_lists import top_list
from data.models import Album
from data.musicbrainz import album_title
from data.queries.listening import item
from data.queries.listening.filters import Filters
from tests.unit.wrapped_fixtures import add_history, add_user

COVER = "https://coverartarchive.org/release-group/0f0e/front-250"


@pytest.fixture
def listener(db_session):
    uid = add_user(db_session, "covers@example.test")
    ids = add_history(db_session, uid)
    db_session.commit()
    return db_session, uid, ids


def _header(session, uid: int, kind: str, item_id: int, artist_id: int) -> str:
    info = item.item_info(session, kind, item_id)
    summary = item.item_summary(session, uid, kind, item_id, artist_id, Filters(tz="UTC"))
    return json.dumps(item_header(info, summary), cls=PlotlyJSONEncoder)


def test_the_album_page_and_its_tracks_show_the_cover_from_our_route(listener):
    """Before a cover is kept the route answers a placeholder; after, the cover."""
    session, uid, ids = listener
    album = ids["b1_album"]
    session.execute(update(Album).where(Album.id == album).values(image_url=COVER))
    for kind, item_id in (("album", album), ("track", ids["b1"])):
        text = _header(session, uid, kind, item_id, ids["B"])
        assert f'"data-src": "/artwork/album/{album}"' in text and "rw-lazy" in text
        assert "coverartarchive" not in text  # the browser asks our route, never the archive


def test_album_rows_always_hold_a_cover_slot_artist_rows_only_a_known_image():
    """A cover kept after the listener's frames were built shows without rebuilding them."""
    frame = pd.DataFrame(
        {
            "rank": [1, 2],
            "id": [42, 43],
            "name": ["LP", "EP"],
            "artist_id": [7, 8],
            "artist": ["Band", "Duo"],
            "value": [10.0, 5.0],
            "movement": [float("nan")] * 2,
            "compared": [False] * 2,
            "image_url": [COVER, None],
            "spotify_url": [None] * 2,
        }
    )
    albums = json.dumps(top_list(frame, "albums", "plays"), cls=PlotlyJSONEncoder)
    assert '"/artwork/album/42"' in albums and '"/artwork/album/43"' in albums
    assert "coverartarchive" not in albums
    artists = json.dumps(top_list(frame, "artists", "plays"), cls=PlotlyJSONEncoder)
    assert '"/artwork/artist/7"' in artists and "/artwork/artist/8" not in artists


@pytest.mark.parametrize(
    ("spotify", "searched"),
    [
        ("Blue (Deluxe Edition)", "Blue"),
        ("Abbey Road (Remastered 2019)", "Abbey Road"),
        ("Rumours - 2004 Remaster", "Rumours"),
        ("Nevermind [Super Deluxe]", "Nevermind"),
        ("Live (at the BBC)", "Live (at the BBC)"),  # part of the title, not an edition
        ("(What's the Story) Morning Glory?", "(What's the Story) Morning Glory?"),
    ],
)
def test_edition_suffixes_are_left_out_of_the_search(spotify, searched):
    assert album_title(spotify) == searched
