"""Sentiment: our lexicon scorer against VADER on product reviews with star ratings.

    .venv/bin/python bench/sentiment.py PATH_TO_REVIEWS_CSV [--repeat 9] [--vader-limit 0]
        [--chunks 512,1024,2048,4096,8192]

The CSV needs the columns Title, Review Text, Rating and Recommended IND (the women's
clothing e-commerce reviews). Text = Title + ". " + Review Text. For each scorer it prints
Pearson r with Rating, ROC AUC for "not recommended" (Recommended IND == 0, ranked by
-score), and texts/s on the reviews once and repeated `--repeat` times (about 200k texts for
a steadier rate). The one-time lexicon build (once per process) is timed and printed on its
own, before the runs, so the rates are steady-state. VADER (a dependency: its lexicon
backs ours) is the peer, timed in the same run (its analyzer is built before the
timing too); the ratio of rates is the figure to compare across machines. `--chunks` also
times our scorer on the large run with each chunk size (texts vectorized at once).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import pearsonr
from sklearn.metrics import roc_auc_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

sys.path.insert(0, str(os.path.join(os.path.dirname(__file__), "..", "src")))

from outward.analytics.sentiment import load_lexicon, score_texts

Scorer = Callable[[Sequence[str]], NDArray[np.floating]]


def vader_scorer() -> Scorer:
    analyzer = SentimentIntensityAnalyzer()

    def score(texts: Sequence[str]) -> NDArray[np.floating]:
        return np.array([analyzer.polarity_scores(t)["compound"] for t in texts])

    return score


def rate(scorer: Scorer, texts: Sequence[str]) -> tuple[NDArray[np.floating], float, float]:
    """Scores, texts per wall-clock second, texts per CPU second of this process.

    The CPU rate is the steadier figure on a shared machine (other work steals wall time).
    """
    wall, cpu = time.perf_counter(), time.process_time()
    scores = scorer(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return scores, len(texts) / wall, len(texts) / cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv")
    parser.add_argument("--repeat", type=int, default=9, help="copies for the large-run rate")
    parser.add_argument(
        "--vader-limit", type=int, default=0, help="cap VADER's large run (0: all texts)"
    )
    parser.add_argument(
        "--chunks", default="", help="comma-separated chunk sizes to time (default: none)"
    )
    args = parser.parse_args()

    df = pd.read_csv(args.csv)
    texts = (df["Title"].fillna("") + ". " + df["Review Text"].fillna("")).tolist()
    rating = df["Rating"].to_numpy(dtype=float)
    not_recommended = (df["Recommended IND"] == 0).to_numpy()
    big = texts * args.repeat

    scorers: list[tuple[str, Scorer]] = [("outward", score_texts), ("vader", vader_scorer())]

    print(f"{len(texts)} reviews; large run {len(big)} texts; nproc {os.cpu_count()}; ", end="")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    wall, cpu = time.perf_counter(), time.process_time()
    load_lexicon()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"outward lexicon build (once per process): {wall * 1000:.0f} ms, {cpu * 1000:.0f} ms CPU"
    )
    print("rates below are steady-state (lexicon already built)")
    header = (
        f"{'scorer':<10}{'pearson r':>10}{'AUC not-rec':>13}{'texts/s':>12}"
        f"{'texts/s big':>13}{'per CPU s big':>15}"
    )
    print(header)
    print("-" * len(header))
    rates: dict[str, float] = {}
    for name, scorer in scorers:
        scores, small_rate, _ = rate(scorer, texts)
        sample = big if name != "vader" or not args.vader_limit else big[: args.vader_limit]
        _, big_rate, cpu_rate = rate(scorer, sample)
        rates[name] = cpu_rate
        r = pearsonr(scores, rating).statistic
        auc = roc_auc_score(not_recommended, -np.asarray(scores))
        print(
            f"{name:<10}{r:>10.3f}{auc:>13.3f}{small_rate:>12,.0f}"
            f"{big_rate:>13,.0f}{cpu_rate:>15,.0f}"
        )
    ratio = rates["outward"] / rates["vader"]
    print(f"speed ratio outward/vader (large run, per CPU second): {ratio:.1f}x")
    for size in [int(c) for c in args.chunks.split(",") if c.strip()]:
        _, big_rate, cpu_rate = rate(lambda t, size=size: score_texts(t, chunk=size), big)
        print(f"outward chunk {size:>6}: {big_rate:>9,.0f} texts/s  {cpu_rate:>9,.0f} per CPU s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
