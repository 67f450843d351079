"""Role requests: asked on Profile, decided by an admin; nobody else decides anything."""

from __future__ import annotations

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from flask_login import login_user

from callbacks import role_requests as page
from callbacks.server.sessions import LoginUser
from data.db import session_scope
from data.models import RoleRequest, User, UserRole
from data.queries.accounts import find_user_id, get_account
from data.queries.role_requests import my_requests, pending_requests
from data.services.role_requests import RoleRequestError, decide, request_role


def _user(session, email: str) -> int:
    user = User(email=email, password_hash="x", display_name=email[:3])
    session.add(user)
    session.flush()
    return user.id


def test_ask_then_grant_adds_the_role_once(db_session):
    me, admin = _user(db_session, "me@example.org"), _user(db_session, "ad@example.org")
    request_id = request_role(db_session, me, "promoter", "  I run a   club ")
    with pytest.raises(RoleRequestError, match="waiting"):
        request_role(db_session, me, "promoter", "")
    with pytest.raises(RoleRequestError, match="promoter or the analyst"):
        request_role(db_session, me, "admin", "")
    frame, total = pending_requests(db_session)
    assert total == 1 and frame.iloc[0]["reason"] == "I run a club"
    assert decide(db_session, admin, request_id, grant=True) == "granted"
    assert db_session.get(UserRole, (me, "promoter")) is not None
    with pytest.raises(RoleRequestError, match="already decided"):
        decide(db_session, admin, request_id, grant=False)
    with pytest.raises(RoleRequestError, match="already have"):
        request_role(db_session, me, "promoter", "")
    assert my_requests(db_session, me)["status"].tolist() == ["granted"]


def test_refuse_adds_no_role(db_session):
    me, admin = _user(db_session, "me@example.org"), _user(db_session, "ad@example.org")
    request_id = request_role(db_session, me, "analyst", "")
    assert decide(db_session, admin, request_id, grant=False) == "refused"
    assert db_session.get(UserRole, (me, "analyst")) is None
    assert pending_requests(db_session)[1] == 0


def test_a_listener_forging_a_grant_gets_nothing(dash_app):
    with session_scope() as session:
        listener = get_account(session, find_user_id(session, "listener@demo.rewrapped"))
        pending = session.query(RoleRequest).filter_by(status="pending").first()
        assert pending is not None  # the demo set has pending requests
        pending_id = pending.id
    token = context_value.set(
        AttributeDict(
            triggered_inputs=[
                {"prop_id": f'{{"index":{pending_id},"type":"role-grant"}}.n_clicks', "value": 1}
            ]
        )
    )
    try:
        with dash_app.server.test_request_context():
            login_user(LoginUser(listener))
            with pytest.raises(PreventUpdate):
                page.decide(1, [1], [])
    finally:
        context_value.reset(token)
    with session_scope() as session:
        assert session.get(RoleRequest, pending_id).status == "pending"
