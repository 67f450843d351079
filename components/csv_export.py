"""CSV downloads that a spreadsheet cannot turn into formulas."""

from __future__ import annotations

import pandas as pd

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would read as a formula with a quote (OWASP advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text with every text cell neutralised."""
    clean = frame.copy()
    for column in clean.columns:
        if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
            clean[column] = clean[column].map(neutralise)
    clean.columns = [neutralise(str(c)) for c in clean.columns]
    return clean.to_csv(index=False)
