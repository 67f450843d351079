"""Demo artwork: a generated picture for each of the demo listener's artists, kept on disk.

The demo has no image host to fetch from (the app must run offline), so its artists' images
are drawn here, a two-colour gradient per artist, and written where the artwork job keeps
fetched ones; the pages then show them through ``/artwork`` like any other.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data.artwork import artwork_path, store
from data.models import Album, Artist, Play

SIZE = 64


def _png(seed: str) -> bytes:
    """A SIZE x SIZE RGB PNG: a diagonal gradient between two colours taken from ``seed``."""
    h = np.frombuffer(hashlib.sha256(seed.encode()).digest()[:6], dtype=np.uint8)
    one, two = h[:3].astype(float), h[3:6].astype(float)
    t = np.add.outer(np.arange(SIZE), np.arange(SIZE)) / (2 * SIZE - 2)
    pixels = np.rint(one + (two - one) * t[..., None]).astype(np.uint8)
    # Each PNG row starts with its filter type (0: none).
    rows = np.concatenate([np.zeros((SIZE, 1), np.uint8), pixels.reshape(SIZE, -1)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes()))
        + chunk(b"IEND", b"")
    )


def make_demo_artwork(session: Session, instance_dir: Path, listener_id: int) -> int:
    """Draw and keep images for the listener's artists and albums; returns how many."""
    made = 0
    for model, column in ((Artist, Play.artist_id), (Album, Play.album_id)):
        ids = session.scalars(select(column).where(Play.user_id == listener_id).distinct()).all()
        kind = "artist" if model is Artist else "album"
        for item_id in ids:
            if item_id is None:
                continue
            store(artwork_path(instance_dir, kind, item_id), _png(f"{kind}:{item_id}"))
            # Marks the image as known; the artwork job skips it because the file exists.
            session.execute(
                update(model)
                .where(model.id == item_id, model.image_url.is_(None))
                .values(image_url=f"demo:{kind}/{item_id}")
            )
            made += 1
    return made
