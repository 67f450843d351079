"""Admin queries against a fresh schema: run pages and filters, latest runs per source, the
next run, active feed jobs, fetched per day, the job queue and stale heartbeats."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from plotly.utils import PlotlyJSONEncoder

from components.admin_tables import jobs_table
from data.models import FeedRun, Heartbeat, JobRun, User
from data.queries import admin as q
from data.queries.jobs import job_status

NOW = datetime(2026, 11, 20, 12, 0)


def add_runs(session) -> None:
    for i in range(25):
        session.add(
            FeedRun(
                source="ticketmaster" if i % 2 else "csv",
                status="failed" if i % 5 == 0 else "finished",
                started_at=NOW - timedelta(hours=i),
                finished_at=NOW - timedelta(hours=i) + timedelta(seconds=30),
                fetched=10 + i,
                new=i,
                failed=1 if i % 5 == 0 else 0,
                failures={"missing date": {"count": 1, "examples": [f"row-{i}"]}}
                if i % 5 == 0
                else {},
            )
        )
    session.flush()


def test_runs_page_filters_and_paginates(db_session):
    add_runs(db_session)
    first, total = q.feed_runs_page(db_session, page=1, per_page=10)
    assert total == 25 and len(first) == 10
    assert first["started_at"].iloc[0] == NOW  # newest first
    assert first["duration_s"].iloc[0] == 30.0
    last, _ = q.feed_runs_page(db_session, page=3, per_page=10)
    assert len(last) == 5
    failed_csv, total = q.feed_runs_page(db_session, source="csv", status="failed")
    assert total == 3 and set(failed_csv["source"]) == {"csv"}  # i = 0, 10, 20
    assert failed_csv["failures"].iloc[0]["missing date"]["examples"] == ["row-0"]


def test_source_state_latest_runs_next_due_and_active_jobs(db_session):
    add_runs(db_session)
    db_session.add(
        JobRun(
            id="job-1",
            func="workers.feeds.poll",
            args={"source": "ticketmaster"},
            queue="feeds",
            status="queued",
        )
    )
    db_session.add(FeedRun(source="ical", status="running", started_at=NOW - timedelta(minutes=5)))
    db_session.add(FeedRun(source="songkick", status="running", started_at=NOW - timedelta(days=2)))
    db_session.flush()
    schedule = {
        "ticketmaster": (True, 60),
        "ical": (True, 30),
        "songkick": (True, 30),
        "seatgeek": (False, 360),
    }
    states, runs = q.feed_sources(db_session, schedule, now=NOW, lock_seconds=3 * 3600)
    by = {s["source"]: s for s in states}
    assert len(runs[runs["source"] == "ticketmaster"]) == 3
    assert by["ticketmaster"]["next_due"] == NOW - timedelta(hours=1) + timedelta(minutes=60)
    assert by["ticketmaster"]["active"]["job_id"] == "job-1"
    assert by["ical"]["running"] and not by["songkick"]["running"]  # an expired lock's run
    assert by["seatgeek"]["next_due"] is None and not by["seatgeek"]["configured"]


def test_fetched_per_day_sums_by_source(db_session):
    add_runs(db_session)
    frame = q.fetched_per_day(db_session, q.window_start(NOW, 30))
    today = frame[frame["day"] == NOW.date()]
    csv_today = [10 + i for i in range(0, 13, 2)]  # hours 0..12 back are still today
    assert today.set_index("source").loc["csv", "fetched"] == sum(csv_today)
    assert frame["fetched"].sum() == sum(10 + i for i in range(25))


def test_job_queue_page_with_owner_and_filter(db_session):
    user = User(email="admin@example.org", password_hash="x", display_name="Admin")
    db_session.add(user)
    db_session.flush()
    for i in range(12):
        db_session.add(
            JobRun(
                id=f"job-{i:02d}",
                func="workers.rollups.recompute_interaction_rollups",
                queue="default",
                user_id=user.id if i == 11 else None,
                status="failed" if i % 4 == 0 else "finished",
                error="ValueError: bad\nTraceback" if i % 4 == 0 else None,
                enqueued_at=NOW - timedelta(minutes=60 - i),
            )
        )
    db_session.flush()
    jobs, total = q.job_runs_page(db_session, page=1, per_page=10)
    assert total == 12 and jobs["id"].iloc[0] == "job-11" and jobs["email"].iloc[0] == user.email
    # Missing texts come back as NaN (pandas string columns): the table must still render.
    rendered = json.dumps(jobs_table(jobs), cls=PlotlyJSONEncoder)
    assert "ValueError: bad" in rendered and '"system"' in rendered and "NaN" not in rendered
    failed, total = q.job_runs_page(db_session, status="failed")
    assert total == 3 and set(failed["status"]) == {"failed"}
    assert (
        job_status(db_session, "job-00", "workers.rollups.recompute_interaction_rollups")["error"]
        == "ValueError: bad"
    )
    assert job_status(db_session, "job-00", "workers.other.job") is None


def test_heartbeats_stale_after_twice_their_interval(db_session):
    db_session.add(Heartbeat(name="scheduler", beat_at=NOW - timedelta(seconds=30)))
    db_session.add(Heartbeat(name="job:rollups", beat_at=NOW - timedelta(hours=3)))
    db_session.add(Heartbeat(name="custom", beat_at=NOW - timedelta(hours=1)))
    db_session.flush()
    beats = q.heartbeat_health(
        db_session,
        NOW,
        {"scheduler": 60, "job:rollups": 3600, "job:spotify-sync": 450},
        default_seconds=86400,
    ).set_index("name")
    assert not beats.loc["scheduler", "stale"]
    assert beats.loc["job:rollups", "stale"]  # 3 h > 2 x 1 h
    assert beats.loc["job:spotify-sync", "stale"] and beats["age_s"].isna()["job:spotify-sync"]
    assert not beats.loc["custom", "stale"]


def test_fetched_figure_titles_units_hover_and_empty_state():
    import pandas as pd

    from components.admin_feeds import fetched_figure

    first, last = NOW.date() - timedelta(days=29), NOW.date()
    empty = fetched_figure(
        pd.DataFrame(columns=["day", "source", "fetched", "runs"]), "dark", first, last
    )
    assert empty["layout"]["annotations"][0]["text"] == "No feed runs in this period."
    assert empty["layout"]["title"]["text"].startswith("Events fetched per day")
    frame = pd.DataFrame(
        {"day": [last, last], "source": ["csv", "ticketmaster"], "fetched": [3, 40], "runs": [1, 2]}
    )
    figure = fetched_figure(frame, "light", first, last)
    assert [t["name"] for t in figure["data"]] == ["csv", "ticketmaster"]
    assert "events fetched by ticketmaster" in figure["data"][1]["hovertemplate"]
    assert figure["layout"]["yaxis"]["title"]["text"] == "events fetched"
    assert figure["layout"]["xaxis"]["range"][1].startswith(str(last))
    assert figure["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"


def test_heartbeat_list_pages_but_warns_about_every_stale_beat(db_session):
    from components.admin_health import heartbeats_list

    for i in range(12):
        db_session.add(Heartbeat(name=f"job:n{i:02d}", beat_at=NOW - timedelta(hours=i)))
    db_session.flush()
    beats = q.heartbeat_health(db_session, NOW, {}, default_seconds=3600)  # stale after 2 h
    second = heartbeats_list(beats, page=2, per_page=10)
    alert, table = second.children
    assert alert.children.startswith("Stale: job:n03, job:n04") and "job:n11" in alert.children
    body = table.children.children[1]
    assert [row.children[0].children for row in body.children] == ["job:n10", "job:n11"]


def test_a_fresh_install_raises_no_stale_alarm_until_a_first_run_is_overdue(db_session):
    from components.admin_health import heartbeats_list

    db_session.add(
        User(email="first@example.test", password_hash="x", display_name="F", created_at=NOW)
    )
    db_session.flush()
    expected = {"scheduler": 60, "job:rollups": 3600}
    fresh = q.heartbeat_health(db_session, NOW + timedelta(seconds=30), expected, 86400)
    assert not fresh["stale"].any()
    alert = heartbeats_list(fresh).children[0]
    assert alert.children == "Every heartbeat is fresh."
    later = q.heartbeat_health(db_session, NOW + timedelta(minutes=10), expected, 86400)
    assert later.set_index("name")["stale"].to_dict() == {"job:rollups": False, "scheduler": True}
