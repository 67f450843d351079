"""Listening analytics: DuckDB over a user's cached Arrow tables (see ``frame``).

Every function takes the session, the user id and a ``Filters`` and returns a DataFrame or plain
values, with times in the filter's time zone.
"""
