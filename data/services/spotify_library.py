"""What live sync writes besides plays: Spotify's top items per day, artist details and the
album covers Spotify sends with each played track.

Also maps recently-played items to PlayRows (stored by the importer's ``insert_plays``) and
drops live items that an imported export already holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from data.db.data_version import bump_data_version
from data.importers.resolve import Resolver, play_key
from data.importers.rows import PlayRow
from data.importers.store import delete_plays
from data.models import Album, Artist, Import, Play, TopSnapshot, Track, utcnow
from data.queries.genres import SPOTIFY
from data.services import genres

LIVE = "live"
# Spotify's played_at and the export's ts for one play differ by a second or two, and the
# export's ms_played is what was heard while live sync only knows the track length.
OVERLAP_SECONDS = 10
WINDOW = timedelta(seconds=OVERLAP_SECONDS)
# Account-data exports only know the minute a play ended.
SEARCH = WINDOW + timedelta(minutes=1)


def _same_time(stored_at: datetime, stored_source: str, live_at: datetime) -> bool:
    if stored_source == "account":
        return stored_at - WINDOW <= live_at < stored_at + SEARCH
    return abs(stored_at - live_at) <= WINDOW


def parse_played_at(value: str) -> datetime:
    """``2026-11-20T10:00:00.123Z`` -> naive UTC, truncated to seconds like the export's ts."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def played_at_ms(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)


def play_row(item: dict) -> PlayRow | None:
    """A recently-played item as a PlayRow (None for items without a track, e.g. local files)."""
    track = item.get("track") or {}
    artists = track.get("artists") or []
    if not track.get("name") or not artists or not item.get("played_at"):
        return None
    episode = track.get("type") == "episode"
    return PlayRow(
        ended_at=parse_played_at(item["played_at"]),
        ms_played=int(track.get("duration_ms") or 0),
        kind="podcast" if episode else "music",
        track_name=track["name"],
        artist_name=artists[0].get("name") or "Unknown artist",
        album_name=(track.get("album") or {}).get("name") or None,
        track_uri=track.get("uri") or None,
        artist_uri=artists[0].get("uri") or None,
    )


COVER_WIDTH = 250  # the size album covers are kept and shown at (as the Cover Art Archive's)


def album_image(track: dict) -> str | None:
    """The cover Spotify sends with a track: its smallest image at least ``COVER_WIDTH`` wide
    (Spotify sends 640, 300 and 64 px), else its largest; None without one."""
    images = [i for i in (track.get("album") or {}).get("images") or [] if i.get("url")]
    if not images:
        return None
    wide = [i for i in images if (i.get("width") or 0) >= COVER_WIDTH]
    if wide:
        return str(min(wide, key=lambda i: i.get("width") or 0)["url"])[:500]
    return str(max(images, key=lambda i: i.get("width") or 0)["url"])[:500]


def keep_album_images(session: Session, items: Sequence[dict]) -> int:
    """Give the albums of stored recently-played items Spotify's cover where they have none
    (an import knows no album images); returns how many albums got one."""
    urls = {}
    for item in items:
        track = item.get("track") or {}
        url = album_image(track)
        if url and track.get("uri"):
            urls[track["uri"]] = url
    if not urls:
        return 0
    albums = session.execute(
        select(Track.album_id, Track.spotify_uri).where(
            Track.spotify_uri.in_(list(urls)), Track.album_id.is_not(None)
        )
    ).all()
    kept = 0
    for album_id, uri in dict(albums).items():  # one image per album
        kept += session.execute(
            update(Album)
            .where(Album.id == album_id, Album.image_url.is_(None))
            .values(image_url=urls[uri])
        ).rowcount
    return kept


def drop_known_plays(session: Session, user_id: int, rows: list[PlayRow]) -> list[PlayRow]:
    """Leave out live rows that match an imported play of the same track within seconds."""
    if not rows:
        return rows
    start, end = min(r.ended_at for r in rows) - SEARCH, max(r.ended_at for r in rows) + SEARCH
    stored = session.execute(
        select(Track.spotify_uri, Track.track_key, Play.ended_at, Play.source)
        .join(Track, Track.id == Play.track_id)
        .where(
            Play.user_id == user_id,
            Play.source != LIVE,
            Play.ended_at >= start,
            Play.ended_at <= end,
        )
    ).all()
    if not stored:
        return rows
    keyer = Resolver(session)
    kept = []
    for row in rows:
        key = keyer.track_key(row.kind, row.artist_name, row.track_name)
        if not any(
            ((row.track_uri and uri == row.track_uri) or tkey == key)
            and _same_time(at, source, row.ended_at)
            for uri, tkey, at, source in stored
        ):
            kept.append(row)
    return kept


