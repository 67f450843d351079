"""The README's two commands are the ones CI runs; .env.example documents every setting."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_readme_test_command_is_the_one_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r"^TEST_COMMAND='(.+)'$", ci, re.MULTILINE).group(1)
    assert command in (ROOT / "README.md").read_text()


def test_readme_run_command_starts_the_embedded_default():
    readme = (ROOT / "README.md").read_text()
    assert (
        "python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt && "
        ".venv/bin/python app.py" in readme
    )


def test_env_example_lists_every_setting():
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z0-9_]+)=", example, re.MULTILINE))
    missing = {f.name.upper() for f in fields(Settings)} - documented
    assert missing == set()
