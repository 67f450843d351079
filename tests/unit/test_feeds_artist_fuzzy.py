"""Batched fuzzy artist matching picks exactly what one extractOne per name block would."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from data.matching.artists import FUZZY_THRESHOLD, ArtistResolver, _blocks_for


def _one_by_one(resolver: ArtistResolver, key: str) -> int | None:
    """The rule as first written: blocks in size order, strictly better scores replace."""
    if len(key) < 4:
        return None
    best = None
    for block in _blocks_for(key):
        keys, ids = resolver._blocks.get(block, ((), ()))
        match = keys and process.extractOne(
            key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
        )
        if match and (best is None or match[1] > best[0]):
            best = (match[1], ids[match[2]])
    return best[1] if best else None


def _resolver_with(keys: list[str]) -> ArtistResolver:
    resolver = ArtistResolver(session=None)
    resolver._blocks = {}
    for artist_id, key in enumerate(keys):
        if len(key) >= 4:
            resolver._add_to_block(key, artist_id)
    return resolver


def test_batched_fuzzy_matches_agree_with_one_lookup_per_block():
    rng = random.Random(7)
    words = ["act", "band", "trio", "new", "the", "dj", "neu", "nes", "abc"]
    stored = sorted(
        {
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            + f" {rng.randint(0, 400)}"
            for _ in range(3000)
        }
    )
    rng.shuffle(stored)
    stored += [k + "x" for k in stored[:300]] + [k + "y" for k in stored[:300]]  # equal scores
    resolver = _resolver_with(stored)
    queries = {"abc", "zzzz", ""}
    for key in rng.sample(stored, 600):
        i = rng.randrange(len(key))
        queries |= {key + "z", key[:i] + key[i + 1 :], key[:-1] + "9"}
    found = resolver._fuzzy_many(queries)
    expected = {q: _one_by_one(resolver, q) for q in queries}
    assert {q: found.get(q) for q in queries} == expected
    assert sum(v is not None for v in expected.values()) > 500  # the case is not vacuous


def test_no_match_below_the_threshold():
    resolver = _resolver_with(["radiohead", "portishead"])
    assert resolver._fuzzy_many({"radiohed", "massive attack"}) == {
        "radiohed": 0,
        "massive attack": None,
    }


def test_names_with_different_numbers_are_different_artists():
    resolver = _resolver_with(["new act 123", "sum 41", "blink 182", "portishead", "mono 2024"])
    queries = {"new act 1234", "sum 42", "blink 183", "portisheadd", "monno 2024", "mono 2025"}
    assert resolver._fuzzy_many(queries) == {
        "new act 1234": None,  # one digit more is another act, not a typo
        "sum 42": None,
        "blink 183": None,
        "mono 2025": None,
        "portisheadd": 3,  # a typo still matches, with or without numbers
        "monno 2024": 4,
    }
