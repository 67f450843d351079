"""Event search: the database's full-text index plus typo-tolerant artist names.

SQLite uses the FTS5 table and PostgreSQL the tsvector table ``event_search`` (both kept by
triggers, see ``data.models.search``); every word of the query must match as a prefix.
Artist names of upcoming events are also compared with rapidfuzz, so "radiohed" finds
Radiohead even though no word of the index starts with it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date

from rapidfuzz import fuzz, process
from sqlalchemy import Integer, column, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from data.frame_cache import get_frame_cache
from data.models import Artist, Event, EventArtist
from data.text import name_key

FUZZY_CUTOFF = 80
FUZZY_MIN_LENGTH = 4
FUZZY_LIMIT = 25


def words(query: str) -> list[str]:
    """The query's words, lower-cased and accent-free (punctuation and FTS operators dropped)."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", query.lower()) if not unicodedata.combining(c)
    )
    return re.findall(r"\w+", plain)[:12]


def fulltext_ids(session: Session, query: str):
    """A subquery of event ids whose index matches every word of ``query`` as a prefix."""
    terms = words(query)
    if session.get_bind().dialect.name == "postgresql":
        sql = "SELECT event_id AS id FROM event_search WHERE doc @@ to_tsquery('simple', :q)"
        value = " & ".join(f"{t}:*" for t in terms)
    else:
        sql = "SELECT rowid AS id FROM event_search WHERE event_search MATCH :q"
        value = " ".join(f'"{t}"*' for t in terms)
    return text(sql).bindparams(q=value).columns(column("id", Integer)).subquery()


def fuzzy_artist_ids(session: Session, query: str, today: date) -> list[int]:
    """Artists on upcoming events whose name is close to ``query`` (typos tolerated)."""
    key = name_key(query)
    if len(key) < FUZZY_MIN_LENGTH:
        return []
    rows = upcoming_artist_keys(session, today)
    if not rows:
        return []
    ids, keys = zip(*rows, strict=True)
    found = process.extract(
        key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_LIMIT
    )
    return [ids[index] for _key, _score, index in found]


def search_condition(session: Session, query: str, today: date) -> ColumnElement[bool] | None:
    """A WHERE condition on ``Event.id`` for ``query`` (None when the query has no words)."""
    if not words(query):
        return None
    sub = fulltext_ids(session, query)
    condition = Event.id.in_(select(sub.c.id))
    artists = fuzzy_artist_ids(session, query, today)
    if artists:
        lineup = select(EventArtist.event_id).where(EventArtist.artist_id.in_(artists))
        condition = or_(condition, Event.id.in_(lineup))
    return condition


NAMES_CACHE_SECONDS = 600


def upcoming_artist_keys(session: Session, today: date) -> list[tuple[int, str]]:
    """(artist id, name key) of every artist on an upcoming event; cached for ten minutes.

    Reading them joins every upcoming lineup (half a second at 100k events); a new artist
    becomes typo-searchable within ten minutes (exact words match at once through the index).
    """
    cache = get_frame_cache()
    key = f"search:artists:{db_place(session)}:{today}"
    found = cache.shared_get(key) if cache is not None else None
    if found is not None:
        return [tuple(r) for r in json.loads(found)]
    rows = session.execute(
        select(Artist.id, Artist.name_key).where(
            Artist.id.in_(
                select(EventArtist.artist_id)
                .join(Event, Event.id == EventArtist.event_id)
                .where(Event.local_date >= today)
            )
        )
    ).all()
    out = [(int(i), str(k)) for i, k in rows]
    if cache is not None:
        cache.shared_set(key, json.dumps(out).encode(), NAMES_CACHE_SECONDS)
    return out


def db_place(session: Session) -> str:
    """Names this database in cache keys (tests and benches share one cache directory)."""
    bind = session.get_bind().url.render_as_string(hide_password=True)
    return hashlib.sha1(bind.encode(), usedforsecurity=False).hexdigest()[:10]
