"""The Import page's album-cover line in each state of the lookup job."""

from __future__ import annotations

import json

from plotly.utils import PlotlyJSONEncoder

from components.cover_status import cover_status


def _text(job) -> str:
    return json.dumps(cover_status(job), cls=PlotlyJSONEncoder)


def test_running_shows_progress_and_nothing_before_the_first_run():
    assert cover_status(None) is None
    running = _text({"status": "started", "progress": 0.5, "message": "2 of 4 albums looked up"})
    assert "2 of 4 albums looked up" in running and "50 %" in running


def test_finished_counts_covers_and_plurals():
    done = {"albums": 4, "looked_up": 4, "matched": 2, "covers": 1, "stopped": None}
    text = _text({"status": "finished", "result": done})
    assert "1 new cover for the 4 albums looked up (2 found on MusicBrainz" in text
    none = _text({"status": "finished", "result": {"albums": 0, "looked_up": 0}})
    assert "Every album you played has a cover" in none


def test_an_outage_and_a_setting_read_differently():
    outage = {"albums": 4, "looked_up": 0, "stopped": "MusicBrainz refused (503)"}
    text = _text({"status": "finished", "result": outage})
    assert "Stopped: MusicBrainz refused (503)." in text and "placeholder" in text
    off = {"albums": 0, "looked_up": 0, "stopped": "REMOTE_IMAGES is off"}
    assert "This server does not look up album covers (REMOTE_IMAGES is off)" in _text(
        {"status": "finished", "result": off}
    )
    assert "the lookup failed" in _text({"status": "failed", "result": None})
