"""Last.fm top tags of an artist (pylast), as an optional genre source.

Tags are crowd-sourced: only tags with a count of at least ``MIN_COUNT`` (Last.fm scales
counts to 0-100 per artist) and that are not obviously about something else are kept.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pylast

from settings import Settings

MAX_TAGS = 6
MIN_COUNT = 10
# Frequent Last.fm tags that describe the listener or the era, not the music's genre.
NOT_GENRES = frozenset(
    {
        "seen live",
        "favorites",
        "favourite",
        "favourites",
        "favorite",
        "love",
        "awesome",
        "beautiful",
        "male vocalists",
        "female vocalists",
        "under 2000 listeners",
        "albums i own",
        "spotify",
    }
)
ARTIST_NOT_FOUND = "6"


class LastfmUnavailable(RuntimeError):
    """Last.fm cannot answer now (network, 5xx, rate limit, bad key); try again later."""


def configured(settings: Settings) -> bool:
    return bool(settings.lastfm_api_key)


def network(settings: Settings) -> pylast.LastFMNetwork:
    client = pylast.LastFMNetwork(api_key=settings.lastfm_api_key)
    parts = urlsplit(settings.lastfm_api_url)
    client.ws_server = (parts.netloc, parts.path or "/2.0/")
    return client


def genre_tags(client: pylast.LastFMNetwork, artist_name: str) -> list[tuple[str, float]]:
    """(tag, count) pairs that look like genres; empty when Last.fm does not know the artist."""
    try:
        tags = client.get_artist(artist_name).get_top_tags()
    except pylast.WSError as exc:
        if str(exc.status) == ARTIST_NOT_FOUND:
            return []
        raise LastfmUnavailable(f"Last.fm error {exc.status}: {exc.details}") from exc
    except pylast.PyLastError as exc:
        raise LastfmUnavailable(f"Last.fm is unreachable: {exc}") from exc
    kept: list[tuple[str, float]] = []
    for top in tags:
        name = " ".join(str(top.item.get_name()).lower().split())
        count = float(top.weight or 0)
        if count >= MIN_COUNT and name and name not in NOT_GENRES:
            kept.append((name, count))
    return kept[:MAX_TAGS]
