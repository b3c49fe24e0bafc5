"""`outward analyze`: files in, report out, and a clear message (exit 1) for a bad file."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
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
    bad.write_bytes(b"text,date\nhello,2024-01-01\nwor\x00ld,2024-01-02\n")
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
    assert "NUL" in result.stderr


def _report(out: Path) -> dict[str, object]:
    plain: dict[str, object] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return plain


def test_rows_without_text_are_left_out_of_themes_and_shares_but_keep_their_scores(
    tmp_path: Path,
) -> None:
    # Given 150 comments and 40 rows with only an NPS of 0
    table = feedback_table(150)
    silent = table.head(40).copy()
    silent["comment"] = ""
    silent["nps"] = 0
    source = tmp_path / "feedback.csv"
    pd.concat([table, silent], ignore_index=True).to_csv(source, index=False)
    out = tmp_path / "report"

    # When it is analysed
    call_command("analyze", str(source), "--out", str(out), "--no-progress")

    # Then 150 items are analysed, a note says 40 were left out, items.csv keeps all 190
    plain = _report(out)
    assert plain["n_items"] == 150
    assert plain["n_without_text"] == 40
    assert any("40 rows without text left out" in n for n in plain["notes"])  # type: ignore[attr-defined]
    assert sum(t["mentions"] for t in plain["themes"]) <= 150  # type: ignore[attr-defined]
    items = pd.read_csv(out / "items.csv", keep_default_na=False)
    assert len(items) == 190
    assert (items.loc[150:, "theme"] == "").all()
    assert (items.loc[150:, "sentiment"] == "").all()
    overall = plain["scores"][0]  # type: ignore[index]
    assert overall["n"] == int(pd.to_numeric(table["nps"]).notna().sum()) + 40


def test_a_row_with_a_bad_date_is_skipped_with_a_note(tmp_path: Path) -> None:
    table = feedback_table(120)
    table["created_at"] = table["created_at"].astype(str)
    table.loc[7, "created_at"] = "yesterday-ish"
    source = tmp_path / "feedback.csv"
    table.to_csv(source, index=False)
    out = tmp_path / "report"
    printed = io.StringIO()

    call_command("analyze", str(source), "--out", str(out), "--no-progress", stdout=printed)

    assert _report(out)["n_items"] == 119
    assert 'unparseable date "yesterday-ish" in row 8' in printed.getvalue()


def test_a_headerless_tsv_is_read_with_columns_named_by_position(tmp_path: Path) -> None:
    table = feedback_table(100)[["id", "comment"]]
    source = tmp_path / "feedback.tsv"
    table.to_csv(source, index=False, header=False, sep="\t")
    out = tmp_path / "report"

    call_command(
        "analyze", str(source), "--no-header", "--text", "2", "--out", str(out), "--no-progress"
    )

    assert _report(out)["n_items"] == 100


def test_an_unknown_backend_is_a_command_error(tmp_path: Path) -> None:
    source = tmp_path / "feedback.csv"
    feedback_table(30).to_csv(source, index=False)

    with pytest.raises(CommandError, match='use "default", "embeddings"'):
        call_command("analyze", str(source), "--backend", "bert", "--out", str(tmp_path))


def test_the_embeddings_backend_without_its_extra_says_how_to_install_it(tmp_path: Path) -> None:
    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("the embeddings extra is installed here")
    source = tmp_path / "feedback.csv"
    feedback_table(30).to_csv(source, index=False)

    with pytest.raises(CommandError, match=r"pip install 'outward\[embeddings\]'"):
        call_command("analyze", str(source), "--backend", "embeddings", "--out", str(tmp_path))
