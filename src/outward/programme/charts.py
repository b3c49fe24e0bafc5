"""The programme's score over time, as a Plotly figure the page fetches from the API."""

from __future__ import annotations

from collections.abc import Sequence

from outward.insights.charts import ACCENT, Figure, base_layout
from outward.programme.models import Assessment


def score_figure(assessments: Sequence[Assessment]) -> Figure:
    if not assessments:
        return {"data": [], "layout": base_layout("Programme score", 260)}
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [a.day.isoformat() for a in assessments],
        "y": [a.score for a in assessments],
        "line": {"color": ACCENT, "shape": "hv"},
        "hovertemplate": "%{x}: %{y} of 100<extra></extra>",
    }
    layout = base_layout("Programme score over time (out of 100)", 260)
    layout["yaxis"] = {"range": [0, 100], "automargin": True, "fixedrange": True}
    return {"data": [trace], "layout": layout}
