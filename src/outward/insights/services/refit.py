"""Full refits: themes re-discovered over all feedback, every figure recomputed, switched over
in one transaction.

A refit is an `AnalysisRun` that goes queued -> fitting -> switching -> done. The fit runs
`analytics.pipeline.analyze` (the engine steps of `outward analyze`, one code path) on every
analysed item with text, with the current run's model as `previous` so themes keep their ids,
and stores its model and per-item results on the run. The switch-over then writes themes,
item themes, rollups and recall reviews and makes the run current, all in one transaction:
pages see the old results or the new ones, never half. A worker claims a run by its
heartbeat; a run whose worker died (no heartbeat for STALE_AFTER) is claimed again by the
clock's sweep and resumes at the stage it reached (a stored fit is not redone).
"""

from __future__ import annotations

import time
import traceback
import uuid
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from outward.analytics.columns import ColumnMap
from outward.analytics.pipeline import Progress, analyze
from outward.analytics.themes import ThemeModel
from outward.customers.models import Customer
from outward.feedback import bulk as feedback_bulk
from outward.feedback.analysis import feedback_frame
from outward.feedback.models import FeedbackItem
from outward.insights import rollups
from outward.insights.assignment import current_map
from outward.insights.choices import ACTIVE_RUN_STATUSES, RunStatus
from outward.insights.engine import (
    ENGINE_VERSION,
    dump_fitted,
    dump_model,
    load_fitted,
    load_model,
)
from outward.insights.figures import outcomes
from outward.insights.models import AnalysisRun
from outward.insights.services import recalls
from outward.insights.services.assign import themes_for
from outward.insights.services.competitors import engine_competitors
from outward.insights.services.state import current_run_id, lock_state
from outward.insights.services.themes import sync_engine_themes

STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3
HEARTBEAT_EVERY = 30.0  # seconds
COLUMNS = ColumnMap(
    text=("text",),
    customer="customer_id",
    date="occurred_at",
    score="nps",
    outcome="churned",
    touchpoint="touchpoint",
    product="product",
    batch="batch",
    id="id",
)
DRIVER_SCORES = ("csat", "ces")


def request_refit(trigger: str = "manual") -> tuple[AnalysisRun, bool]:
    """Queue a refit unless one is queued or running; (the run, whether it is new)."""
    from outward.insights.tasks import refit_task  # the task module imports this one

    with transaction.atomic():
        state = lock_state()
        active = AnalysisRun.objects.filter(status__in=ACTIVE_RUN_STATUSES).first()
        if active is not None:
            return active, False
        run = AnalysisRun.objects.create(trigger=trigger, engine_version=ENGINE_VERSION)
        state.active_run = run
        state.save(update_fields=["active_run"])
        transaction.on_commit(lambda: refit_task.enqueue(run.pk))
    return run, True


def claim(run_id: int, now: datetime | None = None) -> bool:
    """Take the run for this worker unless another one holds it (a fresh heartbeat)."""
    now = now or timezone.now()
    claimed = (
        AnalysisRun.objects.filter(pk=run_id, status__in=ACTIVE_RUN_STATUSES)
        .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - STALE_AFTER))
        .update(
            heartbeat_at=now, attempts=F("attempts") + 1, started_at=Coalesce("started_at", now)
        )
    )
    return claimed == 1


def run_refit(run_id: int) -> AnalysisRun:
    """Fit (unless stored already) and switch over; a run another worker holds is left alone."""
    if not claim(run_id):
        return AnalysisRun.objects.get(pk=run_id)
    run = AnalysisRun.objects.get(pk=run_id)
    try:
        if run.fitted is None:
            _fit(run)
        _switch(run)
    except Exception:
        run.error = traceback.format_exc(limit=8)
        if run.attempts >= MAX_ATTEMPTS:
            run.status = RunStatus.FAILED
            run.finished_at = timezone.now()
            AnalysisRun.objects.filter(pk=run.pk).update(
                status=run.status, finished_at=run.finished_at, error=run.error
            )
        else:  # let the sweep claim it again
            AnalysisRun.objects.filter(pk=run.pk).update(heartbeat_at=None, error=run.error)
        raise
    return run


