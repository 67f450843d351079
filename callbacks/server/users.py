"""The logged-in user as Flask-Login sees it: a wrapper around the ``Account`` value."""

from __future__ import annotations

from flask_login import UserMixin

from data.queries.accounts import Account


class LoginUser(UserMixin):
    """Flask-Login's view of an Account."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.id = account.id

    def __getattr__(self, name: str):
        return getattr(self.account, name)
