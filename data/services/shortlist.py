"""The promoter's talent shortlist (one transaction per change, owned by the caller)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data.models import Artist, TalentShortlist


def toggle(session: Session, promoter_id: int, artist_id) -> bool:
    """Add the artist to the shortlist, or remove them; returns whether they are on it now."""
    if not str(artist_id).isdigit() or session.get(Artist, int(artist_id)) is None:
        raise ValueError("unknown artist")
    row = session.get(TalentShortlist, (promoter_id, int(artist_id)))
    if row is not None:
        session.delete(row)
        return False
    session.add(TalentShortlist(promoter_id=promoter_id, artist_id=int(artist_id)))
    return True
