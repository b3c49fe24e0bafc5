"""The Plotly charts of the HTML report, each rendered to an HTML fragment.

`Charts.render` embeds the plotly.js bundle in the first chart of the page only, so the page
works offline and carries the library once. Text from the input (theme labels) is escaped
before it reaches Plotly, whose labels accept a little HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np

from outward.analytics.drivers import DriverReport
from outward.analytics.pipeline import AnalysisReport, EmergingRow, ThemeRow
from outward.analytics.scorestats import ScoreRow

BAD = "#c0392b"
GOOD = "#1e8449"
NEUTRAL = "#8a94a6"
ACCENT = "#2f5bd3"
PALETTE = ("#2f5bd3", "#c0392b", "#1e8449", "#b7791f", "#7d3c98", "#138d90")
_CDN_DEFAULT = '"https://cdn.plot.ly/un/"'
"""plotly.js's default address for geo map outlines; the report has no maps, and the
bundle is made to name no CDN so that nothing in the page can reach out."""


def short(text: str, limit: int = 42) -> str:
    """Escaped for Plotly, and cut to `limit` characters with an ellipsis."""
    cut = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return html.escape(cut)


class Charts:
    """Renders figures to HTML; the first one carries plotly.js, inlined."""

    def __init__(self) -> None:
        self.count = 0

    def render(self, figure: Any, height: int) -> str:
        figure.update_layout(
            template="plotly_white",
            height=height,
            margin={"l": 8, "r": 8, "t": 36, "b": 8},
            font={"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
            title={"x": 0, "font": {"size": 15}},
            autosize=True,
        )
        first = self.count == 0
        self.count += 1
        fragment = str(
            figure.to_html(
                full_html=False,
                include_plotlyjs=first,
                default_width="100%",
                config={"displaylogo": False, "responsive": True},
            )
        )
        return fragment.replace(_CDN_DEFAULT, '"./topojson/"') if first else fragment


def _go() -> Any:
    # plotly is untyped; imported here so the analytics package imports fast without it.
    import plotly.graph_objects as go

    return go


def sentiment_chart(report: AnalysisReport) -> Any:
    go = _go()
    edges = np.asarray(report.sentiment.bin_edges)
    centres = (edges[:-1] + edges[1:]) / 2
    colours = [BAD if c < -0.05 else GOOD if c > 0.05 else NEUTRAL for c in centres]
    figure = go.Figure(
        go.Bar(
            x=centres,
            y=report.sentiment.bin_counts,
            marker_color=colours,
            width=float(edges[1] - edges[0]) * 0.95,
            hovertemplate="score %{x:.2f}: %{y} items<extra></extra>",
        )
    )
    figure.update_layout(title_text="Sentiment of every item (-1 negative … +1 positive)")
    figure.update_xaxes(range=[-1, 1], title_text="sentiment score")
    figure.update_yaxes(title_text="items")
    return figure


def issues_chart(themes: Sequence[ThemeRow]) -> Any:
    go = _go()
    top = list(themes)[:15][::-1]
    figure = go.Figure(
        go.Bar(
            x=[t.customers for t in top],
            y=[f"{short(t.label)} ({t.theme_id})" for t in top],
            orientation="h",
            marker_color=[BAD if t.mean_sentiment < -0.05 else ACCENT for t in top],
            hovertemplate="%{y}: %{x} customers<extra></extra>",
        )
    )
    figure.update_layout(title_text="Customers affected per issue (red: negative on average)")
    figure.update_yaxes(automargin=True)
    return figure


def trend_chart(report: AnalysisReport) -> Any:
    go = _go()
    figure = go.Figure()
    for colour, theme in zip(PALETTE, report.themes[:6], strict=False):
        figure.add_trace(
            go.Scatter(
                x=list(report.trend_periods),
                y=list(theme.counts),
                mode="lines+markers",
                name=short(theme.label, 28),
                line={"color": colour},
            )
        )
    unit = "day" if report.period == "D" else "week"
    figure.update_layout(
        title_text=f"Items per {unit}, largest issues",
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def drivers_chart(target: str, drivers: DriverReport) -> Any:
    go = _go()
    rows = [d for d in drivers.drivers if not d.is_covariate][:15][::-1]
    harmful = [(d.impact < 0) == drivers.higher_is_better for d in rows]
    figure = go.Figure(
        go.Bar(
            x=[d.impact for d in rows],
            y=[short(d.name) for d in rows],
            orientation="h",
            marker_color=[BAD if h else GOOD for h in harmful],
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [max(d.impact_ci[1] - d.impact, 0.0) for d in rows],
                "arrayminus": [max(d.impact - d.impact_ci[0], 0.0) for d in rows],
                "color": "#444",
            },
            hovertemplate="%{y}: impact %{x:.3f}<extra></extra>",
        )
    )
    figure.update_layout(
        title_text=f"Impact on the {target} (effect \u00d7 prevalence, 95% interval)"
    )
    figure.update_yaxes(automargin=True)
    figure.add_vline(x=0, line_color="#999")
    return figure


def scores_chart(rows: Sequence[ScoreRow]) -> Any:
    go = _go()
    shown = [r for r in rows if r.segment in ("all", "theme")][:16][::-1]
    figure = go.Figure(
        go.Scatter(
            x=[r.value for r in shown],
            y=[short(r.group if r.segment != "all" else "All items") for r in shown],
            mode="markers",
            marker={"color": ACCENT, "size": 9},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [r.ci_high - r.value for r in shown],
                "arrayminus": [r.value - r.ci_low for r in shown],
            },
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    metric = shown[0].metric.upper() if shown else ""
    figure.update_layout(title_text=f"{metric} overall and by issue (95% interval)")
    figure.update_yaxes(automargin=True)
    return figure


def emerging_chart(rows: Sequence[EmergingRow]) -> Any:
    go = _go()
    shown = [r for r in rows if r.alert][:12]
    labels = [short(r.label, 30) for r in shown]
    figure = go.Figure(
        [
            go.Bar(name="expected", x=labels, y=[r.expected for r in shown], marker_color=NEUTRAL),
            go.Bar(name="observed", x=labels, y=[r.observed for r in shown], marker_color=BAD),
        ]
    )
    figure.update_layout(
        title_text="Emerging issues: latest period against the baseline",
        barmode="group",
        legend={"orientation": "h", "y": -0.25},
    )
    return figure
