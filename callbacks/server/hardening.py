"""Request hardening on the Flask server: bounded bodies, safe JSON parsing, security headers.

Bodies are refused before anything reads them: a declared ``Content-Length`` over
``MAX_REQUEST_KB`` gets 413 at once, and a chunked body (no length) is read through Werkzeug's
limited stream, which raises 413 at the same limit (``MAX_CONTENT_LENGTH``). Only the two
upload routes take ``MAX_UPLOAD_MB``; they stream their multipart parts to disk themselves.
"""

from __future__ import annotations

import flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import RequestEntityTooLarge

# Endpoints that parse their own body from the WSGI stream under MAX_UPLOAD_MB.
UPLOAD_ENDPOINTS = frozenset({"uploads.upload", "admin_uploads.upload"})
SECURITY_HEADERS = {
    # Anti-framing twice: frame-ancestors for current browsers, X-Frame-Options for old ones.
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, with nesting too deep for the parser reported as bad JSON (400, not 500).

    The standard library's decoder raises RecursionError on a body such as 100,000 ``[``;
    ``Request.get_json`` turns only ValueError into a 400.
    """

    def loads(self, s, **kwargs):
        """Parse JSON; too deep a nesting raises ValueError like any other malformed body."""
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def install(server: flask.Flask, max_request_bytes: int) -> None:
    """Bound every body and add the security headers; call before any other request hook."""
    server.json_provider_class = BoundedJSONProvider
    server.json = BoundedJSONProvider(server)
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    server.before_request(_bound_body)
    # A chunked body has no length to check up front; Werkzeug's stream stops at the limit.
    server.register_error_handler(RequestEntityTooLarge, lambda _exc: too_large(max_request_bytes))
    server.after_request(_security_headers)


def _bound_body():
    request = flask.request
    if request.endpoint in UPLOAD_ENDPOINTS:
        return None  # the upload route checks MAX_UPLOAD_MB and streams to disk
    limit = flask.current_app.config["MAX_CONTENT_LENGTH"]
    length = request.content_length
    if length is not None and length > limit:
        return too_large(limit)
    # A chunked body: Werkzeug's stream stops reading at the limit without an error, so read
    # it now (at most the limit, kept for the view) and refuse one that fills it.
    chunked = length is None and request.environ.get("wsgi.input_terminated")
    if chunked and len(request.get_data(cache=True, parse_form_data=False)) >= limit:
        return too_large(limit)
    return None


def too_large(limit: int):
    """413 in the JSON shape every other refusal of the server uses."""
    message = f"The request body is over the limit of {limit // 1024} KB."
    return flask.jsonify(error=message), 413


def _security_headers(response: flask.Response) -> flask.Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
