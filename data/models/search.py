"""Full-text search over events (title, lineup, venue and city, description), kept by triggers.

Not an ORM model: SQLite keeps an FTS5 virtual table and PostgreSQL a ``tsvector`` table with a
GIN index, both named ``event_search`` and both refreshed by triggers on ``events`` and
``event_artists``, so every write path (feeds, bulk COPY, promoters, demo) keeps it current.
Migration 0006 runs the same statements; ``create_all`` runs them through ``install``;
migration 0015 brings the refresh function of older PostgreSQL installs up to this one.
"""

from __future__ import annotations

from sqlalchemy import Connection, event
from sqlalchemy.exc import DBAPIError

from data.models.base import Base

TABLE = "event_search"

_SQLITE_DOC = """
SELECT e.id, e.title,
       coalesce((SELECT group_concat(a.name, ' ') FROM event_artists ea
                 JOIN artists a ON a.id = ea.artist_id WHERE ea.event_id = e.id), ''),
       coalesce(v.name, '') || ' ' || coalesce(c.name, ''),
       coalesce(e.description, '')
FROM events e LEFT JOIN venues v ON v.id = e.venue_id LEFT JOIN cities c ON c.id = e.city_id
"""


def _sqlite_refresh(ref: str) -> str:
    # ``ref`` is one of two constants (new.id, old.event_id): no outside input reaches DDL.
    return (
        f"DELETE FROM event_search WHERE rowid = {ref}; "  # noqa: S608
        "INSERT INTO event_search (rowid, title, lineup, venue, description) "
        f"{_SQLITE_DOC} WHERE e.id = {ref};"
    )


SQLITE = [
    "CREATE VIRTUAL TABLE event_search USING fts5("
    "title, lineup, venue, description, tokenize = 'unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER event_search_ai AFTER INSERT ON events BEGIN {_sqlite_refresh('new.id')} END",
    "CREATE TRIGGER event_search_au AFTER UPDATE OF title, venue_id, city_id, description "
    f"ON events BEGIN {_sqlite_refresh('new.id')} END",
    "CREATE TRIGGER event_search_ad AFTER DELETE ON events BEGIN "
    "DELETE FROM event_search WHERE rowid = old.id; END",
    "CREATE TRIGGER event_search_lineup_ai AFTER INSERT ON event_artists BEGIN "
    f"{_sqlite_refresh('new.event_id')} END",
    "CREATE TRIGGER event_search_lineup_ad AFTER DELETE ON event_artists BEGIN "
    f"{_sqlite_refresh('old.event_id')} END",
    f"INSERT INTO event_search (rowid, title, lineup, venue, description) {_SQLITE_DOC}",
]

# Set-based: the ids drive one join to the lineups, aggregated once. The body before 0015 ran a
# correlated subquery per event whose plan hung on statistics: before ANALYZE had seen a bulk
# COPY it scanned every artist for each event (20k ids: 8+ minutes instead of about a second).
_PG_REFRESH = """
CREATE OR REPLACE FUNCTION event_search_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
WITH wanted AS MATERIALIZED (SELECT DISTINCT unnest(ids) AS id),
lineup AS MATERIALIZED (
    SELECT ea.event_id, string_agg(a.name, ' ' ORDER BY ea.position, ea.artist_id) AS names
    FROM wanted w JOIN event_artists ea ON ea.event_id = w.id
    JOIN artists a ON a.id = ea.artist_id
    GROUP BY ea.event_id)
INSERT INTO event_search (event_id, doc)
SELECT e.id,
       setweight(to_tsvector('simple', FOLD(coalesce(e.title, ''))), 'A')
       || setweight(to_tsvector('simple', FOLD(coalesce(l.names, ''))), 'A')
       || setweight(to_tsvector('simple',
            FOLD(coalesce(v.name, '') || ' ' || coalesce(c.name, ''))), 'B')
       || setweight(to_tsvector('simple', FOLD(coalesce(e.description, ''))), 'C')
FROM wanted w JOIN events e ON e.id = w.id LEFT JOIN lineup l ON l.event_id = e.id
LEFT JOIN venues v ON v.id = e.venue_id LEFT JOIN cities c ON c.id = e.city_id
ON CONFLICT (event_id) DO UPDATE SET doc = EXCLUDED.doc
$$
"""


