"""Name helpers for matching: performance qualifiers ("DJ set", "live") and distances."""

from __future__ import annotations

import re
from functools import lru_cache
from math import asin, cos, radians, sin, sqrt

from data.text import name_key

# A qualifier marks a different kind of performance by the same artist: "Artist (DJ set)" is
# not the concert "Artist", but it is the same artist row.
_QUALIFIERS = {
    "dj set": "dj set",
    "dj": "dj set",
    "djset": "dj set",
    "live set": "live",
    "live": "",
    "acoustic": "acoustic",
    "acoustic set": "acoustic",
    "unplugged": "acoustic",
    "matinee": "early",
    "early show": "early",
    "late show": "late",
    "afterparty": "afterparty",
    "after party": "afterparty",
    "album release": "release",
    "record release": "release",
    "release party": "release",
    "listening party": "listening",
    "in conversation": "talk",
    "book signing": "talk",
    "instore": "instore",
    "in store": "instore",
}
_QUALIFIER_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r")\b"
)
_BRACKETED = re.compile(r"[\(\[]([^()\[\]]*)[\)\]]")
_TRAILING_DASH = re.compile("\\s*[-\u2013\u2014:|]\\s+(.*)$")
# Neither pattern can match without one of these characters: one scan instead of two.
_MAY_QUALIFY = re.compile("[\\(\\[\\-\u2013\u2014:|]")


def split_qualifier(name: str) -> tuple[str, str]:
    """("Artist (DJ set)") -> ("Artist", "dj set"); ("Artist") -> ("Artist", "")."""
    for pattern in (_BRACKETED, _TRAILING_DASH) if _MAY_QUALIFY.search(name) else ():
        for match in pattern.finditer(name):
            inner = name_key(match.group(1))
            found = _QUALIFIER_RE.fullmatch(inner) or _QUALIFIER_RE.fullmatch(
                inner.removesuffix(" set")
            )
            if found:
                base = (name[: match.start()] + name[match.end() :]).strip(" -\u2013\u2014:|")
                return base or name, _QUALIFIERS[found.group(1)]
    key = name_key(name)
    if key.endswith(" dj set"):
        return name[: len(name) - len(" DJ set")].strip(), "dj set"
    return name, ""


def qualifiers(*texts: str) -> frozenset[str]:
    """Every performance qualifier mentioned anywhere in a title or lineup names."""
    if len(texts) == 1:
        return _qualifiers_of(texts[0])
    return frozenset().union(*map(_qualifiers_of, texts))


@lru_cache(maxsize=131_072)
def _qualifiers_of(value: str) -> frozenset[str]:
    # Memoised: stored candidates' titles are compared again for every incoming batch.
    found: set[str] = set()
    key = name_key(value)
    for match in _QUALIFIER_RE.finditer(key):
        tag = _QUALIFIERS[match.group(1)]
        # a bare "dj" is part of many names ("DJ Shadow"); only count it as a set at the end
        if match.group(1) == "dj" and not key.endswith(" dj"):
            continue
        if tag:
            found.add(tag)
    return frozenset(found)


@lru_cache(maxsize=131_072)
def base_key(name: str) -> str:
    """Name key without a performance qualifier; memoised (lineups repeat across a run)."""
    return name_key(split_qualifier(name)[0])


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    a = (
        sin(radians(lat2 - lat1) / 2) ** 2
        + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lng2 - lng1) / 2) ** 2
    )
    return 12_742_000.0 * asin(min(1.0, sqrt(a)))
