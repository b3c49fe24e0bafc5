"""`outward analyze`: files in, report out, and a clear message (exit 1) for a bad file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.analytics.feedback_table import feedback_table


def test_the_command_writes_the_report_and_every_table(tmp_path: Path) -> None:
    source = tmp_path / "feedback.csv"
    feedback_table(150).to_csv(source, index=False)
    out = tmp_path / "report"

    call_command(
        "analyze", str(source), "--out", str(out), "--competitor", "Deezer", "--no-progress"
    )

    for name in ("report.html", "report.json", "items.csv", "themes.csv", "drivers.csv"):
        assert (out / name).exists()
    plain = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert plain["columns"]["text"] == ["comment"]
    assert plain["score_type"] == "nps"
    assert [c["name"] for c in plain["competitors"]] == ["Deezer"]


def test_a_missing_column_is_a_command_error(tmp_path: Path) -> None:
    source = tmp_path / "feedback.csv"
    feedback_table(30).to_csv(source, index=False)

    with pytest.raises(CommandError, match='missing column "Body"'):
        call_command("analyze", str(source), "--text", "Body", "--out", str(tmp_path))


def test_a_bad_file_exits_1_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"text,date\nhello,2024-01-01\nworld,yesterday-ish\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outward.config.test"}

    result = subprocess.run(
        [sys.executable, "-m", "outward.cli", "analyze", str(bad), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert 'unparseable date "yesterday-ish" in row 2' in result.stderr
