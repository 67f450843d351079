"""Resolution of feed records to shared rows: venues, artists, and events across sources.

A domain floor of ``data/``: uses ``data.feeds`` values, ``data.db`` and below; never
``data.queries`` or ``data.services`` (the feed write path there calls it)."""
