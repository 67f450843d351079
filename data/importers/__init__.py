"""Listening history in: Spotify export formats and live sync, through one normaliser and store.

A domain floor of ``data/``: uses ``data.db``, ``data.models`` and pure values; never
``data.queries`` or ``data.services`` (which call it)."""
