"""The CSV export of one round's results: the same anonymised figures as the page."""

from __future__ import annotations

import io

from outward.analytics.csvfiles import SafeWriter
from outward.pulse.models import PulseRound
from outward.pulse.results import Figure, GroupResult, RoundResults

HEADER = [
    "round",
    "opened",
    "section",
    "group",
    "rated_team",
    "statistic",
    "n",
    "value",
    "ci_low",
    "ci_high",
    "note",
]


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _figure_cells(figure: Figure, minimum: int) -> list[str]:
    if figure.suppressed:
        return ["", "", "", "", f"fewer than {minimum} responses"]
    if figure.band:
        return [str(figure.n), "", "", "", figure.band]
    return [
        "" if figure.n is None else str(figure.n),
        _number(figure.value),
        _number(figure.ci_low),
        _number(figure.ci_high),
        "",
    ]


def export_csv(pulse: PulseRound, results: RoundResults) -> str:
    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    head = [pulse.survey.name, pulse.opened_at.date().isoformat()]
    minimum = results.min_group

    def group_rows(row: GroupResult) -> None:
        label = row.label
        writer.writerow([*head, "team", label, "", "enps", *_figure_cells(row.enps, minimum)])
        if results.asks_equipped:
            writer.writerow(
                [*head, "team", label, "", "equipped", *_figure_cells(row.equipped, minimum)]
            )
        if row.suppressed:
            rate = ["", "", "", "", f"fewer than {minimum} responses"]
        else:
            rate = [str(row.invited or 0), _number(row.response_rate, 3), "", "", ""]
        writer.writerow([*head, "team", label, "", "response_rate", *rate])

    for row in results.teams:
        group_rows(row)
    group_rows(results.overall)
    for rating in results.ratings:
        rated = rating.team_name
        for cell in rating.by_rater:
            writer.writerow(
                [*head, "internal_customer", cell.label, rated, "rating",
                 *_figure_cells(cell.rating, minimum)]
            )  # fmt: skip
        writer.writerow(
            [*head, "internal_customer", "All raters", rated, "rating",
             *_figure_cells(rating.overall, minimum)]
        )  # fmt: skip
    for comment in results.comments or ():
        writer.writerow([*head, "comment", "All teams", "", "comment", "", comment, "", "", ""])
    return out.getvalue()
