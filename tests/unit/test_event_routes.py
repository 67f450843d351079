"""Calendar files, the secret saved-events feed, ticket clicks and the interaction log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
from sqlalchemy import delete, func, select

from data.db import session_scope
from data.models import Event, EventInteraction, EventInteractionDaily, SavedEvent
from data.queries.accounts import find_user_id
from data.services.interactions import (
    Interaction,
    InteractionBuffer,
    flush_interactions,
    is_bot,
    log_interactions,
)
from data.services.rollups import recompute_daily
from data.services.saved_events import new_calendar_token, revoke_calendar_token

LISTENER = "listener@demo.rewrapped"


def _timed_event() -> int:
    with session_scope() as session:
        return session.scalars(
            select(Event.id)
            .where(Event.local_time.is_not(None), Event.timezone == "Europe/London")
            .order_by(Event.id)
            .limit(1)
        ).one()


def test_one_event_calendar_parses_and_carries_the_venue_zone(client):
    event_id = _timed_event()
    response = client.get(f"/event/{event_id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(response.data)
    (vevent,) = cal.walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London"
    assert "TZID=Europe/London" in response.get_data(as_text=True)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert client.get("/event/99999999/calendar.ics").status_code == 404


def test_saved_feed_lists_saved_shows_until_revoked(client):
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        ids = session.scalars(
            select(Event.id).where(Event.local_date >= date.today()).order_by(Event.id).limit(2)
        ).all()
        session.execute(delete(SavedEvent).where(SavedEvent.user_id == uid))
        session.add_all([SavedEvent(user_id=uid, event_id=i) for i in ids])
        token = new_calendar_token(session, uid)
    response = client.get(f"/calendar/{token}.ics")  # no login: the token is the credential
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.data)
    uids = {str(v["UID"]) for v in cal.walk("VEVENT")}
    assert uids == {f"event-{i}@rewrapped" for i in ids}
    assert cal.walk("VTIMEZONE")
    with session_scope() as session:
        revoke_calendar_token(session, uid)
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_ticket_link_redirects_and_is_logged_as_a_click(client):
    event_id = _timed_event()
    flush_interactions()
    with session_scope() as session:
        before = session.scalar(
            select(func.count()).where(
                EventInteraction.event_id == event_id, EventInteraction.kind == "ticket_click"
            )
        )
        url = session.get(Event, event_id).ticket_url
    response = client.get(f"/go/{event_id}?from=explorer")
    assert response.status_code == 302 and response.headers["Location"] == url
    bot = client.get(f"/go/{event_id}", headers={"User-Agent": "Googlebot/2.1"})
    assert bot.status_code == 302
    flush_interactions()
    with session_scope() as session:
        rows = session.execute(
            select(EventInteraction.page)
            .where(EventInteraction.event_id == event_id, EventInteraction.kind == "ticket_click")
            .order_by(EventInteraction.id)
        ).all()
    assert len(rows) == before + 1  # the bot's click is not counted
    assert rows[-1].page == "explorer"
    assert client.get("/go/99999999").status_code == 404


def test_buffer_writes_one_batch_when_full_and_the_rollup_counts_it(dash_app):
    with session_scope() as session:
        event_id = session.scalars(select(Event.id).order_by(Event.id.desc()).limit(1)).one()
    day = datetime(2020, 1, 2, 12)
    buffer = InteractionBuffer(rows=3, seconds=3600)
    views = [
        Interaction(event_id, "view", None, f"s{i}", 0.9 if i else 0.1, "event", day)
        for i in range(2)
    ]
    assert buffer.add(views) == 0 and len(buffer) == 2
    assert buffer.add([Interaction(event_id, "view", None, "s0", None, "event", day)]) == 3
    assert buffer.add([Interaction(event_id, "nonsense", None, "s0")]) == 0 and len(buffer) == 0
    with session_scope() as session:
        recompute_daily(session, day.date(), day.date())
        row = session.get(EventInteractionDaily, (event_id, day.date(), "view"))
    assert row.count == 3 and row.matched_count == 1


def test_bots_are_known_by_user_agent():
    assert is_bot("Mozilla/5.0 (compatible; bingbot/2.0)")
    assert is_bot("facebookexternalhit/1.1")
    assert not is_bot("Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36")
    assert not is_bot(None)
    assert log_interactions([Interaction(1, "view")], "AhrefsBot/7.0") == 0


def test_interaction_times_default_to_now():
    row = Interaction(1, "view").row()
    assert abs(row["occurred_at"] - datetime.now(UTC).replace(tzinfo=None)) < timedelta(seconds=5)
