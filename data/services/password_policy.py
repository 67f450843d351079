"""What a password a person chooses must be: long enough and not easy to guess.

zxcvbn estimates how many guesses a password takes (dictionaries, common passwords, names,
keyboard patterns, dates); a score of 3 or more means "safely unguessable" against an online
attack with rate limits, which is what the login form has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 3
# zxcvbn's work grows with length; it refuses inputs over 72 characters by default, and
# a prefix that long is already far beyond guessing when it scores well.
_SCORED_LENGTH = 72


def password_problem(password: str | None, user_inputs: Iterable[str] = ()) -> str | None:
    """A sentence saying what is wrong with ``password``, or None when it is acceptable.

    ``user_inputs`` (the email, the name) count as known words: a password built from them
    scores low.
    """
    password = password or ""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=_known_words(user_inputs))
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    parts = ["This password is too easy to guess.", feedback.get("warning") or ""]
    parts += feedback.get("suggestions") or ["Try a few unrelated words, or a longer phrase."]
    return " ".join(p for p in parts if p)


def _known_words(user_inputs: Iterable[str]) -> list[str]:
    """The values, their pieces and the email's name squashed ("jane.doe" -> "janedoe")."""
    words: list[str] = []
    for value in filter(None, user_inputs):
        value = value.lower()
        name = value.split("@")[0]
        words += [value, name, re.sub(r"[^a-z0-9]", "", name), *re.split(r"[@._+\-\s]+", value)]
    return [w for w in words if w]
