"""A loopback fake of Last.fm's web service over TLS (pylast only speaks https).

It answers ``artist.getTopTags`` with Last.fm's XML (``<lfm status="ok"><toptags>``) and its
error documents (code 6: artist not found, 10: invalid key, 29: rate limit). The self-signed
certificate for 127.0.0.1 is written next to the key; a client trusts it via SSL_CERT_FILE.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs
from xml.sax.saxutils import escape, quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

API_KEY = "fake-lastfm-key"
ERRORS = {
    "6": "The artist you supplied could not be found",
    "10": "Invalid API key - You must be granted a valid key by last.fm",
    "29": "Rate limit exceeded - Your IP has made too many requests in a short period",
}


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own CA (trust it with SSL_CERT_FILE)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "lastfm-cert.pem", folder / "lastfm-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class FakeLastfm:
    """Tags per artist name; ``errors`` are error codes answered to the next requests."""

    tags: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)

    def start(self, folder: Path) -> str:
        self.cert_path, key_path = self_signed_cert(folder)
        fake = self

        class Handler(_Handler):
            state = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, key_path)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"https://127.0.0.1:{self._server.server_address[1]}/2.0/"
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    state: FakeLastfm
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        fake = self.state
        fake.requests.append(form)
        if self.path != "/2.0/":
            return self._send(404, "<html>Not found</html>")
        if fake.errors:
            return self._error(fake.errors.pop(0))
        if form.get("api_key") != API_KEY:
            return self._error("10")
        if form.get("method", "").lower() != "artist.gettoptags":
            return self._error("3")
        artist = form.get("artist", "")
        tags = fake.tags.get(artist.lower())
        if tags is None:
            return self._error("6")
        items = "".join(
            f"<tag><count>{count}</count><name>{escape(tag)}</name>"
            f"<url>https://www.last.fm/tag/{escape(tag.replace(' ', '+'))}</url></tag>"
            for tag, count in tags
        )
        return self._send(
            200,
            '<?xml version="1.0" encoding="UTF-8"?>\n<lfm status="ok">'
            f"<toptags artist={quoteattr(artist)}>{items}</toptags></lfm>",
        )

    def _error(self, code: str) -> None:
        message = escape(ERRORS.get(code, "Invalid method"))
        self._send(
            200 if code != "29" else 429,
            f'<?xml version="1.0" encoding="UTF-8"?>\n<lfm status="failed">'
            f'<error code="{code}">{message}</error></lfm>',
        )

    def _send(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
