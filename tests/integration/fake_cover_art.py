"""A loopback fake of the Cover Art Archive and the image host it redirects to.

``GET /release-group/<mbid>/front-250`` answers as the documented API does: 307 to the image
(here ``/images/<mbid>-250.png`` on the same server, standing in for archive.org), 404 when the
release group has no front cover, and 503 to everything while ``down`` is set.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A real 1x1 PNG (what the archive serves is a JPEG or PNG; the app checks the bytes).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


@dataclass
class FakeCoverArt:
    covers: dict[str, bytes] = field(default_factory=dict)  # release-group MBID -> image
    down: bool = False
    seen: list[str] = field(default_factory=list)  # request paths, in order

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.seen.append(self.path)
                status, headers, body = fake.answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str) -> tuple[int, dict, bytes]:
        if self.down:
            return 503, {"Content-Type": "text/plain"}, b"Service Unavailable"
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "release-group" and parts[2] == "front-250":
            if parts[1] not in self.covers:
                return 404, {"Content-Type": "text/plain"}, b"No cover art found"
            return 307, {"Location": f"/images/{parts[1]}-250.png"}, b""
        if len(parts) == 2 and parts[0] == "images" and parts[1].endswith("-250.png"):
            image = self.covers.get(parts[1].removesuffix("-250.png"))
            if image is not None:
                return 200, {"Content-Type": "image/png"}, image
        return 404, {"Content-Type": "text/plain"}, b"Not Found"
