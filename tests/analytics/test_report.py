"""The report files: an offline HTML page with escaped text, JSON and one CSV per table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from outward.analytics.columns import ColumnMap
from outward.analytics.pipeline import AnalysisReport, analyze
from outward.analytics.report import FILES, render_html, write_report
from tests.analytics.feedback_table import feedback_table

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def report() -> AnalysisReport:
    table = feedback_table(200)
    table["comment"] = table["comment"].str.replace("refund", f"refund {SCRIPT}")
    columns = ColumnMap(
        text=("comment",),
        customer="customer_id",
        date="created_at",
        score="nps",
        touchpoint="channel",
        id="id",
    )
    return analyze(table, columns, source=f"file {SCRIPT}.csv")


@pytest.fixture(scope="module")
def page(report: AnalysisReport) -> str:
    return render_html(report)


def test_the_page_embeds_the_plotly_bundle_once_and_names_no_cdn(page: str) -> None:
    assert page.count("Plotly.newPlot(") >= 3
    assert page.count("plotly.js v") == 1
    assert "https://cdn" not in page
    assert '<script src="http' not in page


def test_user_text_is_escaped(page: str) -> None:
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_page_has_every_section_and_fits_a_phone(page: str) -> None:
    for section in ("summary", "issues", "sentiment", "drivers", "emerging", "scores"):
        assert f"<section id={section}>" in page
    assert 'name="viewport"' in page
    assert "@media (max-width:720px)" in page


def test_every_table_is_written_and_items_keep_input_order(
    report: AnalysisReport, tmp_path: Path
) -> None:
    paths = write_report(report, tmp_path / "out")

    assert sorted(paths) == sorted(FILES)
    assert all(p.exists() for p in paths.values())
    items = pd.read_csv(paths["items.csv"])
    assert items["id"].tolist() == report.items["id"].tolist()
    themes = pd.read_csv(paths["themes.csv"])
    assert len(themes) == len(report.themes)
    assert len(pd.read_csv(paths["scores.csv"])) == len(report.scores)


def test_report_json_holds_every_table_and_the_items(
    report: AnalysisReport, tmp_path: Path
) -> None:
    paths = write_report(report, tmp_path)

    plain = json.loads(paths["report.json"].read_text(encoding="utf-8"))

    assert plain == json.loads(report.to_json())
    assert len(plain["items"]) == report.n_items
    assert {"themes", "sentiment", "drivers", "emerging", "scores", "competitors"} <= set(plain)
