"""The only package that touches SQLAlchemy: models, sessions, queries, services, importers."""
