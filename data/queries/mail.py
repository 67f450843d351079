"""Outgoing mail for the admin page: newest first, with status, attempts and last error."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import OutboundMail


def mail_page(session: Session, page: int, per_page: int) -> tuple[list[dict], int]:
    """One page of outgoing mail and the total count."""
    total = session.scalar(select(func.count()).select_from(OutboundMail)) or 0
    rows = session.execute(
        select(
            OutboundMail.id,
            OutboundMail.to_addr,
            OutboundMail.subject,
            OutboundMail.kind,
            OutboundMail.status,
            OutboundMail.attempts,
            OutboundMail.last_error,
            OutboundMail.created_at,
            OutboundMail.sent_at,
        )
        .order_by(OutboundMail.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return [r._asdict() for r in rows], total
