"""Which customers may leave: a churn-risk model from what they said and what happened to
them, validated on customers it did not learn from, and explained per customer.

The caller builds one table per snapshot: a row per customer with the FEATURES as they stood
on the snapshot day (and, to learn, whether they churned in the horizon after it). The
model is a logistic regression on standardised features, unweighted so that its
probabilities stay calibrated (a 20% risk means about one in five such customers leave in
the horizon; `base_rate` is the share that left overall). A customer's reasons are the
features that push their risk up most (coefficient x their standardised value). It is
trusted only when its held-out AUC reaches MIN_AUC: below, it would rank customers no
better than chance, and `fit` says so instead of scoring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

FEATURES: dict[str, str] = {
    "sentiment": "negative words lately",
    "negative_items": "complaints lately",
    "issues": "several different issues raised",
    "open_cases": "unresolved cases",
    "broken_promises": "promises we broke",
    "silence_days": "silent for a long time",
    "score_drop": "scores falling",
    "asset_age_days": "ageing equipment",
}
"""Each feature and how a person would say that it raises the risk."""
SIGNS = {"sentiment": -1.0}
"""Features whose low values raise the risk: flipped, so every reason reads 'more is worse'."""
MIN_AUC = 0.6
MIN_CHURNED = 10  # churned customers needed to learn anything
FOLDS = 5


@dataclass(frozen=True)
class RiskModel:
    """A fitted model, or the reason there is none worth using."""

    usable: bool
    auc: float | None
    n: int
    churned: int
    note: str
    coefficients: dict[str, float]
    scaler: StandardScaler | None = None
    model: LogisticRegression | None = None

    @property
    def base_rate(self) -> float:
        """The share of customers who left in the horizon: the risk of an average one."""
        return self.churned / self.n if self.n else 0.0


def _matrix(table: pd.DataFrame) -> NDArray[np.float64]:
    columns = [table[name].astype(float).fillna(0.0) * SIGNS.get(name, 1.0) for name in FEATURES]
    return np.column_stack(columns) if len(table) else np.zeros((0, len(FEATURES)))


def _held_out_auc(x: NDArray[np.float64], y: NDArray[np.int64], seed: int) -> float:
    """AUC of predictions each made by a model that did not see the customer (k-fold)."""
    folds = StratifiedKFold(n_splits=min(FOLDS, int(y.sum())), shuffle=True, random_state=seed)
    scores = np.zeros(len(y))
    for train, test in folds.split(x, y):
        scaler = StandardScaler().fit(x[train])
        model = LogisticRegression(max_iter=1000)
        model.fit(scaler.transform(x[train]), y[train])
        scores[test] = model.predict_proba(scaler.transform(x[test]))[:, 1]
    return float(roc_auc_score(y, scores))


def fit(table: pd.DataFrame, *, seed: int = 0) -> RiskModel:
    """Learn from `table` (FEATURES and a boolean `churned` column)."""
    y = (
        table["churned"].astype(bool).to_numpy().astype(np.int64)
        if len(table)
        else np.zeros(0, np.int64)
    )
    n, churned = len(y), int(y.sum())
    if churned < MIN_CHURNED or n - churned < MIN_CHURNED:
        note = (
            f"Not enough history to learn from: {churned} customers churned and {n - churned} "
            f"stayed in the period (at least {MIN_CHURNED} of each are needed)."
        )
        return RiskModel(False, None, n, churned, note, {})
    x = _matrix(table)
    auc = _held_out_auc(x, y, seed)
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(max_iter=1000).fit(scaler.transform(x), y)
    coefficients = dict(zip(FEATURES, (float(c) for c in model.coef_[0]), strict=True))
    if auc < MIN_AUC:
        note = (
            f"The model ranks customers little better than chance on customers it did not learn "
            f"from (AUC {auc:.2f} < {MIN_AUC}), so it is not used."
        )
        return RiskModel(False, auc, n, churned, note, coefficients)
    note = f"Held-out AUC {auc:.2f} over {n} customers ({churned} churned)."
    return RiskModel(True, auc, n, churned, note, coefficients, scaler, model)


@dataclass(frozen=True)
class Risk:
    probability: float
    reasons: list[str]


def score(risk_model: RiskModel, table: pd.DataFrame, reasons: int = 3) -> list[Risk]:
    """Each row's churn probability and the features that raise it most (in words)."""
    if not risk_model.usable or risk_model.model is None or risk_model.scaler is None:
        raise ValueError(risk_model.note or "The model is not usable.")
    z = risk_model.scaler.transform(_matrix(table))
    probabilities = risk_model.model.predict_proba(z)[:, 1]
    weights = np.array([risk_model.coefficients[name] for name in FEATURES])
    pushes = z * weights
    names = list(FEATURES)
    found = []
    for p, push, z_row in zip(probabilities, pushes, z, strict=True):
        # A reason is a sign the customer shows more than most that raises the risk (both
        # positive): a low value of a sign that, oddly, lowers the risk is no reason to call.
        top = [names[i] for i in np.argsort(-push)[:reasons] if push[i] > 0 and z_row[i] > 0]
        found.append(Risk(float(p), [FEATURES[name] for name in top]))
    return found