def remove_live_overlaps(session: Session, user_id: int, since: datetime | None) -> int:
    """Delete live plays that an export imported later also holds (the export is exact).

    Looks only at the time span of imports finished since ``since``; returns plays removed.
    """
    query = select(Import.first_play_at, Import.last_play_at).where(
        Import.user_id == user_id, Import.status == "finished", Import.first_play_at.is_not(None)
    )
    if since is not None:
        query = query.where(Import.finished_at >= since)
    doomed: set[tuple] = set()
    for first, last in session.execute(query).all():
        live = session.execute(
            select(Play.ended_at, Play.track_id, Play.ms_played).where(
                Play.user_id == user_id,
                Play.source == LIVE,
                Play.ended_at >= first - SEARCH,
                Play.ended_at <= last + SEARCH,
            )
        ).all()
        if not live:
            continue
        stored: dict[int, list[tuple[datetime, str]]] = {}
        for track_id, at, source in session.execute(
            select(Play.track_id, Play.ended_at, Play.source).where(
                Play.user_id == user_id,
                Play.source != LIVE,
                Play.track_id.in_({t for _, t, _ in live}),
                Play.ended_at >= min(at for at, _, _ in live) - SEARCH,
                Play.ended_at <= max(at for at, _, _ in live) + SEARCH,
            )
        ):
            stored.setdefault(track_id, []).append((at, source))
        doomed.update(
            (at, track_id, ms)
            for at, track_id, ms in live
            if any(_same_time(other, src, at) for other, src in stored.get(track_id, ()))
        )
    if doomed:
        delete_plays(session, user_id, doomed)
        bump_data_version(session, user_id)
    return len(doomed)


def artist_for(session: Session, spotify_id: str, name: str) -> int:
    """The shared artist row for a Spotify artist (same rules as the importer's resolver)."""
    found = session.scalar(select(Artist.id).where(Artist.spotify_id == spotify_id))
    if found is not None:
        return found
    key = Resolver(session).name_key(name)
    found = session.scalar(
        select(Artist.id)
        .where(Artist.name_key == key, Artist.spotify_id.is_(None))
        .order_by(Artist.id)
        .limit(1)
    )
    if found is not None:
        session.execute(update(Artist).where(Artist.id == found).values(spotify_id=spotify_id))
        return found
    return session.scalar(
        insert(Artist).returning(Artist.id),
        [{"name": name[:300], "name_key": key, "spotify_id": spotify_id}],
    )


def track_ids(session: Session, tracks: Sequence[dict]) -> list[int | None]:
    """Shared track rows for Spotify track objects, resolved like imported plays."""
    resolver = Resolver(session)
    rows = [
        play_row({"track": t, "played_at": "1970-01-01T00:00:00Z"}) if t else None for t in tracks
    ]
    ids = resolver.track_ids([r for r in rows if r is not None])
    return [ids[play_key(r)][0] if r else None for r in rows]


def has_top_snapshot(session: Session, user_id: int, taken_on: date) -> bool:
    return (
        session.scalar(
            select(TopSnapshot.rank)
            .where(TopSnapshot.user_id == user_id, TopSnapshot.taken_on == taken_on)
            .limit(1)
        )
        is not None
    )


def save_top_snapshot(
    session: Session,
    user_id: int,
    taken_on: date,
    time_range: str,
    item_type: str,
    items: Sequence[dict],
) -> int:
    """Replace the day's ranking for one time range and item type ("artists"/"tracks")."""
    session.execute(
        delete(TopSnapshot).where(
            TopSnapshot.user_id == user_id,
            TopSnapshot.taken_on == taken_on,
            TopSnapshot.time_range == time_range,
            TopSnapshot.item_type == item_type,
        )
    )
    if item_type == "artists":
        refs = [(artist_for(session, a["id"], a["name"]), None) for a in items if a.get("id")]
    else:
        refs = [(None, tid) for tid in track_ids(session, items) if tid is not None]
    for rank, (artist_id, track_id) in enumerate(refs, start=1):
        if track_id is not None:
            artist_id = session.scalar(select(Track.artist_id).where(Track.id == track_id))
        session.add(
            TopSnapshot(
                user_id=user_id,
                taken_on=taken_on,
                time_range=time_range,
                item_type=item_type,
                rank=rank,
                artist_id=artist_id,
                track_id=track_id,
            )
        )
    session.flush()
    return len(refs)


def artists_needing_details(session: Session, max_age_days: int, limit: int) -> list[tuple]:
    """(artist id, Spotify id, name) of artists never looked up or looked up too long ago."""
    stale = utcnow() - timedelta(days=max_age_days)
    return list(
        session.execute(
            select(Artist.id, Artist.spotify_id, Artist.name)
            .where(
                Artist.spotify_id.is_not(None),
                or_(Artist.details_fetched_at.is_(None), Artist.details_fetched_at < stale),
            )
            .order_by(Artist.details_fetched_at.is_not(None), Artist.details_fetched_at, Artist.id)
            .limit(limit)
        ).all()
    )


def apply_artist_details(session: Session, artist_id: int, payload: dict | None) -> None:
    """Keep what Spotify says about an artist (None: not found; do not ask again soon)."""
    values: dict = {"details_fetched_at": utcnow()}
    if payload:
        images = payload.get("images") or []
        if images:
            values["image_url"] = str(images[0].get("url") or "")[:500] or None
        if payload.get("genres"):
            genres.replace_genres(session, artist_id, payload["genres"], SPOTIFY)
    session.execute(update(Artist).where(Artist.id == artist_id).values(**values))
