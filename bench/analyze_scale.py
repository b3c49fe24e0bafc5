"""The whole analysis end to end on N texts resampled from real customer-voice data.

    .venv/bin/python bench/analyze_scale.py REVIEWS_CSV TWEETS_CSV BANKING_CSV [--n 1000000]

Texts are drawn with replacement from the three public sets; each row gets a customer id
(about N/5 customers), a date in a 12-month window, and, for review texts, the review's star
rating as the score. Prints the wall time of each step and of the whole, and the peak RSS.
Target (issue 3): 1,000,000 texts in <= 3 minutes with <= 8 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
import pandas as pd

from outward.analytics.columns import ColumnMap
from outward.analytics.pipeline import analyze


def corpus(reviews: str, tweets: str, banking: str, n: int, seed: int) -> pd.DataFrame:
    review_frame = pd.read_csv(reviews)
    review_text = (
        review_frame["Title"].fillna("") + ". " + review_frame["Review Text"].fillna("")
    ).str.strip(". ")
    pools = [
        (review_text.to_numpy(dtype=object), review_frame["Rating"].to_numpy(dtype=float)),
        (pd.read_csv(tweets)["text"].to_numpy(dtype=object), None),
        (pd.read_csv(banking)["text"].to_numpy(dtype=object), None),
    ]
    rng = np.random.default_rng(seed)
    source = rng.integers(0, len(pools), size=n)
    text = np.empty(n, dtype=object)
    score = np.full(n, np.nan)
    for i, (texts, ratings) in enumerate(pools):
        rows = np.flatnonzero(source == i)
        pick = rng.integers(0, len(texts), size=len(rows))
        text[rows] = texts[pick]
        if ratings is not None:
            score[rows] = ratings[pick]
    start = np.datetime64("2025-01-01T00:00:00")
    seconds = rng.integers(0, 365 * 86400, size=n).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "text": text,
            "customer": rng.integers(0, max(1, n // 5), size=n).astype(str),
            "date": pd.to_datetime(start + seconds, utc=True),
            "rating": score,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reviews")
    parser.add_argument("tweets")
    parser.add_argument("banking")
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    print(f"nproc {os.cpu_count()}, load average {os.getloadavg()}")
    table = corpus(args.reviews, args.tweets, args.banking, args.n, args.seed)
    columns = ColumnMap(text=("text",), customer="customer", date="date", score="rating")
    steps: list[tuple[str, float]] = []  # (step, seconds); the callback names a step as it begins
    current: list[tuple[str, float]] = []

    def progress(step: str, fraction: float) -> None:
        now = time.perf_counter()
        if current:
            steps.append((current[0][0], now - current[0][1]))
        current[:] = [(step, now)]

    began = time.perf_counter()
    report = analyze(table, columns, seed=args.seed, progress=progress)
    wall = time.perf_counter() - began
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    for step, seconds in steps:
        print(f"  {step:<28} {seconds:8.1f} s")
    print(
        f"{args.n:,} texts analysed end to end in {wall:.1f} s; peak RSS {peak_gb:.2f} GB; "
        f"{len(report.themes)} themes"
    )
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
