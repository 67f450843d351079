"""The instance folder (SQLite database, caches, uploads, generated keys) is the app user's only.

Files there are 0600 and folders 0700. The process umask is set at start so that everything
created later (by SQLite, diskcache, the upload handler) is private too, and what an earlier
version created is tightened once.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE, DIR_MODE = 0o600, 0o700


def secure_instance(directory: Path) -> None:
    """Create ``directory`` private, make new files private, and tighten what is there."""
    # The umask is process-wide: the app writes nothing that others should read.
    os.umask(0o077)
    directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    directory.chmod(DIR_MODE)
    for root, dirs, files in os.walk(directory):
        for name in dirs:
            _chmod(Path(root, name), DIR_MODE)
        for name in files:
            _chmod(Path(root, name), FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    # A file may vanish while walking (a cache evicting, an upload cleaned up).
    try:
        if not path.is_symlink():
            path.chmod(mode)
    except FileNotFoundError:
        pass
