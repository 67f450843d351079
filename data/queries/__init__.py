"""Reads, one floor below ``data.services``.

(session, scope, filters) -> DataFrame or plain values. Never commit, never import
``data.services``; may use the domain packages and below."""
