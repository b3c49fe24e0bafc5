"""Template filters that print a pulse figure with its interval."""

from __future__ import annotations

from django import template

from outward.pulse.results import Figure

register = template.Library()


@register.filter
def signed(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text if text.startswith("-") or text.strip("0.") == "" else f"+{text}"


@register.filter
def interval(figure: Figure, digits: int = 0) -> str:
    """ "low to high" of a figure's 95 % interval, or "" when it has none."""
    if figure.ci_low is None or figure.ci_high is None:
        return ""
    return f"{figure.ci_low:.{digits}f} to {figure.ci_high:.{digits}f}"


@register.filter
def percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f}%"
