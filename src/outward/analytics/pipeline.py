"""`analyze`: one table of feedback in, every analysis of the `outward analyze` report out.

Steps: sentiment, themes, root causes (per item and per theme), competitor mentions,
prevalence (distinct customers per theme), trends and emerging issues (when there are dates),
score statistics (when there is a score), key drivers (themes, touchpoints and sentiment
against the score and the outcome), then the per-item table and the summary tables.
Everything is vectorised over the items; per-item text analyses run once per distinct text
(exact duplicates are common in support data); the driver model, whose bootstrap grows
with n x p^2, runs on a random sample of at most DRIVER_SAMPLE rows.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from outward.analytics.columns import ColumnMap, InputError
from outward.analytics.competitors import Competitor, CompetitorSummary
from outward.analytics.emerging import EmergingConfig, Freq, emerging_issues, period_counts
from outward.analytics.pipeline_steps import (
    Distinct,
    DriverAnalysis,
    competitor_mentions,
    driver_analyses,
    items_table,
    root_causes,
    sentiment_scores,
    theme_labels,
)
from outward.analytics.prevalence import ThemePrevalence, theme_prevalence
from outward.analytics.representation import TextRepresentation
from outward.analytics.results import Result, to_plain
from outward.analytics.rootcause import ThemeRootCause
from outward.analytics.score_agreement import agree_with_scores, score_direction
from outward.analytics.scorestats import (
    ScoreRow,
    ScoreType,
    guess_score_type,
    score_rows,
    to_numbers,
)
from outward.analytics.sentiment import NEGATIVE_THRESHOLD, sentiment_labels
from outward.analytics.themes import ThemeModel, discover_themes

__all__ = [
    "AnalysisReport",
    "DriverAnalysis",
    "EmergingRow",
    "SentimentSummary",
    "ThemeRow",
    "analyze",
    "theme_texts",
]

Progress = Callable[[str, float], None]
TREND_PERIODS = 26
NO_TEXT_LABEL = "(no text)"  # the score table's theme for rows without text
# @handles and web addresses, and the masks exports put over personal data ("XXXX",
# "XX/XX/XXXX", "[REDACTED]", "***", "__email__"): none says what an item is about.
_NOISE = (
    r"(?<![\w.])@\w+|https?://\S+|www\.\S+"
    r"|\b[Xx]{2,}\b|\[(?:[Rr]edacted|REDACTED|[Rr]emoved)[^\]]{0,40}\]|\*{3,}|\b__[a-z]+__\b"
)
_STEPS = (
    ("sentiment", 0.10),
    ("themes", 0.45),
    ("root causes", 0.15),
    ("competitors", 0.10),
    ("prevalence and trends", 0.06),
    ("scores and drivers", 0.08),
    ("tables", 0.06),
)


@dataclass(frozen=True, slots=True)
class ThemeRow(Result):
    """One issue: who it touches, how (prevalence class), why (root cause), where it is going."""

    theme_id: int
    label: str
    customers: int
    mentions: int
    share_of_base: float
    prevalence: str
    root_cause: str
    root_cause_share: float
    mean_sentiment: float
    negative_share: float
    mean_score: float | None
    trend: str
    trend_change: float | None
    counts: tuple[int, ...]
    emerging: bool
    key_phrases: tuple[str, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SentimentSummary(Result):
    """Mean score, items per label, and a 20-bin histogram of the scores over [-1, 1]."""

    mean: float
    labels: dict[str, int]
    bin_edges: tuple[float, ...]
    bin_counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class EmergingRow(Result):
    """The latest period of one theme against its baseline (see `emerging.detect_emerging`)."""

    theme_id: int
    label: str
    period: dt.date
    observed: int
    expected: float
    p_value: float
    score: float
    alert: bool
    reason: str


@dataclass(frozen=True, slots=True, eq=False)
class AnalysisReport(Result):
    """Everything `outward analyze` reports; `items` is one row per input row, in input order."""

    source: str
    n_items: int
    n_customers: int
    customers_from: str
    columns: ColumnMap
    score_type: str | None
    date_start: dt.datetime | None
    date_end: dt.datetime | None
    period: str | None
    trend_periods: tuple[dt.date, ...]
    other_share: float
    themes: tuple[ThemeRow, ...]
    sentiment: SentimentSummary
    drivers: tuple[DriverAnalysis, ...]
    emerging: tuple[EmergingRow, ...]
    scores: tuple[ScoreRow, ...]
    competitors: tuple[CompetitorSummary, ...]
    switching_share: float
    n_without_text: int
    notes: tuple[str, ...]
    timings: dict[str, float]
    items: pd.DataFrame = field(repr=False)
    model: ThemeModel | None = field(default=None, repr=False)  # to assign new items later

    def summary_dict(self) -> dict[str, Any]:
        """Plain JSON types of everything but the per-item table and the fitted model."""
        skipped = {"items", "model"}
        return {
            f: to_plain(getattr(self, f)) for f in self.__dataclass_fields__ if f not in skipped
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types; `items` as a list of records (dates as ISO 8601 strings)."""
        return self.summary_dict() | {"items": json.loads(items_json(self.items))}


