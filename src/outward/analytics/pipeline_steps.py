"""The steps of `pipeline.analyze` that work item by item: text analyses, drivers, item table.

Text analyses (sentiment, root causes, competitor mentions) run once per distinct text and
are spread back over the items with one fancy-indexing step (`Distinct`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from outward.analytics.columns import ColumnMap
from outward.analytics.competitors import (
    Competitor,
    CompetitorSummary,
    find_competitors,
    summarise_mentions,
)
from outward.analytics.drivers import DriverReport, key_drivers
from outward.analytics.results import Result
from outward.analytics.rootcause import (
    RootCauseResult,
    ThemeRootCause,
    classify_root_causes,
    root_causes_by_theme,
)
from outward.analytics.scorestats import higher_is_better, to_numbers
from outward.analytics.sentiment import score_texts, sentiment_labels
from outward.analytics.themes import OTHER_LABEL

DRIVER_SAMPLE = 50_000
"""Most rows the driver model sees (a random sample beyond): its bootstrap costs n x p^2."""
MIN_DRIVER_ROWS = 30
MIN_FEATURE_ITEMS = 5
MAX_THEME_FEATURES = 20
MAX_TOUCHPOINT_FEATURES = 10


@dataclass(frozen=True, slots=True)
class Distinct:
    """The distinct texts of a corpus and, per item, the index of its text among them."""

    codes: NDArray[np.int64]
    texts: list[str]

    @classmethod
    def of(cls, texts: pd.Series) -> Distinct:
        codes, uniques = pd.factorize(texts.reset_index(drop=True))
        return cls(codes.astype(np.int64), [str(u) for u in uniques])


@dataclass(frozen=True, slots=True)
class ItemCauses:
    """Root cause per item: category, confidence, and the matched cue phrases ("; ")."""

    category: NDArray[np.object_]
    confidence: NDArray[np.float64]
    cues: NDArray[np.object_]


@dataclass(frozen=True, slots=True)
class ItemMentions:
    """Competitors named per item ("; "), switching intent and its cue, and the summary."""

    names: NDArray[np.object_]
    switching: NDArray[np.bool_]
    cue: NDArray[np.object_]
    summary: tuple[CompetitorSummary, ...]
    switching_share: float


@dataclass(frozen=True, slots=True)
class DriverAnalysis(Result):
    """Key drivers of one target (the score or the outcome), or why they were not computed."""

    target: str
    column: str
    n_rows: int
    sampled: bool
    report: DriverReport | None
    skipped: str | None


def _spread(values: Sequence[object], codes: NDArray[np.int64]) -> NDArray[np.object_]:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array[codes]


def sentiment_scores(distinct: Distinct) -> NDArray[np.float32]:
    """Sentiment in [-1, 1] per item (`sentiment.score_texts` on each distinct text)."""
    return score_texts(distinct.texts)[distinct.codes]


def root_causes(
    distinct: Distinct, theme_ids: NDArray[np.int64], theme_order: Sequence[int]
) -> tuple[ItemCauses, dict[int, ThemeRootCause]]:
    """Root cause per item (`rootcause.classify_root_causes`) and per theme (the dominant one)."""
    result = classify_root_causes(distinct.texts)
    codes = distinct.codes
    categories = _spread(result.categories, codes)
    cues = _spread(result.cues, codes)
    expanded = RootCauseResult(
        categories=tuple(categories),
        confidence=result.confidence[codes],
        cues=tuple(cues),
        scores=result.scores[codes],
    )
    order = np.argsort(theme_ids, kind="stable")
    ids = np.asarray(theme_order, dtype=np.int64)
    bounds_low = np.searchsorted(theme_ids[order], ids, side="left")
    bounds_high = np.searchsorted(theme_ids[order], ids, side="right")
    groups = {
        str(t): order[lo:hi].tolist()
        for t, lo, hi in zip(ids, bounds_low, bounds_high, strict=True)
    }
    by_theme = {int(r.theme): r for r in root_causes_by_theme(expanded, groups)}
    joined = _spread(["; ".join(c) for c in result.cues], codes)
    values = _spread([str(c) for c in result.categories], codes)
    return ItemCauses(values, result.confidence[codes], joined), by_theme


def competitor_mentions(
    distinct: Distinct,
    competitors: Sequence[Competitor],
    nps_scores: NDArray[np.float64] | None,
) -> ItemMentions:
    """Competitors and switching intent per item; per competitor: mentions, share, NPS.

    Shares are over all items; NPS and mean score are over the items naming the competitor
    with a 0-10 answer (None without NPS answers).
    """
    result = find_competitors(distinct.texts, competitors)
    codes = distinct.codes
    n = len(codes)
    switching = result.switching[codes]
    per_text = np.array(
        [[competitor.name in names for competitor in competitors] for names in result.competitors],
        dtype=np.bool_,
    ).reshape(len(result.competitors), len(competitors))
    summary = summarise_mentions(competitors, per_text[codes], switching, nps_scores)
    return ItemMentions(
        names=_spread(["; ".join(c) for c in result.competitors], codes),
        switching=switching,
        cue=_spread([c or "" for c in result.switching_cue], codes),
        summary=summary,
        switching_share=float(switching.mean()) if n else 0.0,
    )


def theme_labels(theme_ids: NDArray[np.int64], labels: Mapping[int, str]) -> pd.Series:
    """The label of each item's theme ("Other" for the other bucket)."""
    mapped = pd.Series(theme_ids).map(dict(labels))
    return mapped.astype(object).where(mapped.notna(), OTHER_LABEL)


