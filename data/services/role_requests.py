"""Role requests: a listener asks for the promoter or analyst role; an admin grants or refuses.

Each public function is one transaction owned by the caller.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import REQUESTABLE_ROLES, RoleRequest, UserRole, utcnow

MAX_REASON = 500


class RoleRequestError(ValueError):
    """The request cannot be made or decided; the message says why, for the person."""


def request_role(session: Session, user_id: int, role: str, reason: str) -> int:
    """File a pending request; refuses unknown roles, held roles and duplicates."""
    if role not in REQUESTABLE_ROLES:
        raise RoleRequestError("Pick the promoter or the analyst role.")
    held = session.get(UserRole, (user_id, role))
    if held is not None:
        raise RoleRequestError(f"You already have the {role} role.")
    pending = session.scalar(
        select(RoleRequest.id).where(
            RoleRequest.user_id == user_id,
            RoleRequest.role == role,
            RoleRequest.status == "pending",
        )
    )
    if pending is not None:
        raise RoleRequestError(f"Your request for the {role} role is waiting for an admin.")
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise RoleRequestError(f"Keep the reason under {MAX_REASON} characters.")
    row = RoleRequest(user_id=user_id, role=role, reason=reason, status="pending")
    session.add(row)
    session.flush()
    return row.id


def decide(session: Session, admin_id: int, request_id: int, grant: bool) -> str:
    """Grant (adding the role) or refuse a pending request; returns the new status."""
    row = session.get(RoleRequest, int(request_id))
    if row is None or row.status != "pending":
        raise RoleRequestError("That request was already decided or no longer exists.")
    row.status = "granted" if grant else "refused"
    row.decided_at, row.decided_by = utcnow(), admin_id
    if grant and session.get(UserRole, (row.user_id, row.role)) is None:
        session.add(UserRole(user_id=row.user_id, role=row.role))
    return row.status
