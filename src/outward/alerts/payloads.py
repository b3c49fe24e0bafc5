"""What a webhook receives: a message Slack's or Teams' incoming webhooks accept as it is, or
plain JSON, and the signature headers that let a receiver check it came from us.

The signature is HMAC-SHA256 with the endpoint's secret over "<timestamp>.<body>", sent as
`X-Outward-Signature: sha256=<hex>` beside `X-Outward-Timestamp` (seconds since the epoch):
a receiver recomputes it and refuses old timestamps, so a captured post cannot be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from outward.alerts.choices import WebhookFormat
from outward.alerts.models import AlertEvent

FACT_KEYS = {
    "segment": "Segment",
    "region": "Region",
    "score": "NPS answer",
    "customer_value": "Annual value",
    "observed": "Mentions",
    "expected": "Expected",
    "urgency": "Urgency",
}


def _facts(event: AlertEvent) -> list[tuple[str, str]]:
    facts = [("Kind", event.get_kind_display())]
    for key, label in FACT_KEYS.items():
        value = event.context.get(key)
        if value not in (None, "", 0, 0.0):
            shown = f"{value:,.1f}" if isinstance(value, float) else str(value)
            facts.append((label, shown))
    return facts


def slack(event: AlertEvent, url: str) -> dict[str, Any]:
    """Slack's incoming-webhook message: `text` (the notification) and Block Kit blocks."""
    facts = " · ".join(f"*{k}:* {v}" for k, v in _facts(event))
    return {
        "text": f"{event.title}",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": event.title[:150]}},
            {"type": "section", "text": {"type": "mrkdwn", "text": event.summary or " "}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": facts}]},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open in Outward"},
                        "url": url,
                    }
                ],
            },
        ],
    }


def teams(event: AlertEvent, url: str) -> dict[str, Any]:
    """A Teams message carrying an Adaptive Card (what Workflows' "post to a channel when a
    webhook request is received" and the older incoming webhooks both accept)."""
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [
                        {
                            "type": "TextBlock",
                            "text": event.title,
                            "weight": "Bolder",
                            "size": "Medium",
                            "wrap": True,
                        },
                        {"type": "TextBlock", "text": event.summary or " ", "wrap": True},
                        {
                            "type": "FactSet",
                            "facts": [{"title": k, "value": v} for k, v in _facts(event)],
                        },
                    ],
                    "actions": [{"type": "Action.OpenUrl", "title": "Open in Outward", "url": url}],
                },
            }
        ],
    }


def plain(event: AlertEvent, url: str) -> dict[str, Any]:
    return {
        "event": event.key,
        "kind": event.kind,
        "title": event.title,
        "summary": event.summary,
        "occurred_at": event.occurred_at.isoformat(),
        "url": url,
        "context": event.context,
    }


BUILDERS = {WebhookFormat.SLACK: slack, WebhookFormat.TEAMS: teams, WebhookFormat.JSON: plain}


def body_of(fmt: str, event: AlertEvent, url: str) -> bytes:
    return json.dumps(BUILDERS[WebhookFormat(fmt)](event, url), ensure_ascii=False).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(secret: str, timestamp: int, body: bytes, header: str) -> bool:
    """What a receiver does (and our tests): constant-time check of the signature header."""
    return hmac.compare_digest(signature(secret, timestamp, body), header)
