"""An uploaded CSV file of events: UTF-8 text (a BOM is fine) under a header naming its columns.

The admin's upload (``manual.CsvAdapter``) and a promoter's upload (``promoter_csv``) read
files this one way, so both accept the same files and refuse a bad one with the same words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence


class CsvError(ValueError):
    """The file as a whole cannot be read; the message says why."""


def dict_reader(raw: bytes, required: Sequence[str]) -> csv.DictReader:
    """Rows as dicts keyed by the header's names, stripped and lower-cased.

    Args:
        raw: The file's bytes.
        required: Column names the header must have (lower-case).

    Raises:
        CsvError: The file is not UTF-8 text, or its header lacks a required column.
    """
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("The file is not UTF-8 text (save it as CSV UTF-8).") from None
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvError(f"The header is missing columns: {', '.join(missing)}.")
    reader.fieldnames = header
    return reader
