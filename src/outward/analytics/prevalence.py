"""One, few or many: how many distinct customers a theme touches, and defect concentration.

`theme_prevalence` counts distinct customers (not mentions) per theme in a window and classes
each theme as single / few / many against the active customer base. `batch_concentration`
asks whether a defect theme is concentrated in one production batch of a product, with the
test, the Holm-adjusted p-value and the thresholds behind every "recall review" flag.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from outward.analytics.results import Column, Result

NAN = float("nan")


class Prevalence(enum.StrEnum):
    SINGLE = "single"
    FEW = "few"
    MANY = "many"


@dataclass(frozen=True, slots=True)
class PrevalenceThresholds(Result):
    """single: <= single_max customers; few: <= max(few_min, few_share x base); many above."""

    single_max: int = 1
    few_min: int = 5
    few_share: float = 0.005

    def few_max(self, base_size: int) -> int:
        return max(self.few_min, int(np.floor(self.few_share * base_size)), self.single_max)

    def classify(self, customers: int, base_size: int) -> Prevalence:
        if customers <= self.single_max:
            return Prevalence.SINGLE
        return Prevalence.FEW if customers <= self.few_max(base_size) else Prevalence.MANY


@dataclass(frozen=True, slots=True)
class ThemePrevalence(Result):
    theme: str
    customers: int
    mentions: int
    share_of_base: float
    prevalence: Prevalence
    few_max: int


@dataclass(frozen=True, slots=True)
class PrevalenceReport(Result):
    themes: tuple[ThemePrevalence, ...]
    base_size: int
    window_start: dt.datetime | None
    window_end: dt.datetime | None
    thresholds: PrevalenceThresholds


def _to_utc(values: Column) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(
        pd.to_datetime(pd.Series(np.asarray(values, dtype=object)), errors="coerce", utc=True)
    )


def _key(values: Column) -> pd.Series:
    series = pd.Series(np.asarray(values, dtype=object))
    return series.where(series.notna(), None)


def theme_prevalence(
    theme_ids: Column,
    customer_ids: Column,
    *,
    base_size: int,
    timestamps: Column | None = None,
    window: tuple[dt.datetime, dt.datetime] | None = None,
    thresholds: PrevalenceThresholds | None = None,
) -> PrevalenceReport:
    """Distinct customers per theme, their share of the active base, and single/few/many.

    share = distinct customers / base_size (NaN if the base is 0). A mention without a customer
    id counts as a mention but adds no customer; rows without a theme are ignored. With a
    window [start, end) only rows whose timestamp falls inside count (missing timestamps are
    then excluded). Themes are sorted by distinct customers, most first.
    """
    limits = thresholds or PrevalenceThresholds()
    theme_codes, theme_names = pd.factorize(pd.Series(np.asarray(theme_ids).ravel()))
    customer_codes = pd.factorize(pd.Series(np.asarray(customer_ids).ravel()))[0]
    keep = theme_codes >= 0
    start = end = None
    if window is not None:
        if timestamps is None:
            raise ValueError("a window needs timestamps")
        start, end = (pd.Timestamp(w) for w in window)
        start = start.tz_localize("UTC") if start.tzinfo is None else start
        end = end.tz_localize("UTC") if end.tzinfo is None else end
        ts = _to_utc(timestamps)
        inside = np.asarray((ts >= start) & (ts < end), dtype=bool)
        keep &= inside
    # Distinct (theme, customer) pairs from integer codes: no Python objects per row.
    k = len(theme_names)
    mentions_by_code = np.bincount(theme_codes[keep], minlength=k)
    known = keep & (customer_codes >= 0)
    width = int(customer_codes.max(initial=-1)) + 1
    pair_codes = theme_codes[known].astype(np.int64) * width + customer_codes[known]
    pairs = np.asarray(pd.unique(pd.Series(pair_codes, dtype=np.int64)), dtype=np.int64)
    customers_by_code = np.bincount(pairs // max(width, 1), minlength=k)
    names = [str(t) for t in theme_names]
    mentions = pd.Series(mentions_by_code, index=names).groupby(level=0).sum()
    customers = pd.Series(customers_by_code, index=names).groupby(level=0).sum()
    mentions = mentions[mentions > 0]
    few_max = limits.few_max(base_size)
    rows = [
        ThemePrevalence(
            theme,
            int(customers[theme]),
            int(mentions[theme]),
            int(customers[theme]) / base_size if base_size > 0 else NAN,
            limits.classify(int(customers[theme]), base_size),
            few_max,
        )
        for theme in mentions.index
    ]
    rows.sort(key=lambda r: (-r.customers, -r.mentions, r.theme))
    return PrevalenceReport(
        tuple(rows),
        base_size,
        None if start is None else start.to_pydatetime(),
        None if end is None else end.to_pydatetime(),
        limits,
    )


@dataclass(frozen=True, slots=True)
class RecallRule(Result):
    """Flag "recall review" when share >= min_share, ratio >= min_ratio, adjusted p < alpha.

    min_affected guards against flags from one or two customers; fisher_below switches to
    Fisher's exact test whenever an expected cell count is below it.
    """

    min_share: float = 0.10
    min_ratio: float = 5.0
    alpha: float = 0.01
    min_affected: int = 3
    fisher_below: float = 5.0


@dataclass(frozen=True, slots=True)
class BatchConcentration(Result):
    product: str
    batch: str
    owners: int
    affected: int
    share: float
    other_owners: int
    other_affected: int
    other_share: float
    ratio: float
    test: str
    statistic: float
    p_value: float
    p_adjusted: float
    recall_review: bool


@dataclass(frozen=True, slots=True)
class BatchConcentrationReport(Result):
    theme: str
    batches: tuple[BatchConcentration, ...]
    rule: RecallRule
    flagged: tuple[str, ...]


def holm(p_values: ArrayLike) -> NDArray[np.float64]:
    """Holm step-down adjustment controlling the family-wise error rate.

    Sorted p_(1) <= ... <= p_(m): adjusted p_(i) = max_{j<=i} min(1, (m - j + 1) p_(j)).
    Valid under any dependence between the tests. NaN p-values stay NaN and do not count in m.
    """
    p = np.asarray(p_values, dtype=np.float64).ravel()
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if ok.size == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = order.size
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out[order] = np.maximum.accumulate(scaled)
    return out


def _batch_tests(
    a: NDArray[np.int64],
    n1: NDArray[np.int64],
    b: NDArray[np.int64],
    n2: NDArray[np.int64],
    fisher_below: float,
) -> tuple[NDArray[np.str_], NDArray[np.float64], NDArray[np.float64]]:
    """One-sided tests that the batch's affected share exceeds the other batches' share."""
    total, hits = n1 + n2, a + b
    valid = (n1 > 0) & (n2 > 0)
    safe_total = np.where(valid, total, 1)
    # Smallest expected cell of the 2x2 table decides between Fisher and the z test.
    exp_min = (
        np.minimum.reduce([n1 * hits, n1 * (total - hits), n2 * hits, n2 * (total - hits)])
        / safe_total
    )
    fisher = exp_min < fisher_below
    # Fisher (one-sided, "greater"): P(X >= a), X ~ hypergeometric(total, hits, n1).
    p_fisher = np.full(a.shape, np.nan)
    p_fisher[valid] = stats.hypergeom.sf(a[valid] - 1, total[valid], hits[valid], n1[valid])
    pooled = np.where(valid, hits / safe_total, 0.0)
    se = np.sqrt(pooled * (1 - pooled) * (1 / np.maximum(n1, 1) + 1 / np.maximum(n2, 1)))
    diff = a / np.maximum(n1, 1) - b / np.maximum(n2, 1)
    z = np.divide(diff, se, out=np.zeros_like(diff, dtype=np.float64), where=se > 0)
    p_z = np.where(se > 0, stats.norm.sf(z), np.where(diff > 0, 0.0, 1.0))
    test = np.where(fisher, "fisher exact (one-sided)", "two-proportion z (one-sided)")
    stat = np.where(fisher, a.astype(np.float64), z)
    p = np.where(valid, np.where(fisher, p_fisher, p_z), np.nan)
    return test, np.where(valid, stat, np.nan), np.clip(p, 0.0, 1.0)


def batch_concentration(
    owner_customer_ids: Column,
    owner_products: Column,
    owner_batches: Column,
    affected_customer_ids: Column,
    *,
    theme: str = "defect",
    rule: RecallRule | None = None,
) -> BatchConcentrationReport:
    """Is a defect theme concentrated in one batch? Per batch versus the product's other batches.

    For each (product, batch): share = affected owners / owners of the batch, other_share the
    same among owners of the product's other batches, ratio = share / other_share (inf when
    only the batch has cases, NaN when nobody is affected). Test: one-sided Fisher's exact test
    when an expected cell is below rule.fisher_below, else a one-sided two-proportion z test
    (pooled SE). p-values are Holm-adjusted across all batches tested. A product with a single
    batch has no comparison group: its batch is reported with NaN p and never flagged.
    Ownership rows are (customer, product, batch); duplicates are ignored. Assumes owners are
    equally likely to report a defect of a given size (reporting bias is not modelled).
    """
    limits = rule or RecallRule()
    own = (
        pd.DataFrame(
            {
                "customer": _key(owner_customer_ids),
                "product": _key(owner_products),
                "batch": _key(owner_batches),
            }
        )
        .dropna()
        .astype(str)
        .drop_duplicates()
    )
    affected = set(_key(affected_customer_ids).dropna().astype(str))
    hit = own[own["customer"].isin(affected)]
    per_batch = own.groupby(["product", "batch"])["customer"].nunique().rename("owners")
    per_batch = (
        per_batch.to_frame()
        .join(hit.groupby(["product", "batch"])["customer"].nunique().rename("affected"))
        .fillna({"affected": 0})
        .reset_index()
    )
    per_product = own.groupby("product")["customer"].nunique().rename("owners").to_frame()
    per_product = per_product.join(
        hit.groupby("product")["customer"].nunique().rename("affected")
    ).fillna({"affected": 0})
    n1 = per_batch["owners"].to_numpy(np.int64)
    a = per_batch["affected"].to_numpy(np.int64)
    # Owners of other batches: distinct product owners minus this batch's owners (a customer
    # owning two batches of one product is counted in the batch, not among the others).
    n2 = per_product.loc[per_batch["product"], "owners"].to_numpy(np.int64) - n1
    b = per_product.loc[per_batch["product"], "affected"].to_numpy(np.int64) - a
    share = np.divide(a, n1, out=np.full(a.shape, np.nan), where=n1 > 0)
    other = np.divide(b, n2, out=np.full(a.shape, np.nan), where=n2 > 0)
    ratio = np.full(a.shape, np.nan)
    np.divide(share, other, out=ratio, where=other > 0)
    ratio[(other == 0) & (share > 0)] = np.inf
    test, stat, p = _batch_tests(a, n1, b, n2, limits.fisher_below)
    p_adj = holm(p)
    flag = (
        (share >= limits.min_share)
        & (ratio >= limits.min_ratio)
        & (p_adj < limits.alpha)
        & (a >= limits.min_affected)
    )
    rows = tuple(
        BatchConcentration(
            str(per_batch.at[i, "product"]),
            str(per_batch.at[i, "batch"]),
            int(n1[i]),
            int(a[i]),
            float(share[i]),
            int(n2[i]),
            int(b[i]),
            float(other[i]),
            float(ratio[i]),
            str(test[i]) if np.isfinite(p[i]) else "none (single batch)",
            float(stat[i]),
            float(p[i]),
            float(p_adj[i]),
            bool(flag[i]),
        )
        for i in range(len(per_batch))
    )
    rows = tuple(sorted(rows, key=lambda r: (np.nan_to_num(r.p_adjusted, nan=2.0), -r.share)))
    return BatchConcentrationReport(
        theme, rows, limits, tuple(f"{r.product}/{r.batch}" for r in rows if r.recall_review)
    )
