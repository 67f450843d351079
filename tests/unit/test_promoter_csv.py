"""Promoter CSV upload: a preview with per-row errors, and all-or-nothing commits."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from data.feeds.promoter_csv import CsvError
from data.feeds.promoter_form import FormError
from data.models import Event
from data.services import promoter_csv as svc
from tests.unit.promoter_fixtures import build

TODAY = date(2026, 11, 10)
HEADER = "title,date,time,venue,city,artists,genres,price_min,currency,ticket_url\n"
GOOD = (
    "Winter Rave,2026-12-12,23:00,Tresor,Berlin,Ellen Allien|Newcomer,Techno,20,EUR,https://t.example/1\n"
    "Club Night,2026-12-19,22:00,Hoftheater,Berlin,Someone,,,,\n"
)
BAD = "Broken,2026-13-01,22:00,Tresor,Berlin,X,Polka,,,javascript:alert(1)\n"


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Event))


def test_good_file_previews_clean_and_commits_every_row(db_session):
    world = build(db_session)
    raw = (HEADER + GOOD).encode()
    rows = svc.preview(db_session, raw, TODAY)
    assert [r["errors"] for r in rows] == [{}, {}]
    before = _count(db_session)
    assert svc.commit(db_session, world.alice, raw, TODAY) == 2
    db_session.commit()
    assert _count(db_session) == before + 2
    mine = db_session.scalars(select(Event.title).where(Event.promoter_id == world.alice)).all()
    assert {"Winter Rave", "Club Night"} <= set(mine)


def test_one_bad_row_is_explained_and_nothing_lands(db_session):
    world = build(db_session)
    raw = (HEADER + GOOD + BAD).encode()
    rows = svc.preview(db_session, raw, TODAY)
    assert [bool(r["errors"]) for r in rows] == [False, False, True]
    assert {"date", "genres", "ticket_url"} <= set(rows[2]["errors"])
    before = _count(db_session)
    with pytest.raises(FormError) as caught:
        svc.commit(db_session, world.alice, raw, TODAY)
    assert "line 4" in caught.value.errors
    db_session.rollback()
    assert _count(db_session) == before


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"title,date\nX,2026-12-01\n", "missing columns: venue"),
        (HEADER.encode(), "no events"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"x" * 1_000_001, "1 MB"),
    ],
)
def test_unreadable_files_say_why(db_session, raw, words):
    build(db_session)
    with pytest.raises(CsvError, match=words):
        svc.preview(db_session, raw, TODAY)
