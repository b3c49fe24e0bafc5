"""Root causes against a careful human reading: accuracy and a confusion matrix per class.

    .venv/bin/python bench/rootcause_accuracy.py ../shared/data [--labels FILE]

The labels (bench/labels/rootcause.csv) name 300 items of the public data sets by data set
and row, never their text (the data stays outside this repository): 100 support tweets, 100
clothing reviews (70 of 1-3 stars, 30 of 4-5) and 100 BANKING77 queries, drawn at random
(seed 20261204) and labelled by hand under the rules in docs/rootcause-labels.md. The script
reads the texts from the data folder, classifies them with `classify_root_causes`, and prints
accuracy overall and per data set, then precision and recall per class and the confusion
matrix (rows: human label, columns: the engine's).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(os.path.join(os.path.dirname(__file__), "..", "src")))

from outward.analytics.rootcause import RootCause, classify_root_causes

HERE = Path(__file__).resolve().parent


def texts_of(data: Path) -> dict[str, list[str]]:
    reviews = pd.read_csv(data / "reviews" / "womens_clothing_reviews.csv")
    return {
        "tweets": pd.read_csv(data / "tweets" / "spotifycares_support_requests.csv")["text"]
        .fillna("")
        .astype(str)
        .tolist(),
        "reviews": (reviews["Title"].fillna("") + ". " + reviews["Review Text"].fillna(""))
        .astype(str)
        .tolist(),
        "banking77": pd.read_csv(data / "banking77" / "train.csv")["text"].astype(str).tolist(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder")
    parser.add_argument("--labels", type=Path, default=HERE / "labels" / "rootcause.csv")
    args = parser.parse_args()
    labels = pd.read_csv(args.labels)
    sources = texts_of(args.data)
    pairs = zip(labels["dataset"], labels["row"], strict=True)
    labels["text"] = [sources[d][int(r)] for d, r in pairs]
    labels["engine"] = [str(c) for c in classify_root_causes(labels["text"].tolist()).categories]
    hit = labels["engine"] == labels["label"]
    print(f"accuracy: {hit.mean():.1%} of {len(labels)} items")
    for name, group in labels.groupby("dataset", sort=False):
        print(f"  {name:<10} {hit[group.index].mean():6.1%} of {len(group)}")
    order = [c.value for c in RootCause]
    print(f"\n{'class':<20}{'items':>7}{'precision':>11}{'recall':>8}")
    for cls in order:
        truth, said = labels["label"] == cls, labels["engine"] == cls
        precision = (truth & said).sum() / said.sum() if said.sum() else float("nan")
        recall = (truth & said).sum() / truth.sum() if truth.sum() else float("nan")
        print(f"{cls:<20}{int(truth.sum()):>7}{precision:>11.0%}{recall:>8.0%}")
    matrix = pd.crosstab(labels["label"], labels["engine"]).reindex(
        index=order, columns=order, fill_value=0
    )
    short = {c: c[:7] for c in order}
    print("\nconfusion (rows: human, columns: engine)")
    print(matrix.rename(index=short, columns=short).to_string())


if __name__ == "__main__":
    main()
