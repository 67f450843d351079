"""Fixtures shared by the unit tests (tests/conftest.py has the cross-tier ones)."""

from __future__ import annotations

import pytest

from data.models import User


@pytest.fixture
def user_id(db_session) -> int:
    """A plain listener in the test's own SQLite database."""
    user = User(email="me@example.org", password_hash="x", display_name="me")
    db_session.add(user)
    db_session.commit()
    return user.id
