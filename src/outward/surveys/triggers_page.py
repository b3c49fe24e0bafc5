"""What a transactional survey's page says instead of a bulk send: the events that send it
and how to set each one up, with a request a developer can copy."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from outward.surveys.models import Survey


def transactional_context(survey: Survey) -> dict[str, Any]:
    url = f"{settings.SITE_URL}/api/v1/surveys/{survey.pk}/invitations"
    body = {
        "customer_email": "maria.anders@example.com",
        "event_ref": "delivery-2026-000123",
        "occurred_at": "2026-12-04T15:30:00Z",
    }
    example = (
        f"curl -X POST {url} \\\n"
        '  -H "Authorization: Bearer $OUTWARD_TOKEN" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  -d '{json.dumps(body)}'"
    )
    return {
        "survey": survey,
        "api_url": url,
        "example": example,
        "cases_closed": survey.invitations.filter(event_ref__startswith="case:").count(),
        "visits": survey.invitations.filter(event_ref__startswith="field-visit:").count(),
        "by_api": survey.invitations.filter(trigger="event")
        .exclude(event_ref__startswith="case:")
        .exclude(event_ref__startswith="field-visit:")
        .count(),
    }
