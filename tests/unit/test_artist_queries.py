"""The artist page's queries against a plain SQL formulation over the same cached plays."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data.importers.sources import Limits
from data.queries.listening import artist
from data.queries.listening.base import where
from data.queries.listening.filters import Filters
from data.queries.listening.frame import load_listening
from data.services.imports import import_history
from tests.bench.synthetic_export import write_export
from tests.unit.wrapped_fixtures import add_user

TZ = "Europe/Berlin"


def _months_by_sql(session, user_id: int, artist_id: int, f: Filters) -> pd.DataFrame:
    """Rank per month with SQL's rank() over every artist's monthly totals."""
    cond, params = where(f)
    value = "count(*)" if f.measure == "plays" else "sum(ms)"
    frame = (
        load_listening(session, user_id, f.tz)
        .con(period=f)
        .execute(
            f"""
            WITH m AS (SELECT date_trunc('month', ts)::DATE AS month, artist_id,
                              {value} AS value, count(*) AS plays, sum(ms) / 60000.0 AS minutes
                       FROM p WHERE {cond} GROUP BY 1, 2),
            r AS (SELECT *, rank() OVER (PARTITION BY month ORDER BY value DESC) AS rank FROM m)
            SELECT month, plays, minutes, rank FROM r WHERE artist_id = ? ORDER BY month
            """,  # noqa: S608
            [*params, artist_id],
        )
        .df()
    )
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame.astype({"plays": "int64", "rank": "int64"})


@pytest.fixture
def history(db_session, tmp_path):
    user_id = add_user(db_session, "months@example.test")
    paths = write_export(tmp_path / "export", 6_000, seed=5)
    import_history(db_session, user_id, paths, Limits.for_upload_limit(1 << 30))
    db_session.commit()
    return db_session, user_id


@pytest.mark.parametrize("measure", ["minutes", "plays"])
@pytest.mark.parametrize("period", [{}, {"start": date(2016, 1, 1), "end": date(2017, 6, 30)}])
def test_artist_months_rank_as_sql_does(history, measure, period):
    session, user_id = history
    f = Filters(measure=measure, tz=TZ, **period)
    top = (
        load_listening(session, user_id, TZ)
        .con()
        .execute("SELECT artist_id FROM p GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 12")
    )
    artists = [row[0] for row in top.fetchall()]
    for artist_id in artists:
        expected = _months_by_sql(session, user_id, artist_id, f)
        got = artist.artist_months(session, user_id, artist_id, f)
        pd.testing.assert_frame_equal(got, expected, check_exact=False)
    assert any(len(artist.artist_months(session, user_id, a, f)) > 3 for a in artists)


def test_artist_months_of_an_artist_never_played(history):
    session, user_id = history
    empty = artist.artist_months(session, user_id, 10**9, Filters(tz=TZ))
    assert list(empty.columns) == ["month", "plays", "minutes", "rank"]
    assert empty.empty
