"""API v1: pulse rounds and their results, with the same anonymity rule as the pages."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from outward.accounts.api_auth import api_requires
from outward.core.errors import NotFound
from outward.core.pagination import Page, paginate
from outward.core.permissions import Perm
from outward.pulse import selectors
from outward.pulse.models import PulseRound
from outward.pulse.schemas import ResultsOut, RoundPage, RoundQuery

router = Router(tags=["pulse"])

NEWEST_FIRST = ("-opened_at", "id")


def _round_out(pulse: PulseRound, invited: int, responded: int) -> dict[str, Any]:
    return {
        "id": pulse.pk,
        "name": pulse.survey.name,
        "opened_at": pulse.opened_at,
        "closes_at": pulse.closes_at,
        "invited": invited,
        "responded": responded,
    }


@router.get("/pulse/rounds", response=RoundPage, **api_requires(Perm.PULSE_VIEW))
def list_rounds(request: HttpRequest, query: Query[RoundQuery]) -> dict[str, Any]:
    page: Page[PulseRound] = paginate(
        selectors.rounds(), ordering=NEWEST_FIRST, cursor=query.cursor, limit=query.limit
    )
    return {
        "items": [
            _round_out(r, r.invited, r.responded)  # type: ignore[attr-defined]
            for r in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/pulse/rounds/{round_id}/results", response=ResultsOut, **api_requires(Perm.PULSE_VIEW)
)
def round_results(request: HttpRequest, round_id: uuid.UUID) -> dict[str, Any]:
    pulse = selectors.get_round(round_id)
    if pulse is None:
        raise NotFound("No such pulse round.")
    results = selectors.round_results(pulse)
    body = dataclasses.asdict(results)
    body["round"] = _round_out(pulse, results.invited, results.responded)
    return body
