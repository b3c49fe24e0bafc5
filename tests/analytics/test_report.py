"""The report files: an offline HTML page with escaped text, JSON and one CSV per table."""

from __future__ import annotations

import json
from dataclasses import replace
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


def test_themes_that_are_mostly_praise_are_listed_apart_from_the_issues(
    report: AnalysisReport,
) -> None:
    # Given a report with a complaint theme and a thank-you theme
    template = report.themes[0]
    complaint = replace(template, label="Late Delivery", root_cause="process_failure")
    thanks = replace(template, label="Thanks", root_cause="praise", root_cause_share=0.9)

    # When the page is rendered
    page = render_html(replace(report, themes=(complaint, thanks)))

    # Then the complaint is an issue and the thanks is praise
    issues = page.split("<section id=issues>")[1].split("</section>")[0]
    praise = page.split("<section id=praise>")[1].split("</section>")[0]
    assert "Late Delivery" in issues
    assert "Thanks" not in issues
    assert "Thanks" in praise
    assert "Late Delivery" not in praise


def test_a_theme_with_some_praise_stays_an_issue(report: AnalysisReport) -> None:
    # Given a theme whose dominant cue is praise, but on fewer than half of its items
    mixed = replace(report.themes[0], label="Sizing", root_cause="praise", root_cause_share=0.3)

    # When the page is rendered
    page = render_html(replace(report, themes=(mixed,)))

    # Then it is listed among the issues and there is no praise section
    assert "Sizing" in page.split("<section id=issues>")[1].split("</section>")[0]
    assert "<section id=praise>" not in page


def test_no_csv_cell_of_the_report_runs_as_a_spreadsheet_formula(
    report: AnalysisReport, tmp_path: Path
) -> None:
    # Given customer text and a theme label a spreadsheet would run as formulas
    items = report.items.copy()
    items["text"] = items["text"].astype(object)
    items.loc[0, "text"] = '=HYPERLINK("http://evil.example","click")'
    items.loc[1, "text"] = "@SUM(A1:A9)"
    items.loc[2, "text"] = "\t=1+1"
    items.loc[3, "text"] = "-2+3"
    themes = (replace(report.themes[0], label="+cmd|' /C calc'!A0"), *report.themes[1:])
    risky = replace(report, items=items, themes=themes)

    # When the report files are written
    paths = write_report(risky, tmp_path)

    # Then those cells start with an apostrophe, and numbers are left alone
    written = pd.read_csv(paths["items.csv"], keep_default_na=False)
    assert written.loc[0, "text"] == '\'=HYPERLINK("http://evil.example","click")'
    assert written.loc[1, "text"] == "'@SUM(A1:A9)"
    assert written.loc[2, "text"] == "'\t=1+1"
    assert written.loc[3, "text"] == "'-2+3"
    assert (written["sentiment"].astype(float) < 0).any()
    theme_rows = pd.read_csv(paths["themes.csv"], keep_default_na=False)
    assert theme_rows.loc[0, "label"] == "'+cmd|' /C calc'!A0"
    for name in FILES:
        if name.endswith(".csv"):
            for line in paths[name].read_text(encoding="utf-8").splitlines():
                assert not line.startswith(("=", "+", "@")), (name, line)
