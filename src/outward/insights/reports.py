"""Reads for the drivers, journey, outcomes and product-quality pages: the current run's stored
figures and the rollups, never the feedback itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Sum

from outward.customers.models import Product, ProductBatch, Touchpoint
from outward.insights.choices import ThemeKind
from outward.insights.models import AnalysisRun, Competitor, RecallReview, Theme, ThemeDay
from outward.insights.selectors import Filters


@dataclass(frozen=True)
class Target:
    key: str
    kind: str  # the engine's target: "score" or "outcome"
    column: str
    label: str
    unit: str


TARGETS = (
    Target("nps", "score", "nps", "NPS", "points on the 0-10 scale"),
    Target("csat", "score", "csat", "CSAT", "points on the 1-5 scale"),
    Target("ces", "score", "ces", "Customer effort", "points on the 1-7 scale (7 = easy)"),
    Target("churn", "outcome", "churned", "Churn", "percentage points of churn"),
)
TARGET_BY_KEY = {t.key: t for t in TARGETS}


def current_run() -> AnalysisRun | None:
    """The current run without its large binary fields."""
    return (
        AnalysisRun.objects.filter(is_current=True)
        .only("id", "finished_at", "window_start", "window_end", "n_items", "backend")
        .first()
    )


def _summary_part(key: str) -> Any:
    return (
        AnalysisRun.objects.filter(is_current=True)
        .values_list(f"summary__{key}", flat=True)
        .first()
    )


class ThemeNames:
    """Themes by the engine's id and label, following merges to the theme people see."""

    def __init__(self) -> None:
        self.by_pk = {t.pk: t for t in Theme.objects.all()}
        self.by_engine = {t.engine_id: t for t in self.by_pk.values() if t.engine_id is not None}
        self.by_label: dict[str, Theme] = {}
        for theme in self.by_pk.values():
            if not theme.archived:
                self.by_label.setdefault(theme.label, theme)

    def shown(self, theme: Theme | None) -> Theme | None:
        seen = 0
        while theme is not None and theme.merged_into_id is not None and seen < 10:
            theme, seen = self.by_pk.get(theme.merged_into_id), seen + 1
        return theme

    def of_engine(self, engine_id: int) -> Theme | None:
        return self.shown(self.by_engine.get(engine_id))

    def of_label(self, label: str) -> Theme | None:
        return self.shown(self.by_label.get(label))


# --- Drivers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriverRow:
    name: str
    kind: str  # "theme" or "touchpoint"
    theme: Theme | None
    prevalence: float
    effect: float
    effect_ci: tuple[float, float]
    impact: float
    impact_ci: tuple[float, float]
    importance: float
    fix_rank: int | None
    sentence: str


@dataclass(frozen=True)
class DriverPage:
    target: Target
    run: AnalysisRun | None
    rows: list[DriverRow]
    n: int = 0
    sampled: bool = False
    skipped: str = ""
    metric: str = ""
    accuracy: float | None = None
    weak: bool = True
    accuracy_sentence: str = ""
    targets: tuple[Target, ...] = TARGETS


def _scale(target: Target) -> float:
    return 100.0 if target.key == "churn" else 1.0


def _sentence(target: Target, row: dict[str, Any], display: str) -> str:
    scale = _scale(target)
    effect = row["effect"] * scale
    low, high = (v * scale for v in row["effect_ci"])
    direction = "higher" if effect > 0 else "lower"
    theme = row["name"].startswith("theme: ")
    who = "Customers who mention" if theme else "Feedback from"
    verb = "show" if theme else "shows"
    return (
        f"{who} {display} {verb} {target.label} {abs(effect):.2f} {target.unit} "
        f"{direction} than the rest with the same sentiment (95 % interval {low:+.2f} to "
        f"{high:+.2f}); it comes up in {row['prevalence']:.1%} of the answers."
    )


def _accuracy(metric: str, value: float | None, weak: bool) -> str:
    if value is None:
        return "The model could not be checked on held-out customers."
    if metric == "auc":
        told = (
            f"On customers the model did not see, it ranks a churner above a stayer "
            f"{value:.0%} of the time (AUC {value:.2f}; 50 % is a coin toss)."
        )
    else:
        told = (
            f"On customers the model did not see, these drivers explain {value:.0%} of the "
            f"differences in the score (held-out R² {value:.2f})."
        )
    return told + (" That is weak: read the ranking as hints, not proof." if weak else "")


