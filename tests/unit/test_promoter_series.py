"""The daily series chart: SQL picks the overall line and the busiest events; same figure as before.

``_old_figure`` is the computation the callback used until session 7 (every per-event daily row
read into pandas, summed and ranked there), kept here as the reference the new query and
factory must reproduce trace for trace.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pandas as pd
import pytest

from components import promoter_charts as charts
from components.figures import ACCENT, dates, themed
from data.models import EventInteractionDaily
from data.queries import promoter_analytics as pa
from data.queries.promoter_scope import scope_ids
from tests.unit.promoter_fixtures import DAY, _event, build

FIRST, LAST = DAY - timedelta(days=6), DAY


def _old_figure(per_event: pd.DataFrame, kind: str, theme) -> dict:
    label = charts.STEP_LABELS.get(kind, kind)
    title = f"{label} per day<br><sup>per event and overall (UTC days)</sup>"
    part = per_event[per_event["kind"] == kind]
    total = part.groupby(["day", "kind"], as_index=False)["count"].sum()
    hover = f"%{{x|%a %d %b}}: %{{y:,}} {label.lower()}"
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "All selected events",
            "x": dates(total["day"]),
            "y": total["count"].tolist(),
            "line": {"color": ACCENT, "width": 3},
            "hovertemplate": f"{hover}<extra>all</extra>",
        }
    ]
    busiest = set(part.groupby("event_id")["count"].sum().nlargest(8).index)
    for _, rows in part[part["event_id"].isin(busiest)].groupby("event_id", sort=False):
        name = str(rows["title"].iloc[0])[:40]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "x": dates(rows["day"]),
                "y": rows["count"].tolist(),
                "line": {"width": 1.5},
                "hovertemplate": f"{hover}<extra>{name}</extra>",
            }
        )
    return themed(data, theme, title, 480, yaxis={"title": {"text": label.lower()}})


@pytest.fixture
def busy(db_session):
    """Alice with 14 events over a week (gaps, a tie at 8th place, a long title), Bob with one."""
    world = build(db_session)
    rng = random.Random(16)
    events = [world.mine, world.mine2]
    for n in range(12):
        title = f"Alice show {n}" + (
            " with a very long title that the legend cuts" if n == 3 else ""
        )
        events.append(_event(db_session, title, world.alice, world.berlin, None, 1))
    counts = {}
    for event_id in [*events, world.theirs]:
        for offset in range(7):
            if rng.random() < 0.3:
                continue  # a day without any row for this event
            for kind in ("impression", "view"):
                counts[event_id, FIRST + timedelta(days=offset), kind] = rng.randint(1, 60)
    _tie_eighth_and_ninth(counts, events)
    # Clear the fixture's own rows in the window so the week is ours to count.
    db_session.query(EventInteractionDaily).filter(EventInteractionDaily.day >= FIRST).delete()
    db_session.add_all(
        EventInteractionDaily(event_id=e, day=d, kind=k, count=n) for (e, d, k), n in counts.items()
    )
    db_session.flush()
    return world


def _tie_eighth_and_ninth(counts: dict, events: list[int]) -> None:
    """Raise the 9th busiest event's views on one of its days to tie the 8th exactly."""
    for kind in ("view", "impression"):
        totals = {
            e: sum(n for (i, _d, k), n in counts.items() if i == e and k == kind) for e in events
        }
        ranked = sorted(events, key=lambda e: (-totals[e], e))
        eighth, ninth = ranked[7], ranked[8]
        key = next(key for key in counts if key[0] == ninth and key[2] == kind)
        counts[key] += totals[eighth] - totals[ninth]


@pytest.mark.parametrize("kind", ["view", "impression", "save"])
def test_series_draws_the_same_traces_as_the_old_computation(db_session, busy, kind):
    scope = scope_ids(busy.alice, False)
    old = pa.daily(db_session, scope, FIRST, LAST).sort_values(["day", "event_id"])
    overall, lines = pa.series(db_session, scope, FIRST, LAST, kind, charts.SERIES_LINES)
    new = charts.series_figure(overall, lines, kind, "dark")
    if kind == "save":  # no saves in the week: both say so
        assert new["data"] == [] and old[old.kind == "save"].empty
        return
    assert new == _old_figure(old, kind, "dark")
    assert len(new["data"]) == 1 + charts.SERIES_LINES
    assert len(lines) + len(overall) < len(old[old.kind == kind])  # fewer rows than before


def test_series_sums_only_the_callers_events_and_ranks_ties_by_id(db_session, busy):
    scope = scope_ids(busy.alice, False)
    overall, lines = pa.series(db_session, scope, FIRST, LAST, "view", 3)
    views = pd.DataFrame(
        db_session.query(
            EventInteractionDaily.event_id, EventInteractionDaily.day, EventInteractionDaily.count
        )
        .filter(EventInteractionDaily.kind == "view", EventInteractionDaily.day >= FIRST)
        .all(),
        columns=["event_id", "day", "count"],
    )
    views = views[views.event_id != busy.theirs]
    expected = views.groupby("day")["count"].sum()
    assert overall == list(zip(expected.index, expected.tolist(), strict=True))
    per_event = views.groupby("event_id")["count"].sum()
    top = per_event.sort_index().sort_values(ascending=False, kind="stable").head(3)
    assert {line[0] for line in lines} == set(top.index)


def test_series_of_another_promoters_event_is_empty(db_session, busy):
    forged = scope_ids(busy.alice, False, [busy.theirs])
    overall, lines = pa.series(db_session, forged, FIRST, LAST, "view", 8)
    assert overall == [] and lines == []
    assert charts.series_figure(overall, lines, "view", "light")["data"] == []
