"""Landing-page callbacks (public: their outputs are in ids.PUBLIC_OUTPUTS)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dash import ClientsideFunction, Input, Output, callback, clientside_callback, html

from callbacks.context import optional_account, settings
from components import ids
from components.events import event_grid, make_event_card
from components.home import artist_lists, stat_cards
from data.db import session_scope
from data.queries import landing


def _today(timezone: str):
    return datetime.now(ZoneInfo(timezone)).date()


@callback(
    Output(ids.HOME_CITY, "options"),
    Output(ids.HOME_CITY, "value"),
    Output(ids.HOME_STATS, "children"),
    Output(ids.HOME_CITY_TITLE, "children"),
    Output(ids.HOME_NEXT_SHOWS, "children"),
    Output(ids.HOME_ARTISTS, "children"),
    Input(ids.HOME_CITY, "value"),
)
def show_city(city_slug: str | None):
    """Counts, who plays, and next shows for the chosen city (default: the visitor's home)."""
    account = optional_account()
    with session_scope() as session:
        cities = landing.cities_with_events(session, _today("UTC"))
        if cities.empty:
            empty = html.P(
                "No upcoming events yet. An admin can add event feeds, or load the demo data "
                "with `flask --app app load-demo`.",
                className="empty-state",
            )
            return [], None, stat_cards({}, None), "Next shows", empty, None
        row = _pick_city(cities, city_slug, account.home_city_id if account else None)
        city_id, today = int(row["id"]), _today(_city_timezone(session, int(row["id"])))
        counts = landing.event_counts(session, today, city_id)
        extra = {
            **landing.weekend_totals(session, today, city_id),
            "new": landing.new_this_week(session, today, city_id),
        }
        share = settings().sponsored_percent / 100
        shows = landing.next_shows(session, city_id, today, share=share)
        artists = landing.artists_by_listeners_cached(session, today, city_id)
    options = [{"label": f"{r.name} ({r.events})", "value": r.slug} for r in cities.itertuples()]
    return (
        options,
        row["slug"],
        stat_cards(counts, row["name"], extra),
        f"Next shows in {row['name']}",
        event_grid(shows, today, f"Nothing coming up in {row['name']} yet."),
        artist_lists(artists, row["name"], landing.K_MIN),
    )


def _pick_city(cities, slug, home_city_id):
    for key, value in (("slug", slug), ("id", home_city_id)):
        match = cities[cities[key] == value] if value is not None else cities.iloc[0:0]
        if not match.empty:
            return match.iloc[0]
    return cities.iloc[0]


def _city_timezone(session, city_id: int) -> str:
    from data.models import City

    city = session.get(City, city_id)
    return city.timezone if city else "UTC"


@callback(
    Output(ids.HOME_RANDOM, "children"),
    Input(ids.HOME_RANDOM_AGAIN, "n_clicks"),
    Input(ids.HOME_CITY, "value"),
)
def random_show(clicks: int, city_slug: str | None):
    """A show tonight in the chosen city; "Another one" draws again."""
    with session_scope() as session:
        cities = landing.cities_with_events(session, _today("UTC"))
        if cities.empty or not city_slug:
            return html.P("No shows tonight.", className="empty-state")
        row = _pick_city(cities, city_slug, None)
        today = _today(_city_timezone(session, int(row["id"])))
        frame = landing.random_show_tonight(
            session, today, seed=today.toordinal() * 1000 + (clicks or 0), city_id=int(row["id"])
        )
    if frame.empty:
        return html.P(
            f"No shows tonight in {row['name']}. Try the next shows below.", className="empty-state"
        )
    return make_event_card(frame.iloc[0].to_dict(), today)


clientside_callback(
    ClientsideFunction("rewrapped", "homeCity"),
    Output(ids.HOME_URLSTATE, "data"),
    Input(ids.HOME_CITY, "value"),
    prevent_initial_call=True,
)
