"""The admin's and a promoter's CSV uploads refuse a bad file with the same words."""

from __future__ import annotations

import pytest

from data.feeds.http import FeedError
from data.feeds.manual import CsvAdapter
from data.feeds.promoter_csv import CsvError, read_rows


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff\xfe\x00", "The file is not UTF-8 text (save it as CSV UTF-8)."),
        (b"Title,Date\nX,2026-12-01\n", "The header is missing columns: "),
    ],
)
def test_both_uploads_refuse_a_bad_file_alike(raw, words):
    with pytest.raises(CsvError) as promoter:
        read_rows(raw)
    with pytest.raises(FeedError) as admin:
        CsvAdapter(None).parse_file(raw)
    assert str(promoter.value).startswith(words)
    assert str(admin.value).startswith(words)


def test_a_bom_and_a_shouting_header_are_read():
    raw = "\ufeffSOURCE_ID, Title ,DATE,Venue\nx1,Night,2027-01-05,Tresor\n".encode()
    assert read_rows(raw)[0]["title"] == "Night"
    page = CsvAdapter(None).parse_file(raw)
    assert [e.title for e in page.events] == ["Night"] and not page.failures
