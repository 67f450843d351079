"""Browser: a promoter publishes an event with the form; after interactions and the rollup,
the analytics page shows those counts for it. (The listener leg through the explorer is
added once the explorer is merged; here the interactions are logged directly.)"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode, urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from components import ids
from data.db import session_scope
from data.models import Event, EventInteraction, User
from data.services.rollups import recompute_daily
from tests.browser.conftest import console_errors

PROMOTER = "promoter@demo.rewrapped"


def _field(dash_duo, name: str):
    # The id is JSON (double quotes), so select it by XPath in single quotes.
    cid = json.dumps(ids.promoter_field(name), separators=(",", ":"), sort_keys=True)
    return dash_duo.driver.find_element(By.XPATH, f"//*[@id='{cid}']")


def _login(dash_duo, path: str) -> None:
    dash_duo.driver.get(dash_duo.server_url + "/login?" + urlencode({"next": path}))
    dash_duo.wait_for_element("#login-submit")
    dash_duo.find_element("input[name=email]").send_keys(PROMOTER)
    dash_duo.find_element("input[name=password]").send_keys("demo-password")
    dash_duo.find_element("#login-submit").click()


def _pick(dash_duo, name: str, typed: str) -> None:
    """Choose an option of a dcc.Dropdown by typing and Enter, as a person would."""
    box = _field(dash_duo, name)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    search = dash_duo.driver.switch_to.active_element
    search.send_keys(typed)
    dash_duo.wait_for_contains_text("body", typed, timeout=10)
    search.send_keys(Keys.ENTER)


def test_promoter_creates_an_event_and_sees_its_counts(dash_duo, dash_app):
    title = f"Browser Show {uuid.uuid4().hex[:6]}"
    day = date.today() + timedelta(days=40)
    with session_scope() as session:
        venue = session.execute(
            select(Event.venue_id).where(Event.venue_id.isnot(None)).limit(1)
        ).scalar()
        from data.models import Venue

        venue_name = session.get(Venue, venue).name
    dash_duo.start_server(dash_app)
    _login(dash_duo, "/promoter")
    dash_duo.wait_for_element("#" + ids.PROMOTER_SAVE, timeout=20)
    _field(dash_duo, "title").send_keys(title)
    _pick(dash_duo, "venue_id", venue_name)
    _field(dash_duo, "date").send_keys(day.strftime("%m%d%Y"))
    _field(dash_duo, "new_artists").send_keys("Browser Band")
    save = dash_duo.find_element("#" + ids.PROMOTER_SAVE)
    # A click at the button's point can land on the date picker's overlay; click it directly.
    dash_duo.driver.execute_script("arguments[0].click()", save)
    dash_duo.wait_for_contains_text("#" + ids.PROMOTER_FORM_STATUS, "Saved", timeout=20)
    dash_duo.wait_for_contains_text("#" + ids.PROMOTER_EVENTS, title, timeout=20)

    with session_scope() as session:
        event_id = session.scalar(select(Event.id).where(Event.title == title))
        viewers = session.scalars(select(User.id).limit(6)).all()
        noon = datetime.combine(date.today() - timedelta(days=1), time(12))
        kinds = ["impression"] * 6 + ["view"] * 6 + ["save"] * 2 + ["ticket_click"]
        people = viewers * 2 + viewers[:2] + viewers[:1]
        session.add_all(
            EventInteraction(
                event_id=event_id, user_id=u, kind=k, occurred_at=noon, match_score=0.8
            )
            for u, k in zip(people, kinds, strict=True)
        )
        session.flush()
        recompute_daily(session, noon.date(), noon.date())

    query = {"events": event_id, "start": (noon.date() - timedelta(days=2)).isoformat()}
    dash_duo.driver.get(dash_duo.server_url + "/promoter/analytics?" + urlencode(query))
    dash_duo.wait_for_contains_text("#" + ids.ANALYTICS_KPIS, "Ticket clicks", timeout=20)
    cards = dash_duo.find_element("#" + ids.ANALYTICS_KPIS).text
    assert "Impressions\n6\n" in cards and "Views\n6\n" in cards
    assert "Saves\n2\n" in cards and "Ticket clicks\n1\n" in cards
    assert "16.7%" in cards  # click-through: 1 of 6 views
    assert console_errors(dash_duo) == []


def _controls(dash_duo) -> tuple[str, str, list[str]]:
    """(start, end, chosen event labels) as the analytics page shows them now."""
    start, end = (
        dash_duo.find_element(f"input.dash-datepicker-{which}-date").get_attribute("value")
        for which in ("start", "end")
    )
    chosen = dash_duo.find_elements(f"#{ids.ANALYTICS_EVENTS} .dash-dropdown-value-item")
    return start, end, [c.text for c in chosen]


def _query(dash_duo) -> dict[str, str]:
    return dict(parse_qsl(urlparse(dash_duo.driver.current_url).query))


def test_back_undoes_an_event_choice_and_a_period_change(dash_duo, dash_app):
    with session_scope() as session:
        promoter = session.scalar(select(User.id).where(User.email == PROMOTER))
        title = session.scalar(
            select(Event.title).where(Event.promoter_id == promoter).order_by(Event.id).limit(1)
        )
    first, last = date.today() - timedelta(days=20), date.today() - timedelta(days=1)
    dash_duo.start_server(dash_app)
    _login(dash_duo, "/promoter")
    dash_duo.wait_for_element("#" + ids.PROMOTER_SAVE, timeout=20)
    query = {"start": first.isoformat(), "end": last.isoformat()}
    dash_duo.driver.get(dash_duo.server_url + "/promoter/analytics?" + urlencode(query))
    dash_duo.wait_for_contains_text("#" + ids.ANALYTICS_KPIS, "Unique viewers", timeout=40)
    wait = WebDriverWait(dash_duo.driver, 20)

    # Choose one event: the URL records it (a new history entry).
    dash_duo.find_element(f"#{ids.ANALYTICS_EVENTS}").click()
    box = dash_duo.driver.switch_to.active_element
    box.send_keys(title[:20])
    dash_duo.wait_for_contains_text("body", title[:20], timeout=10)
    box.send_keys(Keys.ENTER)
    wait.until(lambda _: "events" in _query(dash_duo))
    box.send_keys(Keys.ESCAPE)
    chosen = _query(dash_duo)["events"]
    # Then a shorter period, typed into the start date.
    start = dash_duo.find_element("input.dash-datepicker-start-date")
    start.send_keys(Keys.CONTROL, "a")
    start.send_keys((last - timedelta(days=6)).isoformat(), Keys.TAB)
    wait.until(lambda _: _query(dash_duo).get("start") == (last - timedelta(days=6)).isoformat())
    assert _query(dash_duo)["events"] == chosen

    dash_duo.driver.back()
    wait.until(lambda _: _query(dash_duo).get("start") == first.isoformat())
    wait.until(lambda _: _controls(dash_duo)[0] == first.isoformat())
    dash_duo.wait_for_contains_text("#" + ids.ANALYTICS_KPIS, "Unique viewers", timeout=40)
    assert _query(dash_duo)["events"] == chosen
    start_shown, end_shown, labels = _controls(dash_duo)
    assert (start_shown, end_shown) == (first.isoformat(), last.isoformat())
    assert len(labels) == 1

    dash_duo.driver.back()
    wait.until(lambda _: "events" not in _query(dash_duo))
    dash_duo.wait_for_contains_text("#" + ids.ANALYTICS_KPIS, "Unique viewers", timeout=40)
    assert _query(dash_duo) == query
    assert _controls(dash_duo) == (first.isoformat(), last.isoformat(), [])
    assert console_errors(dash_duo) == []
