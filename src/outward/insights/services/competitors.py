"""The competitors refits look for in the feedback."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from outward.analytics.competitors import Competitor as EngineCompetitor
from outward.core.errors import Conflict, ValidationError
from outward.insights.models import Competitor

MAX_NAME = 80


def _clean(name: str, field: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("A name is required.", field_errors={field: "Required."})
    if len(cleaned) > MAX_NAME:
        raise ValidationError(
            "Name too long.", field_errors={field: f"At most {MAX_NAME} characters."}
        )
    return cleaned


@transaction.atomic
def add_competitor(name: str, aliases: Sequence[str] = ()) -> Competitor:
    """A competitor by its name and the other names customers use (the next refit counts it)."""
    cleaned = _clean(name, "name")
    others = [_clean(a, "aliases") for a in aliases if a.strip()]
    if Competitor.objects.filter(name__iexact=cleaned).exists():
        raise Conflict(f'"{cleaned}" is on the list already.')
    return Competitor.objects.create(name=cleaned, aliases=sorted(set(others) - {cleaned}))


@transaction.atomic
def remove_competitor(competitor: Competitor) -> None:
    competitor.delete()


def engine_competitors() -> list[EngineCompetitor]:
    """The list as the engine takes it."""
    return [EngineCompetitor(c.name, tuple(c.aliases)) for c in Competitor.objects.all()]
