"""Key drivers on real reviews: held-out AUC for "not recommended" from themes + sentiment.

    .venv/bin/python bench/drivers.py REVIEWS_CSV [--folds 5] [--boot 200]

Themes are discovered on the review texts (title + text) by the default backend; each theme
becomes a 0/1 indicator, the item's sentiment a covariate; `key_drivers` fits the model and
reports the pooled out-of-fold AUC. The peer in the same run: sentiment alone (the AUC of the
score itself, no model). Target (issue 3): held-out AUC >= 0.85.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from outward.analytics.drivers import key_drivers
from outward.analytics.sentiment import score_texts
from outward.analytics.themes import OTHER_ID, discover_themes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reviews")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--boot", type=int, default=200)
    args = parser.parse_args()
    print(f"nproc {os.cpu_count()}, load average {os.getloadavg()}")

    frame = pd.read_csv(args.reviews)
    texts = (frame["Title"].fillna("") + ". " + frame["Review Text"].fillna("")).str.strip(". ")
    keep = texts.str.len() > 0
    texts = texts[keep].tolist()
    not_recommended = (frame.loc[keep, "Recommended IND"].to_numpy() == 0).astype(float)

    began = time.perf_counter()
    sentiment = score_texts(texts).astype(float)
    model = discover_themes(texts, seed=0)
    ids = sorted(t.id for t in model.themes)
    indicators = np.column_stack([(model.assignments == i).astype(float) for i in ids])
    labels = [model.theme(i).label for i in ids]
    report = key_drivers(
        indicators,
        not_recommended,
        names=labels,
        covariates=sentiment[:, None],
        covariate_names=["sentiment"],
        outcome="binary",
        higher_is_better=False,
        n_boot=args.boot,
        n_folds=args.folds,
    )
    seconds = time.perf_counter() - began

    peer = roc_auc_score(not_recommended, -sentiment)
    print(
        f"{len(texts):,} reviews, {not_recommended.mean():.1%} not recommended, "
        f"{len(ids)} themes (+ other {np.mean(model.assignments == OTHER_ID):.1%})"
    )
    print(
        f"held-out AUC, themes + sentiment ({report.validation.n_folds}-fold): "
        f"{report.validation.value:.3f}  folds {np.round(report.validation.fold_values, 3)}"
    )
    print(f"peer, sentiment score alone (no model): AUC {peer:.3f}")
    print(f"themes + drivers + sentiment in {seconds:.1f} s")
    print("fix first:", ", ".join(report.fix_first[:5]))


if __name__ == "__main__":
    main()