def _pg_trigger(name: str, table: str, when: str, rows: str, column: str) -> list[str]:
    # Statement-level with a transition table: one refresh per bulk insert, not one per row.
    return [
        f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "  # noqa: S608
        f"PERFORM event_search_refresh(ARRAY(SELECT DISTINCT {column} FROM changed)); "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER {name} AFTER {when} ON {table} REFERENCING {rows} TABLE AS changed "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_fn()",
    ]


POSTGRESQL = [
    "CREATE TABLE event_search (event_id integer PRIMARY KEY "
    "REFERENCES events (id) ON DELETE CASCADE, doc tsvector NOT NULL)",
    "CREATE INDEX ix_event_search_doc ON event_search USING gin (doc)",
    _PG_REFRESH,
    *_pg_trigger("event_search_ins", "events", "INSERT", "NEW", "id"),
    *_pg_trigger("event_search_upd", "events", "UPDATE", "NEW", "id"),
    *_pg_trigger("event_search_lineup_ins", "event_artists", "INSERT", "NEW", "event_id"),
    *_pg_trigger("event_search_lineup_del", "event_artists", "DELETE", "OLD", "event_id"),
    "SELECT event_search_refresh(ARRAY(SELECT id FROM events))",
]

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS event_search_ai",
        "DROP TRIGGER IF EXISTS event_search_au",
        "DROP TRIGGER IF EXISTS event_search_ad",
        "DROP TRIGGER IF EXISTS event_search_lineup_ai",
        "DROP TRIGGER IF EXISTS event_search_lineup_ad",
        "DROP TABLE IF EXISTS event_search",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS event_search_ins ON events",
        "DROP TRIGGER IF EXISTS event_search_upd ON events",
        "DROP TRIGGER IF EXISTS event_search_lineup_ins ON event_artists",
        "DROP TRIGGER IF EXISTS event_search_lineup_del ON event_artists",
        "DROP FUNCTION IF EXISTS event_search_ins_fn, event_search_upd_fn, "
        "event_search_lineup_ins_fn, event_search_lineup_del_fn, event_search_refresh",
        "DROP TABLE IF EXISTS event_search",
    ],
}


def statements(dialect: str) -> list[str]:
    """The DDL that creates and fills ``event_search`` on ``dialect``."""
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, [])


def install(connection: Connection) -> None:
    """Create the search table and its triggers on this connection's database.

    On PostgreSQL, accents are folded with the ``unaccent`` extension when it can be created
    (it ships with PostgreSQL's contrib package and is a trusted extension); without it the
    index keeps accents and only unaccented words match unaccented words.
    """
    dialect = connection.dialect.name
    fold = dialect == "postgresql" and _unaccent(connection)
    for sql in statements(dialect):
        connection.exec_driver_sql(_folded(sql, fold))


def replace_refresh(connection: Connection, body: str = _PG_REFRESH) -> None:
    """PostgreSQL: (re)create ``event_search_refresh`` from ``body``, folded as in ``install``."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(_folded(body, _unaccent(connection)))


def _folded(sql: str, fold: bool) -> str:
    return sql.replace("FOLD(", "unaccent(" if fold else "(")


def _unaccent(connection: Connection) -> bool:
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DBAPIError:
        return False
    return True


def is_search_table(name: str | None) -> bool:
    """FTS5 keeps shadow tables (``event_search_data`` ...); schema checks skip them all."""
    return bool(name) and (name == TABLE or name.startswith(TABLE + "_"))


@event.listens_for(Base.metadata, "after_create")
def _after_create(_target, connection: Connection, **_kw) -> None:
    if connection.exec_driver_sql(_EXISTS[connection.dialect.name]).first() is None:
        install(connection)


_EXISTS = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE name = 'event_search'",
    "postgresql": "SELECT 1 FROM pg_class WHERE relname = 'event_search'",
}
