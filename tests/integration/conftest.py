"""Integration tier: real PostgreSQL, Redis, SMTP and loopback HTTP peers (tests/conftest.py)."""
