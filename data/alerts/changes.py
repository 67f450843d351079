"""What a feed update changed about an event, in the words an alert uses.

Pure functions over two ``events`` rows (dicts of column values): the stored one and the one a
feed run is about to write.
"""

from __future__ import annotations

from datetime import date, datetime, time

WATCHED_COLUMNS = ("status", "local_date", "local_time", "venue_id", "price_min", "currency")
DESCRIPTIONS = {
    "on_sale": "Tickets are on sale",
    "cancelled": "Cancelled",
    "rescheduled": "Rescheduled",
    "time": "Start time changed",
    "venue": "Venue changed",
    "price_drop": "Price dropped",
}


def _plain(value):
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def _status_change(old: str | None, new: str | None) -> str | None:
    if old == new or new is None:
        return None
    if new == "cancelled":
        return "cancelled"
    if new in ("rescheduled", "postponed"):
        return "rescheduled"
    if old == "offsale" and new == "scheduled":
        return "on_sale"
    return None


def event_changes(old: dict, new: dict) -> list[tuple[str, dict, dict]]:
    """The changes from ``old`` to ``new`` as (kind, old values, new values), kinds in
    ``data.models.CHANGE_KINDS``; an empty list when nothing an alert cares about changed."""
    found: list[tuple[str, tuple[str, ...]]] = []
    status = _status_change(old.get("status"), new.get("status"))
    if status:
        found.append((status, ("status",)))
    if old.get("local_date") != new.get("local_date") and status != "rescheduled":
        found.append(("rescheduled", ("local_date", "local_time")))
    elif old.get("local_time") != new.get("local_time") and new.get("local_time") is not None:
        found.append(("time", ("local_time",)))
    if old.get("venue_id") is not None and new.get("venue_id") not in (None, old["venue_id"]):
        found.append(("venue", ("venue_id",)))
    before, after = old.get("price_min"), new.get("price_min")
    if before is not None and after is not None and float(after) < float(before):
        found.append(("price_drop", ("price_min", "currency")))
    return [
        (
            kind,
            {c: _plain(old.get(c)) for c in columns},
            {c: _plain(new.get(c)) for c in columns},
        )
        for kind, columns in found
    ]


def describe(kind: str, old: dict, new: dict) -> str:
    """One line for a change: "Price dropped: 40.00 → 30.00 EUR"."""
    label = DESCRIPTIONS.get(kind, kind)
    if kind == "price_drop":
        return (
            f"{label}: {old['price_min']:.2f} → {new['price_min']:.2f} {new.get('currency') or ''}"
        )
    if kind == "rescheduled" and new.get("local_date"):
        return f"{label} to {new['local_date']}"
    if kind == "time" and new.get("local_time"):
        return f"{label} to {str(new['local_time'])[:5]}"
    return label
