"""Live Spotify sync (queue "sync"): recently played, daily top items, artist details.

``schedule_syncs`` (periodic) enqueues every due connected user with jitter; ``sync_user`` runs
one user's sync under a lease so one user never has two syncs at once. A sync that added
artists or albums (or learnt artists' images) queues the artwork and album-cover jobs, so their
images come now rather than after the next import. Plays and the
recently-played cursor are committed in one transaction, page by page: a worker killed midway
loses nothing and a rerun adds nothing twice. 429 reschedules the job after ``Retry-After``;
5xx and timeouts back off exponentially (capped) through ``next_sync_at``.
"""

from __future__ import annotations

import random
from datetime import timedelta

import spotipy

from data import lastfm, spotify
from data.crypto import TokenCipher
from data.db import session_scope
from data.importers.store import insert_plays
from data.job_vocabulary import Job
from data.models import utcnow
from data.services import genres
from data.services import spotify_accounts as accounts
from data.services import spotify_library as library
from data.services.heartbeats import beat
from settings import Settings
from workers import artwork, context
from workers.queue import enqueue
from workers.runner import Reschedule, report_progress

PAGE_SIZE = 50
MAX_PAGES = 20
TOP_LIMIT = 50
TIME_RANGES = ("short_term", "medium_term", "long_term")
ARTISTS_PER_RUN = 25
REFRESH_MARGIN_SECONDS = 300
BACKOFF_CAP = timedelta(hours=6)


class SyncFailed(RuntimeError):
    """A sync that could not finish; its reason is already on the account in words."""


class _Revoked(Exception):
    pass


class _Disconnected(Exception):
    """The user disconnected while this sync ran: stop, touch nothing."""


def sync_user(for_user: int) -> dict:
    """Job: one user's sync (the kwarg is not ``user_id``, which enqueue keeps for itself)."""
    return run_sync(context.settings(), int(for_user))


def schedule_syncs(jitter_seconds: float | None = None) -> dict:
    """Periodic job: enqueue a sync for every connected user that is due, spread by jitter."""
    settings = context.settings()
    if not spotify.configured(settings):
        return {"enqueued": 0, "reason": "no Spotify app configured"}
    interval = settings.spotify_sync_minutes * 60
    jitter = min(60.0, interval / 4) if jitter_seconds is None else float(jitter_seconds)
    with session_scope() as session:
        due = accounts.claim_due(session, interval, settings.spotify_sync_lease_seconds)
        beat(session, "job:spotify-sync", f"{len(due)} user(s) due")
    for user_id in due:
        delay = random.uniform(0, jitter) if jitter > 0 else 0
        enqueue(
            Job.SPOTIFY_SYNC,
            queue="sync",
            user_id=user_id,
            delay=timedelta(seconds=delay) if delay else None,
            message="Scheduled Spotify sync",
            for_user=user_id,
        )
    return {"enqueued": len(due)}


def run_sync(settings: Settings, user_id: int) -> dict:
    """The sync itself, with explicit settings (the job reads them from the environment)."""
    with session_scope() as session:
        if not accounts.claim_sync(session, user_id, settings.spotify_sync_lease_seconds):
            return {"skipped": "not connected, or another sync of this user is running"}
    interval = timedelta(minutes=settings.spotify_sync_minutes)
    stats = {"added": 0, "duplicates": 0, "replaced_by_import": 0, "top_items": 0, "artists": 0}
    stats["album_images"] = 0
    marks = artwork.marks_before_sync(user_id)
    try:
        report_progress(0.05, "Checking the Spotify authorisation")
        client = _Client(settings, user_id)
        _recently_played(client, user_id, stats)
        _reconcile_imports(user_id, stats)
        report_progress(0.5, f"{stats['added']} new plays; checking top items")
        _top_items(client, user_id, stats)
        report_progress(0.7, "Looking up new artists")
        _artist_details(client, settings, stats)
    except _Disconnected:
        return {**stats, "status": "disconnected"}
    except _Revoked as exc:
        with session_scope() as session:
            accounts.mark_revoked(session, user_id, str(exc))
        return {**stats, "status": "revoked"}
    except Exception as exc:
        _handle_failure(user_id, exc, interval, stats)
        raise
    with session_scope() as session:
        accounts.record_success(session, user_id, stats["added"], utcnow() + interval)
    artwork.queue_after_sync(settings, user_id, marks, stats["artists"], stats["album_images"])
    report_progress(1.0, f"Done: {stats['added']} new plays")
    return {**stats, "status": "ok"}


def _handle_failure(user_id: int, exc: Exception, interval: timedelta, stats: dict) -> None:
    """Record the failure in words and decide when to try again; raises for Spotify errors."""
    failure = spotify.classify(exc)
    added = f" ({stats['added']} new plays were saved first.)" if stats["added"] else ""
    if failure is not None and failure.kind in ("rate_limited", "quota"):
        wait = failure.retry_after or spotify.DEFAULT_RETRY_AFTER
        label = "QUOTA_EXCEEDED" if failure.kind == "quota" else "RATE_LIMITED"
        message = f"{failure.message} Retrying in {_human(wait)}.{added}"
        with session_scope() as session:
            accounts.record_failure(
                session, user_id, message, utcnow() + timedelta(seconds=wait), counts=False
            )
        raise Reschedule(wait, f"{label}: Spotify asked to wait {_human(wait)}") from exc
    with session_scope() as session:
        failures = accounts.failures_of(session, user_id) + 1
        delay = min(BACKOFF_CAP, interval * 2 ** (failures - 1))
        words = failure.message if failure else f"Unexpected error: {type(exc).__name__}: {exc}"
        message = f"{words} Next try in {_human(delay.total_seconds())}.{added}"
        accounts.record_failure(session, user_id, message, utcnow() + delay)
    if failure is not None:
        raise SyncFailed(message) from exc