def _indicators(
    codes: NDArray[np.int64], names: Sequence[str], prefix: str, limit: int
) -> pd.DataFrame:
    """0/1 columns for the most frequent codes (>= MIN_FEATURE_ITEMS items each).

    When the columns cover every row, the least frequent is dropped as the reference level
    (all of them together would be collinear with the intercept).
    """
    counts = np.bincount(codes[codes >= 0], minlength=len(names))
    chosen = [
        int(j) for j in np.argsort(-counts, kind="stable")[:limit] if counts[j] >= MIN_FEATURE_ITEMS
    ]
    if chosen and np.isin(codes, chosen).all() and len(chosen) > 1:
        chosen = chosen[:-1]
    return pd.DataFrame({f"{prefix}: {names[j]}": (codes == j).astype(np.float64) for j in chosen})


def driver_analyses(
    table: pd.DataFrame,
    columns: ColumnMap,
    scores: NDArray[np.float64],
    theme_ids: NDArray[np.int64],
    labels: Mapping[int, str],
    sentiment: NDArray[np.float32],
    customer: NDArray[np.int64],
    *,
    more_scores: Sequence[str] = (),
    seed: int = 0,
) -> tuple[DriverAnalysis, ...]:
    """Key drivers (`drivers.key_drivers`) of the score, of each column in `more_scores` (say
    CSAT and CES beside NPS) and of the outcome, where given.

    Features: an indicator per theme (the 20 largest) and per touchpoint (the 10 most
    frequent), each with at least 5 items; sentiment enters as a covariate. Rows are
    bootstrapped by customer when there is a customer column. Skipped, with the reason, when
    fewer than 30 rows have the target, the target never varies, or no feature qualifies.
    """
    targets: list[tuple[str, str, NDArray[np.float64]]] = []
    if columns.score:
        targets.append(("score", columns.score, scores))
    targets.extend(("score", column, to_numbers(table[column])) for column in more_scores)
    if columns.outcome:
        targets.append(("outcome", columns.outcome, to_numbers(table[columns.outcome])))
    rng = np.random.default_rng(seed)
    out: list[DriverAnalysis] = []
    for target, column, values in targets:
        rows = np.flatnonzero(np.isfinite(values))
        sampled = rows.size > DRIVER_SAMPLE
        if sampled:
            rows = np.sort(rng.choice(rows, size=DRIVER_SAMPLE, replace=False))
        skip = None
        if rows.size < MIN_DRIVER_ROWS:
            skip = (
                f'too few rows with a {target} in "{column}" '
                f"({rows.size}; key drivers need {MIN_DRIVER_ROWS})"
            )
        elif np.ptp(values[rows]) == 0:
            skip = f'the {target} in "{column}" is the same in every row'
        features = pd.DataFrame()
        if skip is None:
            ids = sorted(labels)
            local = np.searchsorted(ids, theme_ids[rows])
            local = np.where(np.isin(theme_ids[rows], ids), local, -1)
            parts = [_indicators(local, [labels[i] for i in ids], "theme", MAX_THEME_FEATURES)]
            if columns.touchpoint:
                codes, names = pd.factorize(table[columns.touchpoint].reset_index(drop=True))
                parts.append(
                    _indicators(
                        codes[rows].astype(np.int64),
                        [str(x) for x in names],
                        "touchpoint",
                        MAX_TOUCHPOINT_FEATURES,
                    )
                )
            features = pd.concat(parts, axis=1)
            if features.shape[1] == 0:
                skip = f"no theme or touchpoint has {MIN_FEATURE_ITEMS} items with a {target}"
        if skip is not None:
            out.append(
                DriverAnalysis(
                    target,
                    column,
                    int(rows.size),
                    sampled,
                    None,
                    "Key drivers of the " + skip + ".",
                )
            )
            continue
        report = key_drivers(
            features,
            values[rows],
            covariates=sentiment[rows].astype(np.float64).reshape(-1, 1),
            covariate_names=["sentiment"],
            higher_is_better=higher_is_better(column) if target == "outcome" else True,
            groups=customer[rows] if columns.customer else None,
            seed=seed,
        )
        out.append(DriverAnalysis(target, column, int(rows.size), sampled, report, None))
    return tuple(out)


def items_table(
    table: pd.DataFrame,
    columns: ColumnMap,
    texts: pd.Series,
    theme_ids: NDArray[np.int64],
    labels: Mapping[int, str],
    sentiment: NDArray[np.float32],
    causes: ItemCauses,
    mentions: ItemMentions,
) -> pd.DataFrame:
    """One row per input row, in input order: its ids, theme, sentiment, root cause, mentions."""
    n = len(table)
    data: dict[str, object] = {"row": np.arange(1, n + 1, dtype=np.int64)}
    for role in ("id", "customer", "date"):
        column = getattr(columns, role)
        if column:
            data[role] = table[column].to_numpy()
    data |= {
        "theme_id": theme_ids,
        "theme": theme_labels(theme_ids, labels).to_numpy(),
        "sentiment": np.round(sentiment.astype(np.float64), 4),
        "sentiment_label": sentiment_labels(sentiment),
        "root_cause": causes.category,
        "root_cause_confidence": np.round(causes.confidence, 4),
        "root_cause_cues": causes.cues,
        "competitors": mentions.names,
        "switching_intent": mentions.switching,
        "switching_cue": mentions.cue,
    }
    for role in ("score", "outcome", "touchpoint", "product", "batch"):
        column = getattr(columns, role)
        if column:
            data[role] = table[column].to_numpy()
    data["text"] = texts.to_numpy()
    return pd.DataFrame(data)
