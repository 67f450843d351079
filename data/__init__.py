"""The only package that touches SQLAlchemy, built in floors.

Each floor imports only the floors below it (checked by import-linter, see ``pyproject.toml``):

1. ``bootstrap``, ``demo``: composition (schema plus demo data on first start).
2. ``services/``: writes; each public function is one transaction the caller commits.
3. ``queries/``: reads -> DataFrames or plain values; never commit. Services may call them.
4. Domain packages: ``importers/`` (listening history), ``feeds/`` (event adapters),
   ``matching/`` (venue, artist and event resolution), ``ranking/``, and the API clients
   ``lastfm`` and ``spotify``.
5. Ground floor: ``db/`` (engine, session, bulk-SQL helpers, the data version), ``frame_cache``
   and ``job_progress`` (cache backends), ``migrate`` (Alembic), ``crypto``.
6. ``models/``: typed tables.
7. Pure values: ``text`` (name keys), ``gazetteer`` (offline cities).
"""
