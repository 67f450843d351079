"""Name blocks for fuzzy artist matching: which stored names a lineup name is compared with,
and the clustering of one batch's new names by the same rule."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from data.feeds.model import LineupEntry

FUZZY_THRESHOLD = 93
# Comparisons from which one cdist call scores a block cheaper than an extractOne per key.
CDIST_CELLS = 20_000
_NUMBERS = re.compile(r"\d+")


def cluster(missing: dict[str, tuple[str, LineupEntry]]) -> dict[str, str]:
    """New names of one batch that fuzzy-match an earlier new name of the same batch: alias ->
    that name. Without this, "Radiohed" and "Radiohead" arriving in one batch became two
    artists, while in two batches the second matched the first: the outcome hung on where a
    batch happened to end. Same rule as against stored artists (threshold, blocks, numbers),
    except that names carrying different Spotify or MusicBrainz ids stay apart.
    """
    blocks: dict[tuple[str, int, str], list[str]] = {}
    aliases: dict[str, str] = {}
    for key, (_, entry) in missing.items():
        if len(key) < 4:
            continue
        best = None
        for block in blocks_for(key):
            choices = blocks.get(block)
            hit = choices and process.extractOne(
                key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
            )
            if hit and (best is None or hit[1] > best[1]):
                best = hit
        if best is not None and _same_ids(entry, missing[best[0]][1]):
            aliases[key] = best[0]
        else:
            blocks.setdefault(name_block(key), []).append(key)
    return aliases


def _same_ids(a: LineupEntry, b: LineupEntry) -> bool:
    """Nothing says these are different artists: no conflicting Spotify or MusicBrainz id."""
    return not (a.spotify_id and b.spotify_id and a.spotify_id != b.spotify_id) and not (
        a.mbid and b.mbid and a.mbid != b.mbid
    )


def name_block(key: str, size: int | None = None) -> tuple[str, int, str]:
    """Fuzzy matching only compares names with the same first two characters, a length that
    could reach the threshold, and the same numbers: "Sum 41" is not "Sum 42", nor "Blink-182"
    "Blink-183", however close the spelling."""
    return key[:2], len(key) if size is None else size, " ".join(_NUMBERS.findall(key))


@lru_cache(maxsize=131_072)
def blocks_for(key: str) -> tuple[tuple[str, int, str], ...]:
    """The blocks fuzzy matching searches for ``key``, in the order of sizes. Memoised, and the
    numbers found once per key, not once per size: this ran ~40 regex scans per lineup name."""
    prefix, size, numbers = name_block(key)
    low, high = _sizes_within_reach(size)
    return tuple((prefix, n, numbers) for n in range(low, high + 1))


def _sizes_within_reach(size: int) -> tuple[int, int]:
    """The name lengths that can reach ``FUZZY_THRESHOLD`` against a name of ``size``, widened
    by one at each end. ``fuzz.ratio`` is 200 * common / (len_a + len_b) and common is at most
    the shorter length, so len_b ranges from size * t / (200 - t) to size * (200 - t) / t.
    Only blocks that can hold no match are skipped: the same names match (once ``size`` - 1.15
    x size to ``size`` + 1.15 x size were searched, six times the blocks of a 12-letter name)."""
    t = FUZZY_THRESHOLD
    return size * t // (200 - t), -(-size * (200 - t) // t)


def best_in_block(queries: list[str], choices: list[str]) -> list[tuple[float, int] | None]:
    """For each query, (score, index) of its best choice at ``FUZZY_THRESHOLD``+ (the first of
    equal scores), else None. One ``cdist`` for a big block (C loops on both cores), an
    ``extractOne`` per query for a small one: a cdist call costs ~0.2 ms of CPU whatever its
    size, and most blocks are small. Both give the same answer."""
    if len(queries) * len(choices) < CDIST_CELLS:
        found = []
        for query in queries:
            hit = process.extractOne(
                query, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
            )
            found.append(None if hit is None else (float(hit[1]), hit[2]))
        return found
    scores = process.cdist(
        queries,
        choices,
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_THRESHOLD,
        dtype=np.float64,
        workers=-1,
    )
    best = scores.argmax(axis=1)
    return [
        (float(scores[row, col]), int(col)) if scores[row, col] >= FUZZY_THRESHOLD else None
        for row, col in enumerate(best)
    ]
