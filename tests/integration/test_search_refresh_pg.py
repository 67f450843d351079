"""Migration 0015 on PostgreSQL: the set-based search refresh writes the same documents."""

from __future__ import annotations

from alembic import command

from data import migrate
from data.db import make_engine

_FILL = [
    "INSERT INTO cities (id, name, slug, country_code, lat, lng, timezone, population) "
    "VALUES (1, 'Köln', 'koln', 'DE', 50.9, 6.9, 'Europe/Berlin', 1)",
    "INSERT INTO venues (id, name, name_key, city_id, lat, lng, timezone, approximate, created_at) "
    "SELECT g, 'Halle ' || g, 'halle ' || g, 1, 1, 1, 'Europe/Berlin', false, now() "
    "FROM generate_series(1, 20) g",
    "INSERT INTO artists (id, name, name_key, created_at) "
    "SELECT g, 'Akt Nº' || g || ' Björk', 'akt ' || g, now() FROM generate_series(1, 500) g",
    # one statement each, as a bulk COPY fires the statement-level triggers
    "INSERT INTO events (id, title, title_key, local_date, timezone, venue_id, city_id, status, "
    "created_at, updated_at, popularity, is_demo, description) "
    "SELECT g, 'Fête ' || g, 'fete ' || g, '2027-01-01', 'Europe/Berlin', "
    "CASE WHEN g % 7 = 0 THEN NULL ELSE 1 + g % 20 END, 1, 'scheduled', now(), now(), 0, false, "
    "CASE WHEN g % 3 = 0 THEN 'Café set ' || g END FROM generate_series(1, 300) g",
    "INSERT INTO event_artists (event_id, artist_id, position, is_headliner) "
    "SELECT g, 1 + (g * 7 + k * 13) % 500, k, k = 0 "
    "FROM generate_series(1, 300) g, generate_series(0, 3) k WHERE g % 11 <> 0",
]
_DOCS = (
    "SELECT event_id, (u).lexeme, (u).weights "
    "FROM (SELECT event_id, unnest(doc) AS u FROM event_search) x ORDER BY 1, 2"
)
_BODY = "SELECT prosrc FROM pg_proc WHERE proname = 'event_search_refresh'"


def _docs(engine, refill: bool) -> list[tuple]:
    with engine.begin() as conn:
        if refill:
            conn.exec_driver_sql("TRUNCATE event_search")
            conn.exec_driver_sql("SELECT event_search_refresh(ARRAY(SELECT id FROM events))")
        return [tuple(r) for r in conn.exec_driver_sql(_DOCS)]


def _body(engine) -> str:
    with engine.connect() as conn:
        return conn.exec_driver_sql(_BODY).scalar_one()


def test_0015_replaces_the_refresh_and_keeps_the_documents(postgres_url):
    engine = make_engine(postgres_url)
    migrate.upgrade(engine, postgres_url)
    assert "wanted AS MATERIALIZED" in _body(engine)
    with engine.begin() as conn:
        for sql in _FILL:
            conn.exec_driver_sql(sql.replace("%", "%%"))
    by_triggers = _docs(engine, refill=False)
    assert len({row[0] for row in by_triggers}) == 300
    weight_a = {r[1] for r in by_triggers if r[0] == 1 and set(r[2]) == {"A"}}
    assert {"fete", "akt", "bjork"} <= weight_a  # title and lineup of event 1, accents folded

    cfg = migrate.alembic_config(postgres_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0014")
    assert "wanted" not in _body(engine)
    assert _docs(engine, refill=True) == by_triggers

    migrate.upgrade(engine, postgres_url)
    assert "wanted AS MATERIALIZED" in _body(engine)
    assert _docs(engine, refill=True) == by_triggers
    engine.dispose()
