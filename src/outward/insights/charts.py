"""Plotly figures (as plain JSON: data and layout) of the insight pages.

The pages draw them with the plotly.js that ships in the plotly package (served as a static
file), fetching each figure from its API endpoint; the API hands the same JSON to anyone who
wants the chart elsewhere. Text from people and customers goes in as data, never as markup:
plotly.js renders labels as a little HTML (a few tags it allows), so labels are escaped.
"""

from __future__ import annotations

import html
from typing import Any

from outward.insights.reports import DriverPage, Journey, Outcomes, ProductQuality

BAD = "#c0392b"
GOOD = "#1e8449"
NEUTRAL = "#8a94a6"
ACCENT = "#2f5bd3"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

Figure = dict[str, Any]


def safe_label(value: str, limit: int = 48) -> str:
    cut = value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
    return html.escape(cut)


def base_layout(title: str, height: int, **more: Any) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "font": {"size": 15}},
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 40, "b": 8, "pad": 2},
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
        "font": {"family": FONT},
        "template": {"layout": {"paper_bgcolor": "white", "plot_bgcolor": "white"}},
        "showlegend": False,
        **more,
    }


def interval_bars(
    labels: list[str],
    estimates: list[tuple[float, float, float]],
    colour: str | list[str],
    hover: str,
    digits: int = 4,
) -> dict[str, Any]:
    """Horizontal bars of (value, low, high) estimates, each with its interval as error bars."""
    return {
        "type": "bar",
        "orientation": "h",
        "y": labels,
        "x": [round(v, digits) for v, _, _ in estimates],
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [round(high - v, digits) for v, _, high in estimates],
            "arrayminus": [round(v - low, digits) for v, low, _ in estimates],
            "color": "#333",
        },
        "marker": {"color": colour},
        "hovertemplate": hover,
    }


def drivers_figure(page: DriverPage, limit: int = 15) -> Figure:
    """Impact of each driver on the target's average, with its interval; fix-first in red."""
    rows = page.rows[:limit][::-1]
    harmful_is_low = page.target.key != "churn"
    colours = [
        BAD if r.fix_rank is not None else (GOOD if (r.impact > 0) == harmful_is_low else NEUTRAL)
        for r in rows
    ]
    return {
        "data": [
            interval_bars(
                [safe_label(f"{r.kind}: {r.name}") for r in rows],
                [(r.impact, *r.impact_ci) for r in rows],
                colours,
                "%{y}<br>impact %{x:.3f}<extra></extra>",
            )
        ],
        "layout": base_layout(
            f"Impact on {page.target.label} ({page.target.unit})",
            90 + 26 * max(len(rows), 1),
            xaxis={"zeroline": True, "zerolinecolor": "#333", "automargin": True},
            yaxis={"automargin": True},
        ),
    }


def journey_figure(journey: Journey) -> Figure:
    """Per stage: CSAT (share satisfied) as bars, mean sentiment as a line; worst in red."""
    names = [safe_label(s.touchpoint.name) for s in journey.stages]
    return {
        "data": [
            {
                "type": "bar",
                "name": "CSAT (satisfied)",
                "x": names,
                "y": [None if s.csat is None else round(100 * s.csat, 1) for s in journey.stages],
                "marker": {"color": [BAD if s.worst else ACCENT for s in journey.stages]},
                "hovertemplate": "%{x}<br>CSAT %{y:.1f} %<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "Mean sentiment",
                "x": names,
                "y": [
                    None if s.mean_sentiment is None else round(s.mean_sentiment, 3)
                    for s in journey.stages
                ],
                "yaxis": "y2",
                "line": {"color": "#b7791f"},
                "hovertemplate": "%{x}<br>sentiment %{y:.2f}<extra></extra>",
            },
        ],
        "layout": base_layout(
            "The journey: satisfaction and sentiment per stage",
            340,
            showlegend=True,
            legend={"orientation": "h", "y": -0.25},
            xaxis={"automargin": True, "type": "category"},
            yaxis={"title": {"text": "CSAT, % satisfied"}, "range": [0, 100], "automargin": True},
            yaxis2={
                "title": {"text": "sentiment"},
                "overlaying": "y",
                "side": "right",
                "range": [-1, 1],
                "automargin": True,
            },
        ),
    }


def churn_figure(outcomes: Outcomes) -> Figure:
    groups = [g for g in outcomes.groups if g["customers"]]
    return {
        "data": [
            {
                "type": "bar",
                "x": [g["group"] for g in groups],
                "y": [round(100 * g["churn_rate"], 2) for g in groups],
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [round(100 * (g["churn_ci"][1] - g["churn_rate"]), 2) for g in groups],
                    "arrayminus": [
                        round(100 * (g["churn_rate"] - g["churn_ci"][0]), 2) for g in groups
                    ],
                },
                "marker": {
                    "color": [
                        {"promoter": GOOD, "detractor": BAD}.get(g["group"], NEUTRAL)
                        for g in groups
                    ]
                },
                "hovertemplate": "%{x}<br>churn %{y:.1f} %<extra></extra>",
            }
        ],
        "layout": base_layout(
            "Churn rate by NPS group (95 % interval)",
            300,
            yaxis={"title": {"text": "% churned"}, "rangemode": "tozero", "automargin": True},
        ),
    }


def competitors_figure(outcomes: Outcomes) -> Figure:
    """Per month, the share of items naming each competitor and saying they will switch
    (shares, so a month that has only begun does not look like a drop)."""
    months = outcomes.figures.get("competitors", {})
    x = list(months.get("months", []))
    items = list(months.get("items", []))

    def share(counts: list[int]) -> list[float | None]:
        return [round(100 * c / n, 2) if n else None for c, n in zip(counts, items, strict=True)]

    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": safe_label(name),
            "x": x,
            "y": share(list(counts)),
            "hovertemplate": "%{x}<br>%{y:.1f} % of items<extra></extra>",
        }
        for name, counts in months.get("mentions", {}).items()
    ]
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": "switching intent",
            "x": x,
            "y": share(list(months.get("switching", []))),
            "line": {"dash": "dot", "color": BAD},
            "hovertemplate": "%{x}<br>%{y:.1f} % of items<extra></extra>",
        }
    )
    return {
        "data": traces,
        "layout": base_layout(
            "Competitor mentions and switching intent, % of each month's items",
            300,
            showlegend=True,
            legend={"orientation": "h", "y": -0.25},
            yaxis={"title": {"text": "% of items"}, "rangemode": "tozero", "automargin": True},
        ),
    }


def quality_figure(product: ProductQuality) -> Figure:
    """Share of each batch's owners who raised the product's first defect theme."""
    if not product.themes:
        title = f"{safe_label(product.product.name)}: no defects"
        return {"data": [], "layout": base_layout(title, 120)}
    theme = product.themes[0]
    shares = [row.cells[0][1] for row in product.batches]
    return {
        "data": [
            {
                "type": "bar",
                "x": [row.batch.lot_code for row in product.batches],
                "y": [0 if c is None else round(100 * c.share, 2) for c in shares],
                "marker": {
                    "color": [BAD if c is not None and c.flagged else ACCENT for c in shares]
                },
                "hovertemplate": "%{x}<br>%{y:.1f} % of owners<extra></extra>",
            }
        ],
        "layout": base_layout(
            f"{safe_label(product.product.name)}: "
            f"owners reporting “{safe_label(theme.display_name)}”",
            280,
            xaxis={"automargin": True, "type": "category"},
            yaxis={
                "title": {"text": "% of owners"},
                "rangemode": "tozero",
                "automargin": True,
            },
        ),
    }
