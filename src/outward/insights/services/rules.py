"""Re-theming stored items after people changed a rule or split a theme."""

from __future__ import annotations

import uuid

from django.db import transaction

from outward.feedback import bulk as feedback_bulk
from outward.feedback.models import FeedbackItem
from outward.insights import rollups
from outward.insights.assignment import ThemeMap, current_map
from outward.insights.services.assign import themes_for
from outward.insights.services.state import current_run_id, lock_state

CHUNK = 20_000


def reapply_rules() -> int:
    """Every analysed item's theme again (the engine's, then merges and rules), and the
    rollups rebuilt, in one transaction; how many items changed theme."""
    with transaction.atomic():
        lock_state()
        themes = current_map()
        run_id = current_run_id()
        changed: dict[uuid.UUID, int | None] = {}
        items = FeedbackItem.objects.filter(analysed_at__isnull=False).exclude(text="")
        rows = items.order_by("id").values_list("id", "text", "theme_id")
        chunk: list[tuple[uuid.UUID, str, int | None]] = []
        for row in rows.iterator(chunk_size=CHUNK):
            chunk.append(row)
            if len(chunk) >= CHUNK:
                changed.update(_changes(chunk, run_id, themes))
                chunk = []
        changed.update(_changes(chunk, run_id, themes))
        feedback_bulk.set_themes(changed)
        rollups.rebuild()
    return len(changed)


def _changes(
    rows: list[tuple[uuid.UUID, str, int | None]], run_id: int | None, themes: ThemeMap
) -> dict[uuid.UUID, int | None]:
    if not rows:
        return {}
    found = themes_for([text for _, text, _ in rows], run_id, themes)
    return {pk: new for (pk, _, old), new in zip(rows, found, strict=True) if new != old}
