"""Every component id is declared once with a unique value."""

from __future__ import annotations

from collections import Counter

from components import ids


def test_component_ids_are_unique():
    values = Counter(ids.all_ids().values())
    assert [v for v, n in values.items() if n > 1] == []


def test_public_outputs_are_declared_ids():
    assert set(ids.all_ids().values()) >= ids.PUBLIC_OUTPUTS