def resume_stale_runs(now: datetime | None = None) -> list[int]:
    """Queue again the active runs whose worker stopped beating (crashed or killed)."""
    from outward.insights.tasks import refit_task

    now = now or timezone.now()
    stale = AnalysisRun.objects.filter(status__in=ACTIVE_RUN_STATUSES).filter(
        Q(heartbeat_at__lt=now - STALE_AFTER)
        | Q(heartbeat_at__isnull=True, queued_at__lt=now - STALE_AFTER)
    )
    ids = list(stale.values_list("pk", flat=True))
    for run_id in ids:
        refit_task.enqueue(run_id)
    return ids


def _beat(run: AnalysisRun) -> Progress:
    last = [time.monotonic()]

    def progress(step: str, fraction: float) -> None:
        if time.monotonic() - last[0] >= HEARTBEAT_EVERY:
            last[0] = time.monotonic()
            AnalysisRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())

    return progress


def _fit(run: AnalysisRun) -> None:
    started = time.perf_counter()
    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.FITTING)
    items = FeedbackItem.objects.filter(analysed_at__isnull=False).exclude(text="")
    table = feedback_frame(items)
    read = time.perf_counter() - started
    run.n_items = len(table)
    if len(table) == 0 or not table["text"].str.strip().astype(bool).any():
        run.summary = {"themes": [], "notes": ["No feedback with text yet."]}
        run.fitted = dump_fitted([], np.zeros(0, dtype=np.int64))
        run.model = None
    else:
        table["churned"] = (table["status"] == "churned").astype(float)
        competitors = engine_competitors()
        report = analyze(
            table,
            COLUMNS,
            competitors=competitors,
            previous=_previous_model(),
            base_size=max(Customer.objects.active().count(), 1),
            source="outward refit",
            driver_scores=DRIVER_SCORES,
            progress=_beat(run),
        )
        assert report.model is not None
        run.model = dump_model(report.model)
        run.fitted = dump_fitted(
            [str(i) for i in report.items["id"]], report.items["theme_id"].to_numpy(np.int64)
        )
        started_outcomes = time.perf_counter()
        outcome_figures = outcomes(table, report.items, [c.name for c in competitors])
        run.summary = report.summary_dict() | {"outcomes": outcome_figures}
        run.backend = report.model.representation_name
        run.window_start, run.window_end = report.date_start, report.date_end
        run.n_themes = report.model.n_themes
        run.timings = {
            "read": round(read, 3),
            **{k: round(v, 3) for k, v in report.timings.items()},
            "outcomes": round(time.perf_counter() - started_outcomes, 3),
        }
    run.status = RunStatus.SWITCHING
    run.heartbeat_at = timezone.now()
    run.save()


def _previous_model() -> ThemeModel | None:
    current = current_run_id()
    return load_model(current) if current is not None else None


def _switch(run: AnalysisRun) -> None:
    started = time.perf_counter()
    assert run.fitted is not None
    with transaction.atomic():
        state = lock_state()
        sync_engine_themes(run)
        themes = current_map()
        hex_ids, engine = load_fitted(bytes(run.fitted))
        ids = [uuid.UUID(h) for h in hex_ids]
        # Rules read the text; without rules the engine's theme and merges are enough.
        texts: dict[uuid.UUID, str] = {}
        if themes.rules:
            analysed = FeedbackItem.objects.filter(analysed_at__isnull=False)
            texts = dict(analysed.values_list("id", "text").iterator(chunk_size=20_000))
        found = themes.themes_of([texts.get(pk, "") for pk in ids], [int(e) for e in engine])
        chosen: dict[uuid.UUID, int | None] = dict(zip(ids, found, strict=True))
        # Items analysed since the fit read the feedback: the new model assigns them here.
        fitted = set(ids)
        assert run.started_at is not None  # set by the claim
        since = FeedbackItem.objects.filter(analysed_at__gte=run.started_at)
        late = [(pk, t) for pk, t in since.values_list("id", "text") if pk not in fitted]
        if late:
            found = themes_for([t for _, t in late], run.pk if run.model else None, themes)
            chosen.update({pk: theme for (pk, _), theme in zip(late, found, strict=True)})
        feedback_bulk.set_themes(chosen)
        rollups.rebuild()
        reports = recalls.concentrations()
        recalls.open_recall_reviews(run, reports)
        run.summary = {**run.summary, "batches": recalls.quality_figures(reports)}
        AnalysisRun.objects.filter(is_current=True).exclude(pk=run.pk).update(is_current=False)
        run.is_current = True
        run.status = RunStatus.DONE
        run.finished_at = timezone.now()
        run.timings = {**run.timings, "switch": round(time.perf_counter() - started, 3)}
        run.save()
        state.active_run = None
        state.save(update_fields=["active_run"])
