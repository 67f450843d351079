"""The parse helpers' column path gives what the row-by-row path gives, or steps aside."""

from __future__ import annotations

import pytest

from data.importers.columns import from_rows, parse_columns
from data.importers.fast import parse_extended_fast
from tests import import_samples as s

NO_ALBUM = "master_metadata_album_album_name"


def _both(tmp_path, rows, name="Streaming_History_Audio_2020.json"):
    data = s.write_json(tmp_path / name, rows).read_bytes()
    return parse_columns(data), from_rows(parse_extended_fast(name, data))


def test_a_mixed_file_gives_the_same_columns_both_ways(tmp_path):
    rows = [
        s.audio_row("2020-06-02T10:00:00Z", "Song A", "Band", 200_000, "spotify:track:A"),
        s.episode_row("2020-06-01T09:00:00Z", "Episode 1", "The Show", 1_500_000),
        s.chapter_row("2020-06-03T11:00:00Z", "Chapter 2", "The Book", 900_000),
        s.audio_row("2020-06-02T10:00:00Z", "Song A", "Band", 200_000, "spotify:track:A"),
        s.audio_row("2020-06-04T10:00:00Z", "Song B", "Band", 0, None, platform="p" * 60),
        s.audio_row("2020-06-05T10:00:00Z", "Song C", "Band", 5, "", conn_country="DEU"),
        s.audio_row("2020-06-06T10:00:00Z", "Song D", "Band", 5, skipped=None, platform=""),
        s.endsong_row("2019-12-31T23:59:59Z", "Old", "Band", 1_000),
        s.audio_row("2020-06-07T10:00:00Z", "Song E", "Band", 7, **{NO_ALBUM: ""}),
    ]
    columns, by_rows = _both(tmp_path, rows)
    assert columns is not None, "a file with nothing to reject takes the column path"
    assert columns == by_rows
    assert columns.first == "2019-12-31T23:59:59" and columns.last == "2020-06-07T10:00:00"
    assert columns.ended[0] == "2019-12-31 23:59:59.000000"
    assert set(columns.kind) == {"music", "podcast", "audiobook"}
    platforms, countries = columns.details[4:6]
    assert "p" * 40 in platforms and "" not in platforms and None in platforms
    assert "DEU" not in countries and "DE" in countries


def test_an_all_music_file_gives_the_same_columns_both_ways(tmp_path):
    rows = [
        s.audio_row(f"2021-03-0{day}T10:00:00Z", f"Song {day}", "Band", 1_000 * day, None)
        for day in (3, 1, 2)
    ]
    columns, by_rows = _both(tmp_path, rows)
    assert columns is not None and columns == by_rows
    assert columns.ms == (1_000, 2_000, 3_000) and columns.uri == (None, None, None)


def test_an_empty_file_has_no_columns(tmp_path):
    columns = parse_columns(s.write_json(tmp_path / "endsong_0.json", []).read_bytes())
    assert columns is None or columns.plays == 0


@pytest.mark.parametrize(
    "odd",
    [
        s.endsong_row("2020-13-01T00:00:00Z", "Bad", "Month", 1_000),  # not a date
        s.endsong_row("2020-02-30T00:00:00Z", "Bad", "Day", 1_000),  # not a date either
        s.endsong_row("2005-01-01T00:00:00Z", "Too", "Early", 1_000),
        s.endsong_row("2099-01-01T00:00:00Z", "Too", "Late", 1_000),
        s.endsong_row("2020-06-02T10:00:00Z", "Long", "Play", 25 * 3600 * 1000),
        s.endsong_row("2020-06-02T10:00:00Z", "Negative", "Play", -1),
        s.endsong_row("2020-06-03T10:00:00Z", "Nameless", "", 1_000),
        s.endsong_row("2020-06-04T10:00:00+02:00", "Offset", "Band", 1_000),
        s.endsong_row("2020-06-04T10:00:00.250Z", "Fraction", "Band", 1_000),
        s.endsong_row("2020-06-05T10:00:00Z", "", "", 1_000, master_metadata_track_name=None),
    ],
)
def test_a_row_to_reject_or_repair_sends_the_file_row_by_row(odd, tmp_path):
    good = s.endsong_row("2020-06-01T10:00:00Z", "Good", "Band", 1_000)
    columns, by_rows = _both(tmp_path, [good, odd], name="endsong_0.json")
    assert columns is None
    assert by_rows.plays + sum(by_rows.rejected.values()) == 2
