"""The eNPS-by-team chart: horizontal bars with interval whiskers, drawn as plain SVG."""

from __future__ import annotations

from dataclasses import dataclass

from outward.pulse.results import GroupResult

WIDTH = 640
LABEL_WIDTH = 190
ROW_HEIGHT = 34
PAD = 12
AXIS_HEIGHT = 26  # the scale under the bars: -100, -50, 0, +50, +100
TICKS = (-100, -50, 0, 50, 100)


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int
    text_y: int
    suppressed: bool
    value: float | None
    bar_x: float
    bar_width: float
    whisker_low: float
    whisker_high: float
    title: str
    note: str = ""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str  # the ends of the scale are written inward, so they stay inside the chart


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    zero_x: float
    rows: tuple[ChartRow, ...]
    label_width: int
    axis_y: int
    ticks: tuple[Tick, ...]


def _x(value: float) -> float:
    """-100..100 onto the plot area."""
    plot = WIDTH - LABEL_WIDTH - 2 * PAD
    return LABEL_WIDTH + PAD + (value + 100.0) / 200.0 * plot


def enps_chart(rows: tuple[GroupResult, ...], minimum: int) -> Chart | None:
    if not rows:
        return None
    chart_rows = []
    for i, row in enumerate(rows):
        y = PAD + i * ROW_HEIGHT
        value = row.enps.value
        if row.enps.suppressed or value is None:
            note = row.enps.band or f"fewer than {minimum} responses"
            chart_rows.append(
                ChartRow(row.label, y, y + 21, True, None, 0, 0, 0, 0, f"{row.label}: {note}",
                         note)
            )  # fmt: skip
            continue
        low = row.enps.ci_low if row.enps.ci_low is not None else value
        high = row.enps.ci_high if row.enps.ci_high is not None else value
        start, end = sorted((_x(0), _x(value)))
        chart_rows.append(
            ChartRow(
                row.label, y, y + 21, False, value, start, max(end - start, 1.0),
                _x(low), _x(high),
                f"{row.label}: eNPS {value:+.0f} (95% interval {low:+.0f} to {high:+.0f}), "
                f"{row.enps.n} answers",
            )
        )  # fmt: skip
    axis_y = PAD + len(rows) * ROW_HEIGHT
    anchors = {TICKS[0]: "start", TICKS[-1]: "end"}
    ticks = tuple(Tick(_x(t), f"{t:+d}" if t else "0", anchors.get(t, "middle")) for t in TICKS)
    height = axis_y + AXIS_HEIGHT + PAD
    return Chart(WIDTH, height, _x(0), tuple(chart_rows), LABEL_WIDTH, axis_y, ticks)
