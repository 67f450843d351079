"""CSV export that spreadsheets open safely.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is a formula to
Excel, LibreOffice and Google Sheets; an event title or venue name from a feed could run one
("CSV injection"). Such text cells get a leading apostrophe, which spreadsheets show as text.
Numbers stay numbers: a negative number is data, not a formula.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value``, with a leading apostrophe if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text with every formula-like text cell (and header) neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False)