def drivers(target_key: str) -> DriverPage:
    """The current run's key drivers of one target, fix-first rows on top."""
    target = TARGET_BY_KEY[target_key]
    run = current_run()
    analyses = _summary_part("drivers") or []
    found = next(
        (a for a in analyses if a["target"] == target.kind and a["column"] == target.column), None
    )
    if run is None or found is None:
        return DriverPage(target, run, [], skipped="No analysis of this target yet.")
    if found["report"] is None:
        return DriverPage(target, run, [], n=found["n_rows"], skipped=found["skipped"] or "")
    report = found["report"]
    names = ThemeNames()
    rows = []
    for d in report["drivers"]:
        if d["is_covariate"]:
            continue
        kind, _, label = d["name"].partition(": ")
        theme = names.of_label(label) if kind == "theme" else None
        display = f"“{theme.display_name if theme else label}”"
        if kind == "touchpoint":
            display = f"the {label} touchpoint"
        rows.append(
            DriverRow(
                name=theme.display_name if theme else label,
                kind=kind,
                theme=theme,
                prevalence=d["prevalence"] or 0.0,
                effect=(d["effect"] or 0.0) * _scale(target),
                effect_ci=tuple(v * _scale(target) for v in d["effect_ci"]),
                impact=(d["impact"] or 0.0) * _scale(target),
                impact_ci=tuple(v * _scale(target) for v in d["impact_ci"]),
                importance=d["importance"] or 0.0,
                fix_rank=d["fix_rank"],
                sentence=_sentence(target, d, display),
            )
        )
    rows.sort(key=lambda r: (r.fix_rank is None, r.fix_rank or 0, -r.importance))
    check = report["validation"]
    value = check["value"]
    return DriverPage(
        target,
        run,
        rows,
        n=report["n"],
        sampled=found["sampled"],
        metric=check["metric"],
        accuracy=value,
        weak=check["weak"],
        accuracy_sentence=_accuracy(check["metric"], value, check["weak"]),
    )


# --- Journey -------------------------------------------------------------------------------

MIN_CSAT = 30  # answers per stage before CSAT decides the worst stage


@dataclass(frozen=True)
class Stage:
    touchpoint: Touchpoint
    items: int
    mean_sentiment: float | None
    negative_share: float | None
    nps: float | None
    nps_n: int
    csat: float | None  # share satisfied (4-5)
    csat_n: int
    ces: float | None
    ces_n: int
    top_issues: list[tuple[Theme, int]] = field(default_factory=list)
    worst: bool = False


@dataclass(frozen=True)
class Journey:
    filters: Filters
    stages: list[Stage]
    worst_by: str


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


TOP_PER_STAGE = 3


def journey(filters: Filters) -> Journey:
    """Touchpoints in journey order with volume, scores, sentiment and top issues (two rollup
    queries); the worst stage is the lowest CSAT, or the lowest sentiment without CSAT."""
    base = ThemeDay.objects.filter(filters.day_q())
    totals = {
        row["touchpoint_id"]: row
        for row in base.values("touchpoint_id")
        .annotate(
            n=Sum("items"),
            neg=Sum("negative"),
            sent=Sum("sentiment_sum"),
            nps_n=Sum("nps_n"),
            pro=Sum("promoters"),
            det=Sum("detractors"),
            csat_n=Sum("csat_n"),
            sat=Sum("csat_satisfied"),
            ces_n=Sum("ces_n"),
            ces=Sum("ces_sum"),
        )
        .order_by()
    }
    issues = {
        t.pk: t
        for t in Theme.objects.filter(
            kind=ThemeKind.ISSUE, hidden=False, merged_into__isnull=True, archived=False
        )
    }
    per_stage: dict[int, list[tuple[Theme, int]]] = defaultdict(list)
    negative = (
        base.filter(theme_id__in=list(issues), negative__gt=0)
        .values("touchpoint_id", "theme_id")
        .annotate(neg=Sum("negative"))
        .order_by("touchpoint_id", "-neg")
    )
    for row in negative:
        stage = per_stage[row["touchpoint_id"]]
        if len(stage) < TOP_PER_STAGE:
            stage.append((issues[row["theme_id"]], row["neg"]))
    stages = []
    for touchpoint in Touchpoint.objects.order_by("position", "name"):
        total = totals.get(touchpoint.pk)
        if total is None or not total["n"]:
            continue
        stages.append(
            Stage(
                touchpoint=touchpoint,
                items=total["n"],
                mean_sentiment=_ratio(total["sent"], total["n"]),
                negative_share=_ratio(total["neg"], total["n"]),
                nps=(100 * (total["pro"] - total["det"]) / total["nps_n"])
                if total["nps_n"]
                else None,
                nps_n=total["nps_n"],
                csat=_ratio(total["sat"], total["csat_n"]),
                csat_n=total["csat_n"],
                ces=_ratio(total["ces"], total["ces_n"]),
                ces_n=total["ces_n"],
                top_issues=per_stage.get(touchpoint.pk, []),
            )
        )
    with_csat = [s for s in stages if s.csat_n >= MIN_CSAT and s.csat is not None]
    worst_by = "CSAT" if len(with_csat) >= 2 else "sentiment"
    pool = with_csat if worst_by == "CSAT" else [s for s in stages if s.mean_sentiment is not None]
    if pool:
        key = (lambda s: s.csat) if worst_by == "CSAT" else (lambda s: s.mean_sentiment)
        worst = min(pool, key=key)
        stages = [replace(s, worst=s is worst) for s in stages]
    return Journey(filters, stages, worst_by)


