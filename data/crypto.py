"""Password hashing and encryption of OAuth tokens at rest."""

from __future__ import annotations

import hashlib

from cryptography.fernet import Fernet, InvalidToken
from werkzeug.security import check_password_hash, generate_password_hash


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's default method)."""
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


class TokenCipher:
    """Fernet (AES-128-CBC + HMAC) with the key from TOKEN_ENCRYPTION_KEY."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, value: str) -> str | None:
        """The plain value, or None when the key changed or the value was tampered with."""
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken:
            return None


def token_digest(token: str) -> str:
    """SHA-256 hex of a login token: what the database keeps instead of the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()
