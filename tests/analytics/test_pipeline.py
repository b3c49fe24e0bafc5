"""`analyze`: every analysis of the report from one table, item table in input order."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from outward.analytics.columns import ColumnMap
from outward.analytics.competitors import Competitor
from outward.analytics.pipeline import AnalysisReport, analyze
from outward.analytics.scorestats import guess_score_type, to_numbers
from tests.analytics.feedback_table import feedback_table

COLUMNS = ColumnMap(
    text=("comment",),
    customer="customer_id",
    date="created_at",
    score="nps",
    outcome="churned",
    touchpoint="channel",
    id="id",
)


@pytest.fixture(scope="module")
def report() -> AnalysisReport:
    return analyze(feedback_table(), COLUMNS, competitors=[Competitor("Deezer")], seed=0)


def test_the_item_table_has_one_row_per_input_row_in_input_order(report: AnalysisReport) -> None:
    table = feedback_table()

    assert len(report.items) == len(table)
    assert report.items["id"].tolist() == table["id"].tolist()
    assert report.items["row"].tolist() == list(range(1, len(table) + 1))
    assert set(report.items.columns) >= {
        "theme_id",
        "theme",
        "sentiment",
        "root_cause",
        "competitors",
    }


def test_item_order_survives_a_shuffled_index() -> None:
    table = feedback_table(120).sample(frac=1.0, random_state=3)

    result = analyze(table, COLUMNS)

    assert result.items["id"].tolist() == table["id"].tolist()


def test_themes_carry_prevalence_root_cause_trend_and_quotes(report: AnalysisReport) -> None:
    assert report.themes
    top = report.themes[0]
    assert top.customers > 0
    assert top.prevalence in {"single", "few", "many"}
    assert top.quotes
    assert len(top.counts) == len(report.trend_periods) > 0
    customers = [t.customers for t in report.themes]
    assert customers == sorted(customers, reverse=True)


def test_scores_drivers_and_emerging_are_computed(report: AnalysisReport) -> None:
    assert report.score_type == "nps"
    overall = report.scores[0]
    assert overall.segment == "all"
    assert overall.ci_low <= overall.value <= overall.ci_high
    assert {d.target for d in report.drivers} == {"score", "outcome"}
    assert all(d.report is not None for d in report.drivers)
    assert report.period == "W"
    assert report.emerging


def test_drivers_are_skipped_with_a_reason_when_there_is_too_little_data() -> None:
    result = analyze(feedback_table(20), COLUMNS)

    assert all(d.report is None and d.skipped for d in result.drivers)
    assert any("too few rows" in note for note in result.notes)


def test_the_report_round_trips_through_json(report: AnalysisReport) -> None:
    plain = json.loads(report.to_json())

    assert plain == json.loads(json.dumps(plain))
    assert len(plain["items"]) == report.n_items
    assert plain["items"][0]["id"] == "T0000"
    assert plain["themes"][0]["label"] == report.themes[0].label


def test_progress_reports_each_step_and_ends_at_one() -> None:
    calls: list[tuple[str, float]] = []

    analyze(feedback_table(60), COLUMNS, progress=lambda step, f: calls.append((step, f)))

    fractions = [f for _, f in calls]
    assert fractions == sorted(fractions)
    assert calls[0][0] == "sentiment"
    assert calls[-1] == ("done", 1.0)


def test_without_dates_scores_or_customers_the_report_says_what_is_missing() -> None:
    table = pd.DataFrame({"text": ["The app crashes", "Refund still waiting"] * 10})

    result = analyze(table, ColumnMap(text=("text",)))

    assert result.scores == ()
    assert result.drivers == ()
    assert result.emerging == ()
    assert result.n_customers == 20
    assert any("date" in note for note in result.notes)


def test_score_words_and_ranges_are_read() -> None:
    words = to_numbers(pd.Series(["Good", "bad", "Offered", None]))

    assert np.array_equal(words[:2], [1.0, 0.0])
    assert np.isnan(words[2:]).all()
    assert guess_score_type(np.array([1.0, 5.0, 3.0])) == "csat"
    assert guess_score_type(np.array([0.0, 10.0])) == "nps"
    assert guess_score_type(np.array([1.0, 7.0])) == "ces"


def test_html_character_references_of_exports_are_decoded() -> None:
    # Given an export whose texts carry HTML entities, as tweet exports do
    table = feedback_table(200)
    table["comment"] = table["comment"] + " &amp; so on &lt;3"

    # When analysed
    result = analyze(table, COLUMNS, seed=0)

    # Then "amp" is no word of any theme, and quotes read as the customer wrote them
    phrases = [p for theme in result.themes for p in theme.key_phrases]
    quotes = [q for theme in result.themes for q in theme.quotes]
    assert not any("amp" in p.split() for p in phrases)
    assert not any("&amp;" in q or "&lt;" in q for q in quotes)
    assert any(q.endswith("& so on <3") for q in quotes)


def test_redaction_masks_never_become_theme_words_or_labels() -> None:
    # Given complaints in which the export masked names, dates and amounts
    topics = (
        "XXXX charged me a late fee on XX/XX/XXXX although I paid on time",
        "my mortgage payment to XXXX was not applied, [REDACTED] said wait",
        "the debt collector XXXX keeps calling about a debt I do not owe ***",
    )
    texts = [f"{topics[i % 3]} case {i}" for i in range(240)]
    table = pd.DataFrame({"text": texts})

    # When analysed
    report = analyze(table, ColumnMap(text=("text",)))

    # Then no theme label or key phrase holds a mask
    for theme in report.themes:
        words = " ".join([theme.label, *theme.key_phrases]).lower().split()
        assert not [w for w in words if set(w) <= {"x"} or "redacted" in w], theme.label
