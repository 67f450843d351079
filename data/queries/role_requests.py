"""Reads of role requests: a user's own, and the pending ones for admins."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import RoleRequest, User


def my_requests(session: Session, user_id: int) -> pd.DataFrame:
    """The user's requests, newest first: role, status, created_at."""
    rows = session.execute(
        select(RoleRequest.role, RoleRequest.status, RoleRequest.created_at)
        .where(RoleRequest.user_id == user_id)
        .order_by(RoleRequest.created_at.desc())
    ).all()
    return pd.DataFrame(rows, columns=["role", "status", "created_at"])


def pending_requests(session: Session, limit: int = 50) -> tuple[pd.DataFrame, int]:
    """Pending requests, oldest first, with who asked; and how many are pending in all."""
    base = select(RoleRequest.id).where(RoleRequest.status == "pending")
    total = len(session.scalars(base).all())
    rows = session.execute(
        select(
            RoleRequest.id,
            User.display_name,
            User.email,
            RoleRequest.role,
            RoleRequest.reason,
            RoleRequest.created_at,
        )
        .join(User, User.id == RoleRequest.user_id)
        .where(RoleRequest.status == "pending")
        .order_by(RoleRequest.created_at)
        .limit(limit)
    ).all()
    columns = ["id", "name", "email", "role", "reason", "created_at"]
    return pd.DataFrame(rows, columns=columns), total
