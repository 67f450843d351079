"""Top floor of ``data/``: writes.

Each public function is one transaction the caller's ``session_scope`` commits. May use every
lower floor, including ``data.queries`` for reads."""