def items_json(items: pd.DataFrame) -> str:
    """The per-item table as a JSON array of records (pandas' C writer; NaN -> null)."""
    return str(items.to_json(orient="records", date_format="iso", force_ascii=False))


def _texts(table: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """One text per row: the text columns joined by ". ", empty ones left out.

    HTML character references are decoded ("&amp;" -> "&", "&lt;3" -> "<3"): tweet and
    help-desk exports carry them, and left in they made "amp" a word of the themes and showed
    as "&lt;3" in the report's quotes (which escapes text itself).
    """
    parts = [
        _unescaped(table[c].astype(object).where(table[c].notna(), "").astype(str).str.strip())
        for c in columns
    ]
    joined = parts[0].reset_index(drop=True)
    for part in parts[1:]:
        part = part.reset_index(drop=True)
        both = (joined != "") & (part != "")
        joined = joined + pd.Series(np.where(both, ". ", "")) + part
    return joined.astype(object)


def _unescaped(texts: pd.Series) -> pd.Series:
    """``html.unescape`` of the texts that hold an "&" (the others are returned as they are)."""
    escaped = texts.str.contains("&", regex=False).to_numpy()
    if not escaped.any():
        return texts
    out = texts.copy()
    out[escaped] = [html.unescape(t) for t in texts[escaped]]
    return out


def theme_texts(texts: pd.Series) -> pd.Series:
    """Texts for theme discovery: @handles, web addresses and redaction masks removed.

    In social-media support data every item starts with the brand's handle and many hold
    a link; left in, they become themes of their own ("Spotifycares Https"). Complaint
    databases mask names and dates ("XXXX", "XX/XX/XXXX"), which became theme words.
    """
    return texts.astype(str).str.replace(_NOISE, " ", regex=True).str.strip()


def _customers(table: pd.DataFrame, column: str | None) -> tuple[NDArray[np.int64], int, str]:
    """Customer code per row (-1: unknown), distinct customers, and where they came from."""
    if column is None:
        n = len(table)
        return np.arange(n, dtype=np.int64), n, "rows (no customer column: one row, one customer)"
    codes = pd.factorize(table[column].reset_index(drop=True))[0].astype(np.int64)
    return codes, int(codes.max(initial=-1)) + 1, f'column "{column}"'


def _period(dates: pd.Series) -> Freq:
    """Days for up to 8 weeks of data, weeks beyond."""
    return "D" if dates.max() - dates.min() <= pd.Timedelta(days=56) else "W"


@dataclass(frozen=True, slots=True)
class Trends:
    """Counts per theme over the last periods, and each theme's direction and change ratio."""

    periods: tuple[dt.date, ...]
    counts: dict[int, tuple[int, ...]]
    direction: dict[int, tuple[str, float | None]]


def _trends(
    theme_ids: NDArray[np.int64], dates: pd.Series, freq: Freq, ids: Sequence[int]
) -> Trends:
    """Counts per theme over the last TREND_PERIODS periods, and rising / falling / steady.

    The direction compares the theme's share of all dated items in the later half of those
    periods with the earlier half (shares, so partial first and last periods are not
    changes; 0.5 is added to both counts): rising at x1.25 or more, falling at x0.8 or
    less; needs 4 periods.
    """
    counts = period_counts(theme_ids, dates, freq=freq).tail(TREND_PERIODS)
    totals = period_counts(np.zeros(len(theme_ids), dtype=np.int64), dates, freq=freq)
    total = totals.reindex(counts.index, fill_value=0).sum(axis=1).to_numpy(np.float64)
    periods = tuple(d.date() for d in counts.index)
    by_name = {str(c): np.asarray(counts[c], dtype=np.int64) for c in counts.columns}
    half = len(periods) // 2
    series: dict[int, tuple[int, ...]] = {}
    direction: dict[int, tuple[str, float | None]] = {}
    for theme_id in ids:
        values = by_name.get(str(theme_id), np.zeros(len(periods), dtype=np.int64))
        series[theme_id] = tuple(int(v) for v in values)
        if len(periods) < 4 or total[:half].sum() == 0 or total[half:].sum() == 0:
            direction[theme_id] = ("", None)
            continue
        before = (values[:half].sum() + 0.5) / total[:half].sum()
        after = (values[half:].sum() + 0.5) / total[half:].sum()
        change = float(after / before)
        word = "rising" if change >= 1.25 else "falling" if change <= 0.8 else "steady"
        direction[theme_id] = (word, change)
    return Trends(periods, series, direction)


def _theme_rows(
    model: ThemeModel,
    theme_ids: NDArray[np.int64],
    sentiment: NDArray[np.float32],
    scores: NDArray[np.float64],
    prevalence: Mapping[int, ThemePrevalence],
    causes: Mapping[int, ThemeRootCause],
    trends: Trends,
    alerts: set[int],
) -> tuple[ThemeRow, ...]:
    """One row per theme, most customers first (per-theme sums by one bincount each)."""
    slots = theme_ids - theme_ids.min(initial=0) if theme_ids.size else theme_ids
    offset = int(theme_ids.min(initial=0))
    width = int(theme_ids.max(initial=0)) - offset + 1
    answered = np.isfinite(scores)

    def per_theme(weights: NDArray[np.float64] | None) -> NDArray[np.float64]:
        return np.bincount(slots, weights=weights, minlength=width).astype(np.float64)

    sizes = per_theme(None)
    score_sum = per_theme(np.where(answered, scores, 0.0))
    score_n = per_theme(answered.astype(np.float64))
    sentiment_sum = per_theme(sentiment.astype(np.float64))
    negative = per_theme((sentiment < NEGATIVE_THRESHOLD).astype(np.float64))
    rows = []
    for theme in model.themes:
        slot = theme.id - offset
        size = max(float(sizes[slot]), 1.0)
        prev = prevalence.get(theme.id)
        cause = causes.get(theme.id)
        word, change = trends.direction.get(theme.id, ("", None))
        rows.append(
            ThemeRow(
                theme_id=theme.id,
                label=theme.label,
                customers=prev.customers if prev else 0,
                mentions=prev.mentions if prev else int(sizes[slot]),
                share_of_base=prev.share_of_base if prev else 0.0,
                prevalence=str(prev.prevalence) if prev else "single",
                root_cause=str(cause.dominant) if cause else "other",
                root_cause_share=float(cause.shares[cause.dominant]) if cause else 0.0,
                mean_sentiment=float(sentiment_sum[slot] / size),
                negative_share=float(negative[slot] / size),
                mean_score=float(score_sum[slot] / score_n[slot]) if score_n[slot] else None,
                trend=word,
                trend_change=change,
                counts=trends.counts.get(theme.id, ()),
                emerging=theme.id in alerts,
                key_phrases=tuple(p.phrase for p in theme.key_phrases[:5]),
                quotes=tuple(theme.quotes[:3]),
            )
        )
    rows.sort(key=lambda r: (-r.customers, -r.mentions, r.theme_id))
    return tuple(rows)


def _emerging(
    theme_ids: NDArray[np.int64], dates: pd.Series, freq: Freq, labels: Mapping[int, str]
) -> tuple[EmergingRow, ...]:
    """`emerging.emerging_issues` on the themed, dated items (alerts first)."""
    keep = (theme_ids >= 0) & dates.notna().to_numpy()
    config = EmergingConfig(freq=freq)
    report = emerging_issues(theme_ids[keep], dates[keep].to_numpy(), config=config)
    return tuple(
        EmergingRow(
            theme_id=int(s.theme),
            label=labels.get(int(s.theme), s.theme),
            period=s.period,
            observed=s.observed,
            expected=s.expected,
            p_value=s.p_value,
            score=s.score,
            alert=s.alert,
            reason=s.reason,
        )
        for s in report.themes
    )


def _sentiment_summary(sentiment: NDArray[np.float32]) -> SentimentSummary:
    hist, edges = np.histogram(np.clip(sentiment, -1, 1), bins=20, range=(-1.0, 1.0))
    labels = sentiment_labels(sentiment)
    counts = {k: int(np.count_nonzero(labels == k)) for k in ("negative", "neutral", "positive")}
    mean = float(sentiment.mean()) if sentiment.size else 0.0
    return SentimentSummary(mean, counts, tuple(float(e) for e in edges), tuple(map(int, hist)))


class _Steps:
    """Reports each step to the progress callback and times it."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self.done = 0.0
        self.name = ""
        self.start = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        if self.name:
            self.timings[self.name] = round(now - self.start, 3)
        self.name, self.start = name, now
        if self.progress is not None:
            self.progress(name, min(self.done, 1.0))
        self.done += dict(_STEPS).get(name, 0.0)


def analyze(
    table: pd.DataFrame,
    columns: ColumnMap,
    *,
    competitors: Sequence[Competitor] = (),
    seed: int = 0,
    score_type: ScoreType | None = None,
    base_size: int | None = None,
    source: str = "",
    representation: TextRepresentation | None = None,
    previous: ThemeModel | None = None,
    driver_scores: Sequence[str] = (),
    notes: Sequence[str] = (),
    progress: Progress | None = None,
) -> AnalysisReport:
    """Run every analysis of the report on a table whose columns are named by `columns`.

    Rows without text are left out of themes, sentiment, root causes and every share (a
    note says how many); their scores still count in the score table, under the theme
    "(no text)", and they keep their place in `items` with empty analysis fields.
    representation: the theme backend (default: the built-in one; `SentenceEmbeddings`
    for MiniLM). previous: the model of an earlier run, so that themes keep their ids (the
    app's refit). driver_scores: further score columns whose key drivers are reported too
    (the app's CSAT and CES beside NPS). notes: what the caller already left out (rows
    with a bad date), shown first.
    See `_analyze_texts` for the rest.
    """
    table = table.reset_index(drop=True)
    texts = _texts(table, columns.text)
    blank = (texts.str.strip() == "").to_numpy()
    if blank.all():
        raise InputError("no row has any text to analyse")
    options: dict[str, Any] = {
        "competitors": competitors,
        "seed": seed,
        "score_type": score_type,
        "base_size": base_size,
        "source": source,
        "representation": representation,
        "previous": previous,
        "driver_scores": driver_scores,
        "progress": progress,
    }
    if not blank.any():
        report = _analyze_texts(table, columns, texts, **options)
        return replace(report, notes=(*notes, *report.notes))
    kept = np.flatnonzero(~blank)
    report = _analyze_texts(
        table.iloc[kept].reset_index(drop=True),
        columns,
        texts.iloc[kept].reset_index(drop=True),
        **options,
    )
    count = int(blank.sum())
    left_out = (
        f"{count:,} row{'s' if count > 1 else ''} without text left out of themes, sentiment "
        "and shares (their scores still count)."
    )
    items = _with_blank_rows(report.items, table, columns, kept)
    scores = report.scores
    if columns.score and report.score_type:
        segments = {
            name: table[column]
            for name, column in (("touchpoint", columns.touchpoint), ("product", columns.product))
            if column
        }
        segments["theme"] = items["theme"].astype(object).where(~blank, NO_TEXT_LABEL)
        kind = cast(ScoreType, report.score_type)
        scores = score_rows(to_numbers(table[columns.score]), kind, segments)
    return replace(
        report,
        n_without_text=count,
        notes=(*notes, left_out, *report.notes),
        items=items,
        scores=scores,
    )


def _with_blank_rows(
    items: pd.DataFrame, table: pd.DataFrame, columns: ColumnMap, kept: NDArray[np.int64]
) -> pd.DataFrame:
    """The items of the rows with text, back in input order among all rows: a row without
    text keeps its ids, date and scores, with no theme, sentiment or root cause."""
    full = items.set_axis(kept).reindex(np.arange(len(table)))
    full["row"] = np.arange(1, len(table) + 1, dtype=np.int64)
    for role in ("id", "customer", "date", "score", "outcome", "touchpoint", "product", "batch"):
        column = getattr(columns, role)
        if column and role in full.columns:
            full[role] = table[column].to_numpy()
    full["theme_id"] = full["theme_id"].astype("Int64")
    full["text"] = full["text"].fillna("")
    return full.reset_index(drop=True)


def _analyze_texts(
    table: pd.DataFrame,
    columns: ColumnMap,
    texts: pd.Series,
    *,
    competitors: Sequence[Competitor],
    seed: int,
    score_type: ScoreType | None,
    base_size: int | None,
    source: str,
    representation: TextRepresentation | None,
    previous: ThemeModel | None,
    driver_scores: Sequence[str],
    progress: Progress | None,
) -> AnalysisReport:
    """The analyses of `analyze` on rows that all have text (`texts`: one per row).

    base_size: the active customer base for prevalence classes (default: the distinct
    customers in the table; without a customer column every row counts as one customer).
    score_type: how to summarise the score column (default: guessed from its range, see
    `scorestats.guess_score_type`). Dates should be parsed already (`io.parse_dates`);
    unparseable ones are treated as missing here. progress(step, fraction) is called at
    the start of each step and with ("done", 1.0) at the end. Deterministic for a seed.
    """
    step = _Steps(progress)
    notes: list[str] = []
    n = len(table)
    distinct = Distinct.of(texts)

    step("sentiment")
    sentiment = sentiment_scores(distinct)
    step("themes")
    model = discover_themes(
        theme_texts(texts).tolist(), representation=representation, seed=seed, previous=previous
    )
    theme_ids = np.asarray(model.assignments, dtype=np.int64)
    labels = {t.id: t.label for t in model.themes}
    step("root causes")
    causes, by_theme = root_causes(distinct, theme_ids, list(labels))
    step("competitors")
    scores = to_numbers(table[columns.score]) if columns.score else np.full(n, np.nan)
    kind = score_type or (guess_score_type(scores) if columns.score else None)
    if columns.score and kind is None:
        notes.append(f'The score column "{columns.score}" has no numeric answers.')
    mentions = competitor_mentions(distinct, competitors, scores if kind == "nps" else None)

    step("prevalence and trends")
    customer, n_customers, customers_from = _customers(table, columns.customer)
    prevalence = theme_prevalence(
        pd.Series(theme_ids.astype(str)).where(theme_ids >= 0, None).to_numpy(dtype=object),
        np.where(customer >= 0, customer, np.nan),
        base_size=base_size if base_size is not None else n_customers,
    )
    by_prevalence = {int(p.theme): p for p in prevalence.themes}
    dates = pd.to_datetime(table[columns.date], errors="coerce", utc=True) if columns.date else None
    freq = _period(dates.dropna()) if dates is not None and dates.notna().any() else None
    trends = Trends((), {}, {})
    emerging: tuple[EmergingRow, ...] = ()
    if dates is not None and freq is not None:
        trends = _trends(theme_ids, dates, freq, list(labels))
        emerging = _emerging(theme_ids, dates, freq, labels)
    else:
        notes.append("No dates: trends and emerging issues need a date column.")

    step("scores and drivers")
    segments = {
        name: table[column]
        for name, column in (("touchpoint", columns.touchpoint), ("product", columns.product))
        if column
    }
    segments["theme"] = theme_labels(theme_ids, labels)
    score_table = score_rows(scores, kind, segments) if kind else ()
    drivers = driver_analyses(
        table,
        columns,
        scores,
        theme_ids,
        labels,
        sentiment,
        customer,
        more_scores=driver_scores,
        seed=seed,
    )
    notes.extend(d.skipped for d in drivers if d.skipped)

    step("tables")
    alerts = {r.theme_id for r in emerging if r.alert}
    themes = _theme_rows(
        model, theme_ids, sentiment, scores, by_prevalence, by_theme, trends, alerts
    )
    # Each item's shown sentiment agrees with its own score; the analyses above use the text's.
    shown = agree_with_scores(sentiment, score_direction(scores, kind)) if kind else sentiment
    items = items_table(table, columns, texts, theme_ids, labels, shown, causes, mentions)
    dated = dates.dropna() if dates is not None else None
    step("done")
    return AnalysisReport(
        source=source,
        n_items=n,
        n_customers=n_customers,
        customers_from=customers_from,
        columns=columns,
        score_type=kind,
        date_start=dated.min().to_pydatetime() if dated is not None and len(dated) else None,
        date_end=dated.max().to_pydatetime() if dated is not None and len(dated) else None,
        period=freq,
        trend_periods=trends.periods,
        other_share=float(model.other_share),
        themes=themes,
        sentiment=_sentiment_summary(sentiment),
        drivers=drivers,
        emerging=emerging,
        scores=score_table,
        competitors=mentions.summary,
        switching_share=mentions.switching_share,
        n_without_text=0,
        notes=tuple(notes),
        timings=step.timings,
        items=items,
        model=model,
    )
