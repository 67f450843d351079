"""Live sync's data side: item -> PlayRow, error kinds, overlap with exports, tops, details."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import requests
import spotipy
from sqlalchemy import func, select

from data import spotify
from data.importers.rows import PlayRow
from data.importers.store import insert_plays
from data.models import Artist, ArtistGenre, Import, Play, TopSnapshot, User, utcnow
from data.services import spotify_library as library
from tests.integration.fake_spotify import artist_object, iso_ms, track_object

TRACK = track_object(
    "4u7EnebtmKWzUH433cf5Qv", "Bohemian Rhapsody", "1dfeR4", "Queen", "ANATO", 354_320
)


def _user(session) -> int:
    user = User(email=f"u{datetime.now().timestamp()}@x.org", password_hash="x", display_name="U")
    session.add(user)
    session.flush()
    return user.id


def _item(played_at: str, track: dict = TRACK) -> dict:
    return {"track": track, "played_at": played_at, "context": None}


def _count(session, user_id: int, source: str | None = None) -> int:
    query = select(func.count()).where(Play.user_id == user_id)
    if source:
        query = query.where(Play.source == source)
    return session.scalar(query)


def test_recently_played_item_maps_to_a_play_row():
    row = library.play_row(_item("2025-11-13T02:13:21.456Z"))
    assert row == PlayRow(
        ended_at=datetime(2025, 11, 13, 2, 13, 21),
        ms_played=354_320,
        kind="music",
        track_name="Bohemian Rhapsody",
        artist_name="Queen",
        album_name="ANATO",
        track_uri="spotify:track:4u7EnebtmKWzUH433cf5Qv",
        artist_uri="spotify:artist:1dfeR4",
    )
    assert library.play_row({"track": None, "played_at": "2025-11-13T02:13:21Z"}) is None


def test_played_at_milliseconds_round_trip():
    ms = 1_763_000_000_123
    assert library.played_at_ms(iso_ms(ms)) == ms
    assert library.parse_played_at(iso_ms(ms)) == datetime.fromtimestamp(ms // 1000, UTC).replace(
        tzinfo=None
    )


@pytest.mark.parametrize(
    ("exc", "kind", "retry"),
    [
        (
            spotipy.SpotifyException(429, -1, "x", "QUOTA_EXCEEDED", {"Retry-After": "72000"}),
            "quota",
            72000,
        ),
        (spotipy.SpotifyException(429, -1, "x", None, {"Retry-After": "5"}), "rate_limited", 5),
        (spotipy.SpotifyException(429, -1, "x", None, {}), "rate_limited", 60),
        (spotipy.SpotifyException(401, -1, "expired"), "unauthorized", None),
        (spotipy.SpotifyException(403, -1, "not registered"), "forbidden", None),
        (spotipy.SpotifyException(502, -1, "bad gateway"), "transient", None),
        (spotipy.SpotifyOauthError("x", error="invalid_grant"), "revoked", None),
        (spotipy.SpotifyOauthError("x", error="invalid_client"), "config", None),
        (requests.Timeout(), "transient", None),
        (requests.ConnectionError(), "transient", None),
    ],
)
def test_failures_are_sorted_into_kinds(exc, kind, retry):
    failure = spotify.classify(exc)
    assert failure.kind == kind
    assert failure.retry_after == retry


def test_non_spotify_errors_are_not_classified():
    assert spotify.classify(ValueError("bug")) is None


def test_retry_after_as_http_date():
    later = datetime.now(UTC) + timedelta(hours=2)
    seconds = spotify.retry_after_seconds(later.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert 7100 < seconds <= 7200


def test_live_play_already_in_an_imported_export_is_not_added_again(db_session):
    user_id = _user(db_session)
    exported = PlayRow(
        ended_at=datetime(2025, 11, 13, 2, 13, 20),  # the export's ts, to the second
        ms_played=351_002,  # what was actually heard
        kind="music",
        track_name="Bohemian Rhapsody",
        artist_name="Queen",
        album_name="A Night at the Opera",
        track_uri="spotify:track:4u7EnebtmKWzUH433cf5Qv",
    )
    insert_plays(db_session, user_id, [exported], source="extended", import_id=None)
    other = track_object("t2", "Other Song", "a2", "Other", "LP", 100_000)
    rows = [
        library.play_row(_item("2025-11-13T02:13:22.900Z")),  # same play, seen live
        library.play_row(_item("2025-11-13T02:13:21.000Z", other)),  # another track
        library.play_row(_item("2025-11-13T03:00:00.000Z")),  # played again later
    ]
    fresh = library.drop_known_plays(db_session, user_id, rows)
    assert [r.track_name for r in fresh] == ["Other Song", "Bohemian Rhapsody"]
    result = insert_plays(db_session, user_id, fresh, source="live", import_id=None)
    assert result.added == 2
    again = library.drop_known_plays(db_session, user_id, rows)
    assert insert_plays(db_session, user_id, again, source="live", import_id=None).added == 0
    assert _count(db_session, user_id) == 3


def test_export_imported_after_live_sync_replaces_the_live_plays(db_session):
    user_id = _user(db_session)
    live = [library.play_row(_item("2025-11-13T02:13:22.900Z"))]
    insert_plays(db_session, user_id, live, source="live", import_id=None)
    exported = PlayRow(
        ended_at=datetime(2025, 11, 13, 2, 13, 20),
        ms_played=351_002,
        kind="music",
        track_name="Bohemian Rhapsody",
        artist_name="Queen",
        track_uri="spotify:track:4u7EnebtmKWzUH433cf5Qv",
    )
    record = Import(
        user_id=user_id,
        status="finished",
        first_play_at=datetime(2025, 1, 1),
        last_play_at=datetime(2025, 12, 1),
        finished_at=utcnow(),
    )
    db_session.add(record)
    db_session.flush()
    insert_plays(db_session, user_id, [exported], source="extended", import_id=record.id)
    assert _count(db_session, user_id) == 2
    version = db_session.get(User, user_id).data_version
    assert library.remove_live_overlaps(db_session, user_id, None) == 1
    assert _count(db_session, user_id, "live") == 0
    assert _count(db_session, user_id, "extended") == 1
    assert db_session.get(User, user_id).data_version > version
    assert library.remove_live_overlaps(db_session, user_id, utcnow()) == 0


def test_top_snapshot_is_replaced_not_duplicated_and_reuses_imported_artists(db_session):
    user_id = _user(db_session)
    db_session.add(Artist(name="Queen", name_key="queen"))  # from an export: no Spotify id
    db_session.flush()
    artists = [artist_object("1dfeR4", "Queen"), artist_object("b2", "Bicep")]
    day = date(2026, 11, 20)
    for _ in range(2):
        assert library.save_top_snapshot(db_session, user_id, day, "short_term", "artists", artists)
    assert library.save_top_snapshot(db_session, user_id, day, "long_term", "tracks", [TRACK]) == 1
    rows = db_session.execute(
        select(TopSnapshot.time_range, TopSnapshot.rank, Artist.name)
        .join(Artist, Artist.id == TopSnapshot.artist_id)
        .order_by(TopSnapshot.time_range, TopSnapshot.rank)
    ).all()
    assert rows == [
        ("long_term", 1, "Queen"),
        ("short_term", 1, "Queen"),
        ("short_term", 2, "Bicep"),
    ]
    assert db_session.scalar(select(func.count(Artist.id)).where(Artist.name_key == "queen")) == 1
    assert library.has_top_snapshot(db_session, user_id, day)
    assert not library.has_top_snapshot(db_session, user_id, day + timedelta(days=1))


def test_artist_details_are_fetched_once_within_the_max_age(db_session):
    fresh = Artist(name="A", name_key="a", spotify_id="s1")
    stale = Artist(name="B", name_key="b", spotify_id="s2")
    never = Artist(name="C", name_key="c", spotify_id="s3")
    no_id = Artist(name="D", name_key="d")
    db_session.add_all([fresh, stale, never, no_id])
    db_session.flush()
    library.apply_artist_details(
        db_session, fresh.id, artist_object("s1", "A", ["rock"], "http://i")
    )
    library.apply_artist_details(db_session, stale.id, None)
    stale.details_fetched_at = utcnow() - timedelta(days=31)
    db_session.flush()
    todo = library.artists_needing_details(db_session, max_age_days=30, limit=10)
    assert [(spotify_id, name) for _, spotify_id, name in todo] == [("s3", "C"), ("s2", "B")]
    db_session.refresh(fresh)
    assert fresh.image_url == "http://i"
    assert (
        db_session.scalar(select(ArtistGenre.source).where(ArtistGenre.artist_id == fresh.id))
        == "spotify"
    )


def test_live_play_in_a_minute_resolution_account_export_is_not_added_again(db_session):
    user_id = _user(db_session)
    account_row = PlayRow(
        ended_at=datetime(2025, 11, 13, 2, 13),  # account data: "2025-11-13 02:13"
        ms_played=350_000,
        kind="music",
        track_name="Bohemian Rhapsody",
        artist_name="Queen",
        minute_resolution=True,
    )
    insert_plays(db_session, user_id, [account_row], source="account", import_id=None)
    same = library.play_row(_item("2025-11-13T02:13:41.200Z"))
    next_minute = library.play_row(_item("2025-11-13T02:15:30.000Z"))
    fresh = library.drop_known_plays(db_session, user_id, [same, next_minute])
    assert [r.ended_at for r in fresh] == [datetime(2025, 11, 13, 2, 15, 30)]


def test_top_history_shows_how_tops_move_day_by_day(db_session):
    from data.queries.spotify import top_history

    user_id = _user(db_session)
    queen, bicep = artist_object("1dfeR4", "Queen"), artist_object("b2", "Bicep")
    day = date(2026, 11, 20)
    library.save_top_snapshot(db_session, user_id, day, "short_term", "artists", [queen, bicep])
    library.save_top_snapshot(
        db_session, user_id, day + timedelta(days=1), "short_term", "artists", [bicep, queen]
    )
    library.save_top_snapshot(db_session, user_id, day, "short_term", "tracks", [TRACK])
    frame = top_history(db_session, user_id, "artists", "short_term")
    assert list(zip(frame["taken_on"], frame["rank"], frame["artist"], strict=True)) == [
        (day, 1, "Queen"),
        (day, 2, "Bicep"),
        (day + timedelta(days=1), 1, "Bicep"),
        (day + timedelta(days=1), 2, "Queen"),
    ]
    tracks = top_history(db_session, user_id, "tracks", "short_term")
    assert tracks[["track", "artist"]].values.tolist() == [["Bohemian Rhapsody", "Queen"]]
    assert top_history(db_session, user_id, "artists", "short_term", since=day).shape[0] == 4
    assert top_history(db_session, user_id, "artists", "long_term").empty


def test_sync_health_lists_failing_accounts_first_without_tokens(db_session):
    from data.models import SpotifyAccount
    from data.queries.spotify import sync_health

    ok, failing = _user(db_session), _user(db_session)
    db_session.add_all(
        [
            SpotifyAccount(user_id=ok, access_token_enc="secret", consecutive_failures=0),
            SpotifyAccount(
                user_id=failing, consecutive_failures=3, last_error="Spotify had a server error"
            ),
        ]
    )
    db_session.flush()
    frame = sync_health(db_session)
    assert frame["user_id"].tolist() == [failing, ok]
    assert frame.loc[0, "last_error"] == "Spotify had a server error"
    assert "secret" not in frame.to_string()


def test_the_album_cover_is_the_smallest_image_at_least_250_wide():
    def track(*widths):
        images = [{"url": f"https://i.scdn.co/{w}", "width": w, "height": w} for w in widths]
        return {"album": {"images": images}}

    assert library.album_image(track(640, 300, 64)) == "https://i.scdn.co/300"
    assert library.album_image(track(64, 200)) == "https://i.scdn.co/200"  # else the largest
    assert library.album_image(track()) is None
    assert library.album_image({"album": None}) is None
