"""Key drivers: which themes and touchpoints move a score or an outcome, and what to fix first.

Importance is Pratt's measure on a (lightly ridge-stabilised) least-squares model of the
standardised target on the standardised indicators: d_j = beta*_j x r_j, which sums to the
model R^2, so d_j / R^2 is the share of explained variance owed to driver j (a cheap stand-in
for the dominance / Shapley decomposition; it can be negative under suppression). Binary
outcomes use the linear probability model for importance and effects (effects are changes in
probability) and a logistic model for the held-out AUC. Confidence intervals are percentile
intervals of bootstrap resamples (of customers' groups when groups are given), all resamples
computed together as weighted moments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import r2_score, roc_auc_score
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from outward.analytics.results import Result

NAN = float("nan")
Outcome = Literal["auto", "binary", "continuous"]
F64 = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Driver(Result):
    """One indicator: its effect, share of explained variance, impact = effect x prevalence."""

    name: str
    is_covariate: bool
    prevalence: float
    effect: float
    effect_ci: tuple[float, float]
    importance: float
    importance_ci: tuple[float, float]
    impact: float
    impact_ci: tuple[float, float]
    fix_rank: int | None


@dataclass(frozen=True, slots=True)
class Validation(Result):
    """Out-of-sample fit by k-fold CV: AUC (binary) or R^2 (continuous) of pooled predictions."""

    metric: str
    value: float
    fold_values: tuple[float, ...]
    n_folds: int
    grouped: bool
    threshold: float
    weak: bool


@dataclass(frozen=True, slots=True)
class DriverReport(Result):
    outcome: str
    n: int
    r_squared: float
    higher_is_better: bool
    drivers: tuple[Driver, ...]
    fix_first: tuple[str, ...]
    validation: Validation
    n_boot: int
    level: float


def _pratt(w: F64, x: F64, y: F64, ridge: float) -> tuple[F64, F64]:
    """Pratt importance d (B, p) and raw effects (B, p) for each row of weights w (B, n)."""
    w = w / w.sum(axis=1, keepdims=True)
    mx, my = w @ x, w @ y
    sxx = np.einsum("bn,np,nq->bpq", w, x, x, optimize=True) - mx[:, :, None] * mx[:, None, :]
    sxy = w @ (x * y[:, None]) - mx * my[:, None]
    syy = np.maximum(w @ (y * y) - my * my, 0.0)
    sdx = np.sqrt(np.maximum(np.diagonal(sxx, axis1=1, axis2=2), 0.0))
    sdy = np.sqrt(syy)
    ok = sdx > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, sdx, 1.0), 0.0)
    corr = sxx * inv[:, :, None] * inv[:, None, :]
    r = sxy * inv * np.where(sdy > 1e-12, 1.0 / np.where(sdy > 1e-12, sdy, 1.0), 0.0)[:, None]
    p = x.shape[1]
    system = corr + ridge * np.eye(p) + np.eye(p) * (~ok)[:, None, :]
    beta = np.linalg.solve(system, r[..., None])[..., 0]
    return beta * r, beta * sdy[:, None] * inv


def _bootstrap_weights(
    rng: np.random.Generator, n_boot: int, n: int, groups: NDArray[np.int64] | None
) -> F64:
    if groups is None:
        return rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(np.float64)
    n_groups = int(groups.max()) + 1
    draws = rng.multinomial(n_groups, np.full(n_groups, 1.0 / n_groups), size=n_boot)
    return draws[:, groups].astype(np.float64)


def _interval(samples: F64, estimate: F64, level: float) -> tuple[F64, F64]:
    low, high = np.quantile(samples, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return np.minimum(low, estimate), np.maximum(high, estimate)


def _validate(
    x: F64,
    y: F64,
    binary: bool,
    groups: NDArray[np.int64] | None,
    n_folds: int,
    seed: int,
    threshold: float,
) -> Validation:
    metric = "auc" if binary else "r2"
    grouped = groups is not None
    units = int(groups.max()) + 1 if groups is not None else len(y)
    if binary:
        units = min(units, int(min(np.sum(y == 1), np.sum(y == 0))))
    k = min(n_folds, units)
    if k < 2 or len(y) < 4:
        return Validation(metric, NAN, (), 0, grouped, threshold, True)
    if grouped:
        cv: GroupKFold | KFold | StratifiedKFold = GroupKFold(n_splits=k)
    elif binary:
        cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    else:
        cv = KFold(n_splits=k, shuffle=True, random_state=seed)
    splits = list(cv.split(x, y, groups))
    if binary:
        model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
        pred = cross_val_predict(model, x, y, cv=splits, method="predict_proba")[:, 1]
        score = roc_auc_score
    else:
        model = make_pipeline(StandardScaler(), Ridge(alpha=1.0))
        pred = cross_val_predict(model, x, y, cv=splits)
        score = r2_score
    folds = []
    for _, test in splits:
        if binary and len(np.unique(y[test])) < 2:
            continue
        if not binary and (len(test) < 2 or np.ptp(y[test]) == 0):
            continue
        folds.append(float(score(y[test], pred[test])))
    pooled = float(score(y, pred)) if np.ptp(y) > 0 else NAN
    weak = not (pooled >= threshold)
    return Validation(metric, pooled, tuple(folds), k, grouped, threshold, weak)


def key_drivers(
    features: pd.DataFrame | ArrayLike,
    target: ArrayLike,
    *,
    names: list[str] | None = None,
    covariates: pd.DataFrame | ArrayLike | None = None,
    covariate_names: list[str] | None = None,
    outcome: Outcome = "auto",
    higher_is_better: bool = True,
    groups: ArrayLike | None = None,
    n_boot: int = 200,
    n_folds: int = 5,
    level: float = 0.95,
    ridge: float = 1e-3,
    seed: int = 0,
    weak_auc: float = 0.6,
    weak_r2: float = 0.05,
) -> DriverReport:
    """Relative importance, effect, impact and a fix-first ranking of indicator drivers.

    features: one column per theme / touchpoint indicator (0/1, or any numeric); covariates
    (e.g. sentiment) enter the model but are not ranked. Per driver: prevalence = mean of the
    column, effect = ridge least-squares coefficient in target units (probability for a binary
    outcome) holding the other columns fixed, importance = Pratt share d_j / R^2, impact =
    effect x prevalence (the target's population mean shift owed to the driver). Intervals:
    bootstrap percentile over n_boot resamples (cluster bootstrap over `groups`), widened to
    contain the estimate. fix_first lists the non-covariate drivers whose impact is harmful
    (negative if higher_is_better, else positive) with the whole interval on the harmful side,
    most harmful first. Validation: k-fold CV
    (GroupKFold over `groups`) of a logistic (binary: pooled held-out AUC) or ridge model
    (continuous: held-out R^2); `weak` when AUC < weak_auc or R^2 < weak_r2. Rows with a
    missing value are dropped. Assumes rows are independent apart from the groups and that
    the effects are additive (no interactions); effects are associations, not causal effects.
    """
    frame = pd.DataFrame(features)
    if names is not None:
        frame.columns = pd.Index(names)
    n_drivers = frame.shape[1]
    if covariates is not None:
        cov = pd.DataFrame(covariates).reset_index(drop=True)
        cov.columns = pd.Index(covariate_names or [f"covariate_{i}" for i in range(cov.shape[1])])
        frame = pd.concat([frame.reset_index(drop=True), cov], axis=1)
    columns = [str(c) for c in frame.columns]
    x_all = frame.apply(pd.to_numeric, errors="coerce").to_numpy(np.float64)
    y_all = pd.to_numeric(pd.Series(np.asarray(target, dtype=object)), errors="coerce").to_numpy(
        np.float64
    )
    keep = np.isfinite(y_all) & np.all(np.isfinite(x_all), axis=1)
    x, y = x_all[keep], y_all[keep]
    g = None
    if groups is not None:
        g = pd.factorize(pd.Series(np.asarray(groups, dtype=object))[keep])[0].astype(np.int64)
    binary = outcome == "binary" or (
        outcome == "auto" and len(y) > 0 and set(np.unique(y)) <= {0.0, 1.0}
    )
    n, p = x.shape
    rng = np.random.default_rng(seed)
    threshold = weak_auc if binary else weak_r2
    if n < 3:
        nan_p = np.full(p, NAN)
        d_hat, e_hat, boot_d, boot_e = nan_p, nan_p, np.full((1, p), NAN), np.full((1, p), NAN)
        prevalence = x.mean(axis=0) if n else nan_p
        validation = Validation(
            "auc" if binary else "r2", NAN, (), 0, g is not None, threshold, True
        )
    else:
        d_full, e_full = _pratt(np.ones((1, n)), x, y, ridge)
        d_hat, e_hat = d_full[0], e_full[0]
        chunk = max(1, min(n_boot, 4_000_000 // max(n * p, 1)))
        parts = [
            _pratt(_bootstrap_weights(rng, min(chunk, n_boot - s), n, g), x, y, ridge)
            for s in range(0, n_boot, chunk)
        ]
        boot_d = np.concatenate([d for d, _ in parts]) if parts else d_full
        boot_e = np.concatenate([e for _, e in parts]) if parts else e_full
        prevalence = x.mean(axis=0)
        validation = _validate(x, y, binary, g, n_folds, seed, threshold)
    r2 = float(np.sum(d_hat))
    share = d_hat / r2 if r2 > 1e-12 else np.zeros(p)
    boot_r2 = boot_d.sum(axis=1, keepdims=True)
    boot_share = np.divide(boot_d, boot_r2, out=np.zeros_like(boot_d), where=boot_r2 > 1e-12)
    impact = e_hat * prevalence
    imp_low, imp_high = _interval(boot_share, share, level)
    eff_low, eff_high = _interval(boot_e, e_hat, level)
    # Prevalence is held at its observed value: the impact interval reflects the effect's.
    ipc_low, ipc_high = _interval(boot_e * prevalence, impact, level)
    harm = -impact if higher_is_better else impact
    # Harmful beyond doubt: the whole impact interval lies on the harmful side of zero.
    harm_ci = np.minimum(-ipc_high, -ipc_low) if higher_is_better else np.minimum(ipc_low, ipc_high)
    order = [
        j
        for j in np.argsort(-np.nan_to_num(harm, nan=-np.inf), kind="stable")
        if j < n_drivers and harm[j] > 0 and harm_ci[j] > 0
    ]
    rank = {int(j): i + 1 for i, j in enumerate(order)}
    drivers = tuple(
        Driver(
            columns[j],
            j >= n_drivers,
            float(prevalence[j]),
            float(e_hat[j]),
            (float(eff_low[j]), float(eff_high[j])),
            float(share[j]),
            (float(imp_low[j]), float(imp_high[j])),
            float(impact[j]),
            (float(ipc_low[j]), float(ipc_high[j])),
            rank.get(j),
        )
        for j in range(p)
    )
    drivers = tuple(sorted(drivers, key=lambda d: -np.nan_to_num(abs(d.importance), nan=-1.0)))
    return DriverReport(
        "binary" if binary else "continuous",
        n,
        r2 if n >= 3 else NAN,
        higher_is_better,
        drivers,
        tuple(columns[j] for j in order),
        validation,
        n_boot,
        level,
    )
