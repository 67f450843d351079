"""cap_sponsored: sponsored events take at most a share of any list and 1 of the first 5."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from data.ranking.sponsored import HEAD, allowed, cap_sponsored


def _rows(pattern: str) -> list[dict]:
    return [{"id": i, "sponsored": c == "S"} for i, c in enumerate(pattern)]


def _shape(rows: list[dict]) -> str:
    return "".join("S" if r["sponsored"] else "o" for r in rows)


def test_a_block_of_sponsored_events_is_spread_out():
    capped = cap_sponsored(_rows("SSSooooooooo"), 0.2)
    assert _shape(capped) == "SooooooooSo"  # the third has no room left and is dropped
    assert [r["id"] for r in capped][:2] == [0, 3]


def test_organic_lists_and_late_sponsors_are_untouched():
    assert _shape(cap_sponsored(_rows("oooooooooooS"), 0.2)) == "oooooooooooS"
    assert _shape(cap_sponsored(_rows("ooSoo"), 0.2)) == "ooSoo"


def test_share_zero_drops_every_sponsored_event():
    assert _shape(cap_sponsored(_rows("SoSoS"), 0)) == "oo"


def test_objects_with_a_sponsored_attribute_work_too():
    class Row:
        def __init__(self, sponsored):
            self.sponsored = sponsored

    rows = [Row(True), Row(True), Row(False)]
    assert [r.sponsored for r in cap_sponsored(rows, 0.5)] == [True, False]


@given(st.text(alphabet="So", max_size=60), st.sampled_from([0.0, 0.1, 0.2, 0.34, 0.5, 1.0]))
def test_every_prefix_respects_the_cap(pattern, share):
    capped = cap_sponsored(_rows(pattern), share)
    organic = [r["id"] for r in _rows(pattern) if not r["sponsored"]]
    assert [r["id"] for r in capped if not r["sponsored"]] == organic  # never dropped or moved
    for length in range(1, len(capped) + 1):
        sponsored = sum(r["sponsored"] for r in capped[:length])
        assert sponsored <= allowed(length, share)
        if length <= HEAD:
            assert sponsored <= 1
    ids = [r["id"] for r in capped if r["sponsored"]]
    assert ids == sorted(ids)  # sponsored keep their order


def test_landing_next_shows_cap_and_label_sponsored_events(db_session):
    from datetime import date, timedelta

    from components.events import make_event_card
    from data.models import City, Event
    from data.queries.landing import next_shows

    today = date(2026, 11, 10)
    city = City(name="Berlin", slug="berlin", country_code="DE", lat=1, lng=1, timezone="UTC")
    db_session.add(city)
    db_session.flush()
    db_session.add_all(
        Event(
            title=f"Show {i}", local_date=today + timedelta(days=i), timezone="UTC",
            city_id=city.id, sponsored=i < 3,
        )
        for i in range(8)
    )  # fmt: skip
    db_session.flush()
    frame = next_shows(db_session, city.id, today, limit=6, share=0.2)
    assert frame["sponsored"].tolist()[:5].count(True) == 1
    assert frame["title"].tolist()[:2] == ["Show 0", "Show 3"]
    card = make_event_card(frame.iloc[0].to_dict(), today)
    assert "Sponsored" in str(card)
