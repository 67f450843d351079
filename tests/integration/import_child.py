"""Child process for the kill test: import files in one transaction, reporting each file done.

Usage: python -m tests.integration.import_child DATABASE_URL USER_ID MARKER_FILE PATH...
The marker file gets one line per imported file, so the parent can kill it mid-import.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from data.db import make_engine
from data.importers.sources import Limits
from data.services.imports import import_history


def main(url: str, user_id: str, marker: str, *paths: str) -> None:
    engine = make_engine(url)
    session = sessionmaker(engine)()

    def progress(fraction: float, message: str) -> None:
        with open(marker, "a") as fh:
            fh.write(f"{fraction:.3f} {message}\n")

    report = import_history(
        session,
        int(user_id),
        [Path(p) for p in paths],
        Limits.for_upload_limit(1 << 30),
        progress=progress,
    )
    session.commit()
    print(json.dumps({k: report[k] for k in ("rows_seen", "plays_added", "duplicates")}))


if __name__ == "__main__":
    main(*sys.argv[1:])
