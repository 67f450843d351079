"""Bulk upload of a promoter's events from CSV: preview every row, then all or nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from data.feeds.promoter_csv import read_rows, to_form
from data.feeds.promoter_form import FormError, validate
from data.queries.promoter_events import known
from data.services.promoter_events import save_event


def preview(session: Session, raw: bytes, today: date) -> list[dict]:
    """Per row: line number, title, date, venue and its errors (empty when the row is good).

    Raises ``data.feeds.promoter_csv.CsvError`` when the file itself cannot be read.
    """
    choices = known(session)
    out = []
    for line, row in enumerate(read_rows(raw), start=2):
        try:
            validate(to_form(row, choices), choices, today)
            errors: dict[str, str] = {}
        except FormError as exc:
            errors = exc.errors
        out.append(
            {"line": line, "title": row.get("title", ""), "date": row.get("date", ""),
             "venue": row.get("venue", ""), "errors": errors}
        )  # fmt: skip
    return out


def commit(session: Session, user_id: int, raw: bytes, today: date) -> int:
    """Store every row as the caller's event in the caller's transaction; returns how many.

    Raises ``FormError`` (naming the first bad line) when any row is invalid, so the caller's
    transaction rolls back and no event of the file lands.
    """
    choices = known(session)
    rows = read_rows(raw)
    for line, row in enumerate(rows, start=2):
        try:
            validate(to_form(row, choices), choices, today)
        except FormError as exc:
            raise FormError({f"line {line}": "; ".join(exc.errors.values())}) from None
    for row in rows:
        save_event(session, user_id, False, None, to_form(row, choices), today)
    return len(rows)
