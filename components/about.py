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
* **Shows you would love.** Events from many ticketing feeds are merged into one list, ranked by
  your taste, each with the reason it was picked.
* **For promoters and analysts.** Promoters see how their events are found and acted on;
  analysts see which genres play where, with every view shareable by its URL.

## What data it keeps

* **Your account:** email, a salted scrypt hash of your password (never the password), display
  name, home city and time zone.
* **Your listening history:** for each play, when it ended (UTC), how long it played, the track,
  artist and album, whether it was skipped, shuffled, offline or incognito, the platform and the
  country. IP addresses and user agents in the export are **not** stored.
* **Spotify connection (optional):** access and refresh tokens, encrypted at rest, used only to
  fetch your recently played tracks, your tops and artist details. Disconnecting deletes them.
* **What you do with events:** saves, hides and clicks, used to rank events for you and, counted
  without your name, in promoters' statistics.

Nothing is sent to third parties. Deleting your account (Profile → Delete my account) removes
your account and all of this data at once.
"""


def about_layout() -> html.Div:
    return html.Div(dcc.Markdown(ABOUT, className="about-text"), className="col-lg-8")
