"""Plotly figures of a survey's results page: each question's answers, the headline score by
month and by group, every estimate with its 95 % interval (same conventions as `charts`)."""

from __future__ import annotations

from outward.analytics.scorestats import ScoreRow
from outward.insights.charts import (
    ACCENT,
    BAD,
    GOOD,
    NEUTRAL,
    Figure,
    base_layout,
    interval_bars,
    safe_label,
)
from outward.insights.survey_results import QuestionResult, SurveyResults

METRIC_TITLES = {"nps": "NPS", "csat": "CSAT, % satisfied", "ces": "CES (1-7)", "mean": "mean"}


def _step_colour(kind: str, value: int) -> str:
    if kind == "nps":  # detractors, passives, promoters
        return BAD if value <= 6 else GOOD if value >= 9 else NEUTRAL
    return ACCENT


def question_figure(result: QuestionResult) -> Figure:
    """A scored question's answers per step, or a choice question's share per answer."""
    title = safe_label(result.title, 80)
    if result.steps:
        kind = result.headline.metric if result.headline else ""
        return {
            "data": [
                {
                    "type": "bar",
                    "x": [str(s.value) for s in result.steps],
                    "y": [s.count for s in result.steps],
                    "marker": {"color": [_step_colour(kind, s.value) for s in result.steps]},
                    "hovertemplate": "%{x}: %{y} answers<extra></extra>",
                }
            ],
            "layout": base_layout(
                f"{title} (n = {result.answered})",
                260,
                xaxis={"type": "category", "automargin": True},
                yaxis={"title": {"text": "answers"}, "automargin": True},
            ),
        }
    rows = result.choices[::-1]
    return {
        "data": [
            interval_bars(
                [safe_label(c.label) for c in rows],
                [(100 * c.share, 100 * c.ci[0], 100 * c.ci[1]) for c in rows],
                ACCENT,
                "%{y}: %{x:.1f} %<extra></extra>",
                digits=2,
            )
        ],
        "layout": base_layout(
            f"{title} (% of {result.answered} who answered, 95 % interval)",
            90 + 30 * max(len(rows), 1),
            xaxis={"title": {"text": "%"}, "rangemode": "tozero", "automargin": True},
        ),
    }


def _scaled(row: ScoreRow) -> tuple[float, float, float]:
    return round(row.value, 2), round(row.ci_low, 2), round(row.ci_high, 2)


def trend_figure(results: SurveyResults) -> Figure:
    """The headline score per month with its interval as a band."""
    points = results.trend
    metric = points[0].row.metric if points else "nps"
    months = [p.month.isoformat() for p in points]
    values = [_scaled(p.row) for p in points]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": months + months[::-1],
                "y": [v[2] for v in values] + [v[1] for v in values][::-1],
                "fill": "toself",
                "fillcolor": "rgba(47, 91, 211, 0.15)",
                "line": {"width": 0},
                "hoverinfo": "skip",
                "name": "95 % interval",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": months,
                "y": [v[0] for v in values],
                "customdata": [p.row.n for p in points],
                "line": {"color": ACCENT},
                "name": METRIC_TITLES.get(metric, metric),
                "hovertemplate": "%{x|%b %Y}: %{y:.1f} (n = %{customdata})<extra></extra>",
            },
        ],
        "layout": base_layout(
            f"{METRIC_TITLES.get(metric, metric)} by month (95 % interval)",
            300,
            xaxis={"type": "date", "tickformat": "%b %Y", "automargin": True},
        ),
    }


def breakdown_figure(results: SurveyResults) -> Figure:
    """The headline score per group of the chosen breakdown, with intervals."""
    rows = results.breakdown[::-1]
    metric = rows[0].metric if rows else "nps"
    bars = interval_bars(
        [safe_label(r.group) for r in rows],
        [(r.value, r.ci_low, r.ci_high) for r in rows],
        ACCENT,
        "%{y}: %{x:.1f} (n = %{customdata})<extra></extra>",
        digits=2,
    )
    return {
        "data": [{**bars, "customdata": [r.n for r in rows]}],
        "layout": base_layout(
            f"{METRIC_TITLES.get(metric, metric)} by {results.by_label.lower()} (95 % interval)",
            90 + 30 * max(len(rows), 1),
            xaxis={"zeroline": True, "zerolinecolor": "#333", "automargin": True},
        ),
    }