# --- Outcomes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExposureRow:
    theme: Theme
    exposed: int
    exposed_churn: float
    exposed_ci: tuple[float, float]
    unexposed_churn: float
    difference: float
    difference_ci: tuple[float, float]
    p_value: float | None
    lost_value: float
    revenue_at_risk: float


@dataclass(frozen=True)
class Outcomes:
    run: AnalysisRun | None
    figures: dict[str, Any]
    groups: list[dict[str, Any]]
    exposure: list[ExposureRow]
    competitors: list[Competitor]


EXPOSURE_ROWS = 15


def outcomes() -> Outcomes:
    """Churn and revenue by NPS group and issue exposure, revenue at risk and competitors over
    time, as the current run computed them."""
    run = current_run()
    figures = _summary_part("outcomes") or {}
    names = ThemeNames()
    rows: list[ExposureRow] = []
    seen: set[int] = set()
    for e in figures.get("exposure", []):
        theme = names.of_engine(e["theme_id"])
        if theme is None or theme.pk in seen or theme.hidden or theme.kind != ThemeKind.ISSUE:
            continue
        seen.add(theme.pk)
        rows.append(
            ExposureRow(
                theme=theme,
                exposed=e["exposed"],
                exposed_churn=e["exposed_churn"],
                exposed_ci=tuple(e["exposed_ci"]),
                unexposed_churn=e["unexposed_churn"] or 0.0,
                difference=e["difference"] or 0.0,
                difference_ci=(e["difference_ci"][0] or 0.0, e["difference_ci"][1] or 0.0),
                p_value=e["p_value"],
                lost_value=e["lost_value"],
                revenue_at_risk=e["revenue_at_risk"],
            )
        )
        if len(rows) >= EXPOSURE_ROWS:
            break
    return Outcomes(
        run=run,
        figures=figures,
        groups=figures.get("nps_groups", []),
        exposure=rows,
        competitors=list(Competitor.objects.all()),
    )


# --- Product and batch quality -------------------------------------------------------------


@dataclass(frozen=True)
class BatchCell:
    affected: int
    share: float
    other_share: float | None
    ratio: float | None
    p_adjusted: float | None
    flagged: bool
    test: str


@dataclass(frozen=True)
class BatchRow:
    batch: ProductBatch
    owners: int
    cells: list[tuple[Theme, BatchCell | None]]  # one per theme of the product
    review: RecallReview | None


@dataclass(frozen=True)
class ProductQuality:
    product: Product
    themes: list[Theme]
    batches: list[BatchRow]

    @property
    def flagged(self) -> bool:
        return any(c is not None and c.flagged for row in self.batches for _, c in row.cells)


THEMES_PER_PRODUCT = 3


def quality() -> list[ProductQuality]:
    """Per product: its batches with owners, and for its defect themes the share of each
    batch's owners who raised them against the product's other batches (the refit's tests)."""
    figures = _summary_part("batches") or {"owners": [], "themes": []}
    owners = {(o["product"], o["batch"]): o["owners"] for o in figures["owners"]}
    themes = Theme.objects.in_bulk([t["theme_id"] for t in figures["themes"]])
    cells: dict[tuple[str, str, int], BatchCell] = {}
    weight: dict[tuple[str, int], float] = defaultdict(float)
    for entry in figures["themes"]:
        theme_id = entry["theme_id"]
        if theme_id not in themes:
            continue
        for b in entry["batches"]:
            cells[(b["product"], b["batch"], theme_id)] = BatchCell(
                affected=b["affected"],
                share=b["share"] or 0.0,
                other_share=b["other_share"],
                ratio=b["ratio"],
                p_adjusted=b["p_adjusted"],
                flagged=b["recall_review"],
                test=b["test"],
            )
            flagged_bonus = 1000.0 if b["recall_review"] else 0.0
            weight[(b["product"], theme_id)] += b["affected"] + flagged_bonus
    reviews = {
        r.batch_id: r for r in RecallReview.objects.order_by("created_at").select_related("theme")
    }
    out = []
    batches = defaultdict(list)
    for batch in ProductBatch.objects.select_related("product").order_by("lot_code"):
        batches[batch.product_id].append(batch)
    for product in Product.objects.order_by("name"):
        ranked = sorted(
            ((w, t) for (sku, t), w in weight.items() if sku == product.sku),
            key=lambda x: -x[0],
        )
        chosen = [themes[t] for _, t in ranked[:THEMES_PER_PRODUCT]]
        rows = [
            BatchRow(
                batch=batch,
                owners=owners.get((product.sku, batch.lot_code), 0),
                cells=[(t, cells.get((product.sku, batch.lot_code, t.pk))) for t in chosen],
                review=reviews.get(batch.pk),
            )
            for batch in batches.get(product.pk, [])
        ]
        out.append(ProductQuality(product, chosen, rows))
    return out