def _human(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


class _Client:
    """spotipy for one user: refreshes the token before expiry and once after a 401."""

    def __init__(self, settings: Settings, user_id: int) -> None:
        self.settings, self.user_id = settings, user_id
        self.cipher = TokenCipher(settings.token_encryption_key)
        with session_scope() as session:
            tokens = accounts.load_tokens(session, user_id, self.cipher)
        if tokens is None:
            raise _Revoked("The stored Spotify authorisation is missing or unreadable. Reconnect.")
        self.tokens = tokens
        if tokens.expires_within(REFRESH_MARGIN_SECONDS):
            self.refresh()
        self.api = spotify.api(settings, self.tokens.access_token)

    def refresh(self) -> None:
        try:
            info = spotify.oauth(self.settings).refresh_access_token(self.tokens.refresh_token)
        except spotipy.SpotifyOauthError as exc:
            failure = spotify.classify(exc)
            if failure is not None and failure.kind == "revoked":
                raise _Revoked(
                    "Spotify no longer accepts this connection (access was removed or expired). "
                    "Connect Spotify again to resume syncing."
                ) from exc
            raise
        try:
            with session_scope() as session:
                self.tokens = accounts.store_tokens(session, self.user_id, info, self.cipher)
        except accounts.NotConnected as exc:
            raise _Disconnected from exc
        self.api = spotify.api(self.settings, self.tokens.access_token)

    def call(self, method: str, *args, **kwargs):
        try:
            return getattr(self.api, method)(*args, **kwargs)
        except spotipy.SpotifyException as exc:
            if exc.http_status != 401:
                raise
        self.refresh()
        try:
            return getattr(self.api, method)(*args, **kwargs)
        except spotipy.SpotifyException as exc:
            if exc.http_status == 401:
                raise _Revoked("Spotify refuses even a fresh access token. Reconnect.") from exc
            raise


def _recently_played(client: _Client, user_id: int, stats: dict) -> None:
    """Page forward from the cursor; each page's plays and the cursor commit together."""
    with session_scope() as session:
        cursor = accounts.cursor_of(session, user_id)
    for page_number in range(MAX_PAGES):
        page = client.call("current_user_recently_played", limit=PAGE_SIZE, after=cursor)
        items = (page or {}).get("items") or []
        if not items:
            break
        newest = max(library.played_at_ms(item["played_at"]) for item in items)
        if cursor is not None and newest <= cursor:
            break  # nothing after the cursor (Spotify ignored ``after``): never loop on it
        rows = [row for row in map(library.play_row, items) if row is not None]
        with session_scope() as session:
            fresh = library.drop_known_plays(session, user_id, rows)
            result = insert_plays(session, user_id, fresh, source=library.LIVE, import_id=None)
            stats["album_images"] += library.keep_album_images(session, items)
            accounts.advance_cursor(session, user_id, newest)
        stats["added"] += result.added
        stats["duplicates"] += result.duplicates + len(rows) - len(fresh)
        cursor = newest
        report_progress(0.1 + 0.05 * min(page_number + 1, 8), f"{stats['added']} new plays")
        if not page.get("next"):
            break


def _reconcile_imports(user_id: int, stats: dict) -> None:
    """An export imported since the last sync may hold plays live sync stored first."""
    with session_scope() as session:
        since = accounts.last_success_of(session, user_id)
        if since is not None:
            since -= timedelta(hours=1)  # an import that finished while the last sync ran
        stats["replaced_by_import"] = library.remove_live_overlaps(session, user_id, since)


def _top_items(client: _Client, user_id: int, stats: dict) -> None:
    """Spotify's top artists and tracks for the three ranges, once per UTC day."""
    today = utcnow().date()
    with session_scope() as session:
        if library.has_top_snapshot(session, user_id, today):
            return
    fetched = []
    for time_range in TIME_RANGES:
        for kind, method in (
            ("artists", "current_user_top_artists"),
            ("tracks", "current_user_top_tracks"),
        ):
            page = client.call(method, limit=TOP_LIMIT, time_range=time_range) or {}
            fetched.append((time_range, kind, page.get("items") or []))
    with session_scope() as session:
        for time_range, kind, items in fetched:
            stats["top_items"] += library.save_top_snapshot(
                session, user_id, today, time_range, kind, items
            )


def _artist_details(client: _Client, settings: Settings, stats: dict) -> None:
    """One request per artist not looked up within the configured age (no batch endpoint).

    With LASTFM_API_KEY set, the artist's Last.fm tags come along (a Last.fm failure only
    skips Last.fm for the rest of the run).
    """
    with session_scope() as session:
        todo = library.artists_needing_details(
            session, settings.spotify_artist_max_age_days, ARTISTS_PER_RUN
        )
    tagger = lastfm.network(settings) if lastfm.configured(settings) else None
    for n, (artist_id, spotify_id, name) in enumerate(todo, start=1):
        try:
            payload = client.call("artist", spotify_id)
        except spotipy.SpotifyException as exc:
            if exc.http_status not in (400, 404):
                raise
            payload = None
        tags: list = []
        if tagger is not None:
            try:
                tags = lastfm.genre_tags(tagger, name)
            except lastfm.LastfmUnavailable:
                tagger = None
        with session_scope() as session:
            library.apply_artist_details(session, artist_id, payload)
            if tags:
                genres.record_lastfm(session, artist_id, tags)
        stats["artists"] += 1
        report_progress(0.7 + 0.25 * n / len(todo), f"Artist details {n}/{len(todo)}")
