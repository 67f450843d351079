"""Where ingestion's writes go: straight to the session, or recorded for a writer connection.

Matching reads the database and decides; what it decides is a list of writes. ``Writes`` runs
each at once on the session (the plain path, any database). ``DeferredWrites`` records them so
that a writer thread can apply a whole group on its own connection while the next group is
read and matched on another (``data.services.write_behind``); new ids are drawn from the
sequences at once, so later decisions can refer to rows that are not written yet.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from data.db.bulk import insert_returning_ids, insert_rows, next_ids


class Writes:
    """Writes applied immediately on ``session``."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def execute(self, statement, params=None) -> None:
        if params is None:
            self.session.execute(statement)
        else:
            self.session.execute(statement, params)

    def insert_rows(self, model, rows: list[dict]) -> None:
        insert_rows(self.session, model, rows)

    def insert_returning_ids(self, model, rows: list[dict]) -> list[int]:
        return insert_returning_ids(self.session, model, rows)


class DeferredWrites(Writes):
    """Writes recorded in order, to be applied later with ``apply`` (PostgreSQL only)."""

    def __init__(self, reader: Session) -> None:
        super().__init__(reader)
        self.operations: list[tuple] = []

    def execute(self, statement, params=None) -> None:
        self.operations.append(("execute", statement, params))

    def insert_rows(self, model, rows: list[dict]) -> None:
        if rows:
            self.operations.append(("insert", model, rows))

    def insert_returning_ids(self, model, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        ids = next_ids(self.session, model, len(rows))
        self.insert_rows(model, [{**r, "id": i} for r, i in zip(rows, ids, strict=True)])
        return ids

    def apply(self, session: Session) -> None:
        """Run the recorded writes, in order, in ``session``'s transaction."""
        now = Writes(session)
        for kind, first, second in self.operations:
            if kind == "execute":
                now.execute(first, second)
            else:
                now.insert_rows(first, second)
