"""The `outward analyze` report page: one self-contained HTML file.

The page inlines its CSS and the plotly.js bundle (in the first chart only), so it opens
offline from a USB stick or an e-mail attachment and loads nothing from the network.
Every piece of input text (labels, quotes, phrases, column names) is HTML-escaped. The
layout is one column that reflows: tables turn into cards on a phone.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterable, Sequence

from outward.analytics.competitors import CompetitorSummary
from outward.analytics.pipeline import AnalysisReport, EmergingRow, ThemeRow
from outward.analytics.pipeline_steps import DriverAnalysis
from outward.analytics.report_charts import (
    Charts,
    drivers_chart,
    emerging_chart,
    issues_chart,
    scores_chart,
    sentiment_chart,
    trend_chart,
)
from outward.analytics.rootcause import RootCause

TOP_ISSUES = 15
TOP_PRAISED = 8
CLEAR_CAUSE = 0.15
"""A theme's root cause is shown only when at least this share of its items has it."""
PRAISE_SHARE = 0.5
"""A theme most of whose items (this share or more) carry praise cues ("thank you", "love it")
is listed under praise, not among the issues: on support tweets the two largest themes were
thank-you messages."""
DASH = "\u2013"
TIMES = "\u00d7"
_CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#e3e6ec;--bg:#f5f6f8;--card:#fff;--accent:#2f5bd3;
--bad:#b42318;--good:#067647}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:var(--bg)}
main{max-width:1120px;margin:0 auto;padding:12px}
header{padding:10px 4px}
h1{font-size:1.55rem;margin:0}
h2{font-size:1.15rem;margin:0 0 .5rem}
.sub,.note{color:var(--muted);font-size:.9rem;margin:.2rem 0}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:14px 16px;margin:14px 0;overflow:hidden}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.card b{display:block;font-size:1.35rem}
.card span{color:var(--muted);font-size:.85rem}
.scroll{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-size:.92rem}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.02em}
td.num{text-align:right;white-space:nowrap}
.badge{display:inline-block;padding:0 8px;border-radius:999px;font-size:.8rem;background:#eef2f6}
.badge.many{background:#fee4e2;color:#912018}.badge.few{background:#fef0c7;color:#93370d}
.badge.alert{background:#fee4e2;color:#912018}
.phrases{color:var(--muted);font-size:.82rem}
blockquote{margin:4px 0;padding:2px 8px;border-left:3px solid var(--line);color:#374151;
font-size:.88rem;overflow-wrap:anywhere}
.up{color:var(--bad)}.down{color:var(--good)}
svg.spark{vertical-align:middle}
.chart{width:100%}
ul{padding-left:1.2rem}
@media (max-width:720px){
 main{padding:6px}
 section{padding:12px}
 table.cards-sm thead{display:none}
 table.cards-sm tr{display:grid;grid-template-columns:1fr 1fr;border:1px solid var(--line);
 border-radius:8px;margin:0 0 10px;padding:6px}
 table.cards-sm td{display:block;border:0;padding:3px 6px;text-align:left}
 table.cards-sm td:first-child,table.cards-sm td.wide{grid-column:1/-1}
 table.cards-sm td[data-label]::before{content:attr(data-label);display:block;font-size:.72rem;
 color:var(--muted);text-transform:uppercase}
}
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _pct(value: float | None, digits: int = 1) -> str:
    return DASH if value is None or value != value else f"{100 * value:.{digits}f}%"


def _num(value: float | None, digits: int = 2) -> str:
    return DASH if value is None or value != value else f"{value:.{digits}f}"


def sparkline(counts: Sequence[int], width: int = 110, height: int = 26) -> str:
    """An inline SVG line of the counts (empty string for fewer than two points)."""
    if len(counts) < 2:
        return ""
    top = max(max(counts), 1)
    step = width / (len(counts) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (c / top) * (height - 4):.1f}" for i, c in enumerate(counts)
    )
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="trend"><polyline fill="none" stroke="#2f5bd3" '
        f'stroke-width="1.6" points="{points}"/></svg>'
    )


def _trend_cell(theme: ThemeRow) -> str:
    arrows = {"rising": ("↑", "up"), "falling": ("↓", "down"), "steady": ("→", "")}
    if not theme.trend:
        return DASH
    arrow, css = arrows[theme.trend]
    change = f" {TIMES}{theme.trend_change:.2f}" if theme.trend_change is not None else ""
    alert = ' <span class="badge alert">emerging</span>' if theme.emerging else ""
    return (
        f'{sparkline(theme.counts)} <span class="{css}">{arrow} {esc(theme.trend)}{change}</span>'
        f"{alert}"
    )


def praised(theme: ThemeRow) -> bool:
    """Whether a theme is mostly praise (``PRAISE_SHARE``), so not an issue."""
    return theme.root_cause == RootCause.PRAISE and theme.root_cause_share >= PRAISE_SHARE


def _themes_table(themes: Sequence[ThemeRow], kind: str) -> str:
    """One row per theme (``kind`` heads the first column: "Issue" or "Praise")."""
    rows = []
    for rank, theme in enumerate(themes, start=1):
        quotes = "".join(f"<blockquote>{esc(q)}</blockquote>" for q in theme.quotes[:3])
        phrases = esc(", ".join(theme.key_phrases[:4]))
        cause = esc(theme.root_cause.replace("_", " "))
        if theme.root_cause_share < CLEAR_CAUSE:
            cause = f'unclear<br><small class="note">mostly no cue; {cause}</small>'

        rows.append(
            "<tr>"
            f'<td data-label="{kind}"><b>{rank}. {esc(theme.label)}</b>'
            f'<div class="phrases">{phrases}</div></td>'
            f'<td data-label="Customers" class="num">{theme.customers:,}'
            f"<br><small>{_pct(theme.share_of_base)}</small></td>"
            f'<td data-label="Class"><span class="badge {esc(theme.prevalence)}">'
            f"{esc(theme.prevalence)}</span></td>"
            f'<td data-label="Root cause">{cause}<br><small>{_pct(theme.root_cause_share, 0)}'
            " of items</small></td>"
            f'<td data-label="Sentiment" class="num">{_num(theme.mean_sentiment)}'
            f"<br><small>{_pct(theme.negative_share, 0)} neg.</small></td>"
            f'<td data-label="Trend" class="wide">{_trend_cell(theme)}</td>'
            f'<td data-label="Quotes" class="wide">{quotes}</td>'
            "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in (kind, "Customers", "Class", "Root cause", "Sentiment", "Trend", "Quotes")
    )
    return (
        f'<table class="cards-sm"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table>"
    )


def _issues_sections(report: AnalysisReport, charts: Charts) -> list[str]:
    """Top issues (chart and table), then what customers praise when some themes are mostly
    praise (``praised``)."""
    issues = [t for t in report.themes if not praised(t)]
    praise = [t for t in report.themes if praised(t)]
    note = (
        f"<p class=note>By distinct customers. Class: single (1 customer), few, many (against "
        f"{report.n_customers:,} customers)."
        + (" Themes that are mostly praise are listed below, under Praise." if praise else "")
        + "</p>"
    )
    sections = [
        "<section id=issues><h2>Top issues</h2>"
        + note
        + charts.render(issues_chart(issues), 90 + 24 * min(15, len(issues)))
        + _themes_table(issues[:TOP_ISSUES], "Issue")
        + "</section>"
    ]
    if praise:
        sections.append(
            "<section id=praise><h2>Praise</h2><p class=note>Themes most of whose items "
            "carry praise cues, by distinct customers.</p>"
            + _themes_table(praise[:TOP_PRAISED], "Praise")
            + "</section>"
        )
    return sections


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int]) -> str:
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{esc(h)}"{" class=num" if i in numeric else ""}>{esc(v)}</td>'
            for i, (h, v) in enumerate(zip(headers, row, strict=True))
        )
        + "</tr>"
        for row in rows
    )
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return (
        f'<div class="scroll"><table class="cards-sm"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _summary(report: AnalysisReport) -> str:
    labels = report.sentiment.labels
    headline = next((r for r in report.scores if r.segment == "all"), None)
    cards = [
        (f"{report.n_items:,}", "items"),
        (f"{report.n_customers:,}", "customers"),
        (f"{len(report.themes)}", f"themes ({_pct(report.other_share, 0)} other)"),
        (_num(report.sentiment.mean), "mean sentiment"),
        (_pct(labels.get("negative", 0) / max(report.n_items, 1), 0), "negative items"),
        (str(sum(r.alert for r in report.emerging)), "emerging alerts"),
        (_pct(report.switching_share), "switching intent"),
    ]
    if headline is not None:
        cards.insert(
            0,
            (
                _num(headline.value, 1),
                f"{headline.metric.upper()} [{_num(headline.ci_low, 1)}, "
                f"{_num(headline.ci_high, 1)}], n={headline.n:,}",
            ),
        )
    inner = "".join(
        f'<div class="card"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for v, k in cards
    )
    return f'<div class="cards">{inner}</div>'


def _drivers_section(analysis: DriverAnalysis, charts: Charts) -> str:
    title = f'<h3>{esc(analysis.target.title())}: "{esc(analysis.column)}"</h3>'
    if analysis.report is None:
        return f'{title}<p class="note">{esc(analysis.skipped or "")}</p>'
    report = analysis.report
    check = report.validation
    metric = "AUC" if check.metric == "auc" else "R²"
    verdict = "weak: read the drivers as hints" if check.weak else "usable"
    sample = " (a random sample)" if analysis.sampled else ""
    fix = ", ".join(report.fix_first[:5]) or "none beyond doubt"
    return (
        f"{title}<p class=note>Held-out {metric} {_num(check.value)} over {check.n_folds} folds "
        f"({esc(verdict)}); model R² {_num(report.r_squared)}; {report.n:,} rows{sample}. "
        f"Fix first: {esc(fix)}.</p>"
        + charts.render(
            drivers_chart(analysis.target, report), 80 + 26 * min(15, len(report.drivers))
        )
    )


def render_html(report: AnalysisReport) -> str:
    """The whole report as one HTML page (plotly.js inlined once, all input text escaped)."""
    charts = Charts()
    span = ""
    if report.date_start is not None and report.date_end is not None:
        span = f" · {report.date_start:%Y-%m-%d} to {report.date_end:%Y-%m-%d}"
    parts = [
        f"<header><h1>Outward report</h1><p class=sub>{esc(report.source)} · "
        f"{report.n_items:,} items · customers from {esc(report.customers_from)}{esc(span)}</p>"
        "</header>",
        f"<section id=summary><h2>Summary</h2>{_summary(report)}</section>",
        "<section id=sentiment><h2>Sentiment</h2>"
        + charts.render(sentiment_chart(report), 300)
        + "</section>",
        *_issues_sections(report, charts),
    ]
    if report.trend_periods:
        parts.append(
            "<section id=trends><h2>Trends</h2>"
            + charts.render(trend_chart(report), 340)
            + "</section>"
        )
    drivers = "".join(_drivers_section(d, charts) for d in report.drivers)
    parts.append(
        "<section id=drivers><h2>Key drivers</h2>"
        + (drivers or "<p class=note>No score or outcome column: key drivers need one.</p>")
        + "</section>"
    )
    parts.append(_emerging_section(report.emerging, charts, bool(report.trend_periods)))
    parts.append(_scores_section(report, charts))
    parts.append(_competitors_section(report.competitors, report.switching_share))
    parts.append(_notes_section(report))
    body = "".join(parts)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Outward report: {esc(report.source)}</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _emerging_section(rows: Sequence[EmergingRow], charts: Charts, dated: bool) -> str:
    if not dated:
        return (
            "<section id=emerging><h2>Emerging issues</h2>"
            "<p class=note>No dates: emerging issues need a date column.</p></section>"
        )
    alerts = [r for r in rows if r.alert]
    chart = charts.render(emerging_chart(rows), 320) if alerts else ""
    table = _table(
        ("Issue", "Period", "Observed", "Expected", "p-value", "Alert"),
        [
            (
                r.label,
                r.period,
                r.observed,
                _num(r.expected, 1),
                f"{r.p_value:.3g}",
                r.reason or DASH,
            )
            for r in rows[:15]
        ],
        {2, 3, 4},
    )
    lead = (
        f"{len(alerts)} issue(s) above their baseline in the latest period."
        if alerts
        else "No issue is above its baseline in the latest period."
    )
    return (
        f"<section id=emerging><h2>Emerging issues</h2><p class=note>{lead}</p>"
        f"{chart}{table}</section>"
    )


def _scores_section(report: AnalysisReport, charts: Charts) -> str:
    if not report.scores:
        return "<section id=scores><h2>Scores</h2><p class=note>No score column.</p></section>"
    table = _table(
        ("Segment", "Group", "Metric", "n", "Value", "95% interval"),
        [
            (
                r.segment,
                r.group,
                r.metric.upper(),
                f"{r.n:,}",
                _num(r.value, 1),
                f"[{_num(r.ci_low, 1)}, {_num(r.ci_high, 1)}]",
            )
            for r in report.scores
        ],
        {3, 4},
    )
    shown = sum(r.segment in ("all", "theme") for r in report.scores)
    chart = charts.render(scores_chart(report.scores), 90 + 26 * min(16, shown))
    kind = esc(report.score_type or "")
    return f"<section id=scores><h2>Scores ({kind})</h2>{chart}{table}</section>"


def _competitors_section(rows: Sequence[CompetitorSummary], switching: float) -> str:
    lead = f"<p class=note>Switching intent in {_pct(switching)} of items.</p>"
    if not rows:
        return (
            f"<section id=competitors><h2>Competitors</h2>{lead}"
            "<p class=note>No competitors named (use --competitor NAME).</p></section>"
        )
    table = _table(
        ("Competitor", "Mentions", "Share", "Switching", "NPS", "Mean score"),
        [
            (
                r.name,
                r.mentions,
                _pct(r.share),
                r.switching_mentions,
                _num(r.nps, 1),
                _num(r.mean_score),
            )
            for r in rows
        ],
        {1, 2, 3, 4, 5},
    )
    return f"<section id=competitors><h2>Competitors</h2>{lead}{table}</section>"


def _notes_section(report: AnalysisReport) -> str:
    columns = ", ".join(
        f"{role}: {value if isinstance(value, str) else ' + '.join(value)}"
        for role, value in dataclasses.asdict(report.columns).items()
        if value
    )
    notes = "".join(f"<li>{esc(n)}</li>" for n in report.notes)
    return (
        "<section id=notes><h2>About this report</h2>"
        f"<p class=note>Columns used: {esc(columns)}.</p>"
        f"<ul class=note>{notes}</ul>"
        "<p class=note>Tables: items.csv (one row per input row), themes.csv, drivers.csv, "
        "emerging.csv, scores.csv, competitors.csv and report.json beside this page.</p>"
        "</section>"
    )
