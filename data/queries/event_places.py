"""Events with the names of their venue and city: the one join every short event list makes.

An event may lack a venue (a festival announced by city) or even a city, so both joins are
outer and the names come back as None rather than dropping the event.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from data.models import City, Event, Venue


def with_place(*columns) -> Select:
    """A SELECT of ``columns`` (of events) plus ``venue`` and ``city``, the names.

    Args:
        *columns: Event columns (or labelled expressions) to read before the two names.

    Returns:
        The statement, ready for ``where``, ``join``, ``order_by`` and ``limit``.
    """
    return (
        select(*columns, Venue.name.label("venue"), City.name.label("city"))
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .outerjoin(City, City.id == Event.city_id)
    )


def read_frame(session: Session, statement: Select) -> pd.DataFrame:
    """The rows of ``statement``, one column per selected name (an empty frame keeps them)."""
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))
