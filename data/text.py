"""Name normalisation shared by importers, feeds and matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def name_key(value: str | None) -> str:
    """Lower-case, accent-free, punctuation-folded key: "Beyoncé & Co." -> "beyonce and co"."""
    if not value:
        return ""
    return _key(value)


@lru_cache(maxsize=262_144)
def _key(value: str) -> str:
    # Memoised: ingestion keys the same artist, venue and title names many times per run.
    text = value.replace("&", " and ")
    if not text.isascii():  # NFKD and combining marks only matter outside ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def slugify(value: str) -> str:
    return name_key(value).replace(" ", "-")
