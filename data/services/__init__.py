"""Write paths: each public function is one transaction the caller's session_scope commits."""
