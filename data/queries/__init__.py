"""Read paths: (session, scope, filters) -> DataFrame or plain values. Never commit."""
