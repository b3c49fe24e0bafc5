"""Sentiment against human ratings: our scorer and VADER side by side on rated text sets.

    .venv/bin/python bench/sentiment_rated.py FILE [FILE ...] [--repeat 5] [--boot 1000]

Each FILE holds one rated text per line, tab-separated: id, mean human rating, text (the
format of the ground-truth files of Hutto & Gilbert 2014, `hutto_ICWSM_2014.tar.gz` in the
vaderSentiment repository: tweets, Amazon review snippets, movie review snippets and New York
Times editorial snippets, each rated by twenty people on [-4, 4]). Per file it prints
Pearson r with the rating for both scorers, a paired bootstrap 95% interval of the
difference (ours - VADER), the share of texts each scores exactly 0, and the speed ratio per
CPU second over `--repeat` copies of the file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

sys.path.insert(0, str(os.path.join(os.path.dirname(__file__), "..", "src")))

from outward.analytics.sentiment import load_lexicon, score_texts

Scorer = Callable[[Sequence[str]], NDArray[np.floating]]


def read_rated(path: Path) -> tuple[list[str], NDArray[np.float64]]:
    texts: list[str] = []
    ratings: list[float] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3 and parts[2].strip():
            ratings.append(float(parts[1]))
            texts.append(parts[2])
    return texts, np.array(ratings)


def cpu_rate(scorer: Scorer, texts: Sequence[str]) -> tuple[NDArray[np.floating], float]:
    start = time.process_time()
    scores = scorer(texts)
    return scores, len(texts) / (time.process_time() - start)


def pearson(a: NDArray[np.floating], b: NDArray[np.floating]) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def bootstrap_difference(
    ours: NDArray[np.floating], peer: NDArray[np.floating], truth: NDArray[np.floating], n: int
) -> tuple[float, float]:
    """A 95% percentile interval of r(ours) - r(peer), resampling texts (seeded)."""
    rng = np.random.default_rng(0)
    diffs = np.empty(n)
    for i in range(n):
        pick = rng.integers(0, truth.shape[0], truth.shape[0])
        diffs[i] = pearson(ours[pick], truth[pick]) - pearson(peer[pick], truth[pick])
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(low), float(high)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="copies of a file for the rate")
    parser.add_argument("--boot", type=int, default=1000, help="bootstrap resamples")
    args = parser.parse_args()
    analyzer = SentimentIntensityAnalyzer()

    def vader(texts: Sequence[str]) -> NDArray[np.floating]:
        return np.array([analyzer.polarity_scores(t)["compound"] for t in texts])

    load_lexicon()
    header = (
        f"{'set':<38}{'texts':>7}{'r ours':>8}{'r VADER':>9}{'diff 95% CI':>18}"
        f"{'zero ours':>10}{'zero VADER':>11}{'speed':>8}"
    )
    print(f"nproc {os.cpu_count()}; load average {os.getloadavg()[0]:.2f}")
    print(header)
    print("-" * len(header))
    for path in args.files:
        texts, truth = read_rated(path)
        ours, ours_rate = cpu_rate(score_texts, texts * args.repeat)
        peer, peer_rate = cpu_rate(vader, texts * args.repeat)
        ours, peer = ours[: len(texts)], peer[: len(texts)]
        low, high = bootstrap_difference(ours, peer, truth, args.boot)
        print(
            f"{path.name:<38}{len(texts):>7}{pearson(ours, truth):>8.3f}"
            f"{pearson(peer, truth):>9.3f}{f'[{low:+.3f}, {high:+.3f}]':>18}"
            f"{np.mean(ours == 0):>10.1%}{np.mean(peer == 0):>11.1%}"
            f"{ours_rate / peer_rate:>7.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
