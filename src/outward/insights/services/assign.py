"""Themes for items as they arrive: the current run's model, people's edits on top."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import numpy as np
import pandas as pd

from outward.analytics.pipeline import theme_texts
from outward.feedback import bulk as feedback_bulk
from outward.feedback.models import FeedbackItem
from outward.insights import rollups
from outward.insights.assignment import ThemeMap, current_map
from outward.insights.engine import load_model
from outward.insights.services.state import current_run_id, lock_state


def engine_themes(run_id: int | None, texts: Sequence[str]) -> np.ndarray:
    """The engine theme id of each text under the run's model (-1: other, or no model)."""
    model = load_model(run_id) if run_id is not None else None
    if model is None or not texts:
        return np.full(len(texts), -1, dtype=np.int64)
    return model.assign(theme_texts(pd.Series(list(texts), dtype=object)).tolist())


def themes_for(texts: Sequence[str], run_id: int | None, themes: ThemeMap) -> list[int | None]:
    """Each text's theme id (None without text or theme)."""
    engine = engine_themes(run_id, texts)
    found = themes.themes_of(texts, [int(e) for e in engine])
    return [theme if text.strip() else None for text, theme in zip(texts, found, strict=True)]


def assign_arrivals(items: Sequence[FeedbackItem]) -> None:
    """Give newly analysed items their theme and fold them into the rollups.

    Runs inside the transaction that stores their analysis (`feedback.signals`), so an item
    is counted exactly when its analysis commits, once.
    """
    if not items:
        return
    lock_state()
    run_id = current_run_id()
    themes = themes_for([i.text for i in items], run_id, current_map())
    chosen: dict[uuid.UUID, int | None] = {}
    for item, theme in zip(items, themes, strict=True):
        item.theme_id = theme
        chosen[item.pk] = theme
    if any(t is not None for t in themes):
        feedback_bulk.set_themes({k: v for k, v in chosen.items() if v is not None})
    rollups.add(rollups.facts_of(items))
