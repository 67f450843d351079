"""The About page text: what the app does and exactly what it keeps."""

from __future__ import annotations

from dash import dcc, html

ABOUT = """
## What Re-Wrapped does

Re-Wrapped is a self-hosted home for your music listening and the live music around you.

* **Your listening, your dashboards.** Import Spotify's privacy export (the lifetime *extended
  streaming history* or the one-year *account data*) and keep it fresh with live sync. See your
  top artists, tracks and genres, when you listen, your streaks and sessions, your discoveries,
  and a year in review.
* **Shows you would love.** Events from many ticketing feeds are merged into one explorer
  (Events): search, filter by city, date, genre, price and source, see them on a map, and sort
  them **For you**: ranked by the artists and genres you play, the distance and the date, with
  the reasons in words ("You played Khruangbin 212 times"). Save or hide shows, add them to your
  calendar, or subscribe to a private calendar feed of the ones you saved.

## What data it keeps

* **Your account:** email, a salted scrypt hash of your password (never the password), display
  name, home city and time zone.
* **Your listening history:** for each play, when it ended (UTC), how long it played, the track,
  artist and album, whether it was skipped, shuffled, offline or incognito, the platform and the
  country. IP addresses and user agents in the export are **not** stored.
* **Spotify connection (optional):** access and refresh tokens, encrypted at rest, used only to
  fetch your recently played tracks, your tops and artist details. Disconnecting deletes them.
* **What you do with events:** saves and hides (used to rank events for you), and a log of
  events shown to you, event pages opened, ticket links followed and calendar downloads, each
  with the time, the page and how well the event matched your taste. Visitors who are not logged
  in are logged under a random session id; known bots are not logged. Counted without names,
  this log becomes daily per-event statistics.
* **Your calendar feed (optional):** only a hash of its secret address is stored; making a new
  address or turning the feed off stops the old one working.

Nothing is sent to third parties. Deleting your account (Profile → Delete my account) removes
your account and all of this data at once.
"""


def about_layout() -> html.Div:
    return html.Div(dcc.Markdown(ABOUT, className="about-text"), className="col-lg-8")
