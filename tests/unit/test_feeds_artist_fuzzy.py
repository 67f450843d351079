"""Batched fuzzy artist matching picks exactly what one extractOne per name block would."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process

from data.feeds.model import LineupEntry
from data.matching import name_blocks
from data.matching.artists import ArtistResolver
from data.matching.name_blocks import FUZZY_THRESHOLD, blocks_for


def _one_by_one(resolver: ArtistResolver, key: str) -> int | None:
    """The rule as first written: blocks in size order, strictly better scores replace."""
    if len(key) < 4:
        return None
    best = None
    for block in blocks_for(key):
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


@pytest.mark.parametrize("cdist_cells", [0, 10**9], ids=["cdist", "extract-one"])
def test_batched_fuzzy_matches_agree_with_one_lookup_per_block(monkeypatch, cdist_cells):
    # Blocks are scored with one cdist call, or with one extractOne per key when small: both
    # ways must pick what the rule picks.
    monkeypatch.setattr(name_blocks, "CDIST_CELLS", cdist_cells)
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


def test_close_new_names_in_one_batch_become_one_artist(db_session):
    names = ["Portishead", "Portisheadd", "Sum 41", "Sum 42", "Massive Attack"]
    together = ArtistResolver(db_session)
    ids = together.resolve([LineupEntry(n) for n in names])
    assert ids[0] == ids[1]  # a typo of a name new in the same batch
    assert ids[2] != ids[3]  # different numbers, different acts
    assert together.created == 4

    # Split over batches, names of the same kind group the same way.
    apart = ArtistResolver(db_session)
    first = apart.resolve([LineupEntry("Khruangbin Trio")])
    second = apart.resolve([LineupEntry("Khruangbin Trioo")])
    again = ArtistResolver(db_session).resolve(
        [LineupEntry("Mordechai Sessions"), LineupEntry("Mordechai Sesions")]
    )
    assert first == second and again[0] == again[1]


def test_names_with_different_spotify_ids_stay_apart_in_a_batch(db_session):
    resolver = ArtistResolver(db_session)
    ids = resolver.resolve(
        [
            LineupEntry("Nova Band", spotify_id="a" * 22),
            LineupEntry("Nova Bandd", spotify_id="b" * 22),
        ]
    )
    assert ids[0] != ids[1]


def test_blocks_cover_every_length_that_can_reach_the_threshold():
    # Names that share as much as their lengths allow score the most any pair of those lengths
    # can: each such length must be searched, or a close name of it could never match.
    for size in range(4, 160):
        key = "ab" + "x" * (size - 2)
        searched = {length for _, length, _ in blocks_for(key)}
        for other in range(2, 2 * size):
            if fuzz.ratio(key, "ab" + "x" * (other - 2)) >= FUZZY_THRESHOLD:
                assert other in searched, (size, other)
        assert len(searched) <= size // 3 + 3  # and the search stays narrow
