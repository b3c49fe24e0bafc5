"""The `outward analyze` report files: report.html, report.json and a CSV per table.

See `report_html` for the page. CSV cells hold plain values; lists are joined by " | ";
text that a spreadsheet would run as a formula is neutralised (`csvfiles`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from outward.analytics.competitors import CompetitorSummary
from outward.analytics.csvfiles import safe_frame, write_csv
from outward.analytics.pipeline import AnalysisReport, EmergingRow, ThemeRow, items_json
from outward.analytics.pipeline_steps import DriverAnalysis
from outward.analytics.report_html import render_html
from outward.analytics.results import to_plain
from outward.analytics.scorestats import ScoreRow

__all__ = ["DEFAULT_OUT", "FILES", "render_html", "write_report"]

DEFAULT_OUT = Path("outward-report")
FILES = (
    "report.html",
    "report.json",
    "items.csv",
    "themes.csv",
    "drivers.csv",
    "emerging.csv",
    "scores.csv",
    "competitors.csv",
)


def _flat(value: Any) -> Any:
    """A CSV cell: sequences joined by " | ", everything else as plain JSON types."""
    plain = to_plain(value)
    if isinstance(plain, list):
        return " | ".join(str(v) for v in plain)
    if isinstance(plain, dict):
        return json.dumps(plain, ensure_ascii=False)
    return plain


def _write_rows(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    write_csv(path, headers, ([_flat(v) for v in row] for row in rows))


def _dataclass_rows(path: Path, kind: type, rows: Sequence[Any]) -> None:
    names = [f.name for f in dataclasses.fields(kind)]
    _write_rows(path, names, ([getattr(r, n) for n in names] for r in rows))


_DRIVER_HEADERS = (
    "target",
    "column",
    "driver",
    "is_covariate",
    "prevalence",
    "effect",
    "effect_ci_low",
    "effect_ci_high",
    "importance",
    "importance_ci_low",
    "importance_ci_high",
    "impact",
    "impact_ci_low",
    "impact_ci_high",
    "fix_rank",
    "validation_metric",
    "validation_value",
    "validation_weak",
    "skipped",
)


def _driver_rows(analyses: Sequence[DriverAnalysis]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for analysis in analyses:
        lead = [analysis.target, analysis.column]
        if analysis.report is None:
            rows.append(lead + [None] * (len(_DRIVER_HEADERS) - 3) + [analysis.skipped])
            continue
        check = analysis.report.validation
        for d in analysis.report.drivers:
            rows.append(
                [
                    *lead,
                    d.name,
                    d.is_covariate,
                    d.prevalence,
                    d.effect,
                    *d.effect_ci,
                    d.importance,
                    *d.importance_ci,
                    d.impact,
                    *d.impact_ci,
                    d.fix_rank,
                    check.metric,
                    check.value,
                    check.weak,
                    None,
                ]
            )
    return rows


def write_report(report: AnalysisReport, out: str | Path = DEFAULT_OUT) -> dict[str, Path]:
    """Write report.html, report.json and one CSV per table to `out` (created if needed).

    items.csv has one row per input row in input order; report.json holds every table, the
    items as a list of records. Returns the paths written, by file name.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in FILES}
    paths["report.html"].write_text(render_html(report), encoding="utf-8")
    head = json.dumps(
        report.summary_dict(),
        ensure_ascii=False,
    )
    with paths["report.json"].open("w", encoding="utf-8") as handle:
        handle.write(head[:-1] + ', "items": ' + items_json(report.items) + "}")
    safe_frame(report.items).to_csv(
        paths["items.csv"], index=False, date_format="%Y-%m-%dT%H:%M:%S%z"
    )
    _dataclass_rows(paths["themes.csv"], ThemeRow, report.themes)
    _write_rows(paths["drivers.csv"], _DRIVER_HEADERS, _driver_rows(report.drivers))
    _dataclass_rows(paths["emerging.csv"], EmergingRow, report.emerging)
    _dataclass_rows(paths["scores.csv"], ScoreRow, report.scores)
    _dataclass_rows(paths["competitors.csv"], CompetitorSummary, report.competitors)
    return paths
