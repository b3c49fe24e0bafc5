"""Theme discovery benchmark: quality against intent labels, themes found, time and memory.

    .venv/bin/python bench/themes.py --banking PATH --bitext PATH [--sample N] [--threads T]
    .venv/bin/python bench/themes.py --banking PATH --bitext PATH --scale 1000000

For each data set (BANKING77 train: columns text, category; Bitext: utterance, intent) and each
method in METHODS: NMI and ARI (scikit-learn) against the labels, where items in "other" count
as ONE cluster; the number of themes; the other share; wall time (representation included)
and peak resident memory of the process so far (``resource.getrusage``; tracemalloc is not
used, it slows numpy-heavy code several times). Methods are entries of METHODS: add one by
appending a function (texts, true_k, seed) -> labels array with -1 for "other".

``--threads T`` caps BLAS/OpenMP threads (threadpoolctl): on a shared machine, OpenBLAS
threads that spin waiting for a busy core made every dense step several times slower.

``--scale N`` instead resamples the BANKING77 + Bitext texts (with replacement, seeded) to N
items and times ``discover_themes`` end to end, with the process's peak resident memory.

Peer in the same run: TF-IDF (word 1-2-grams) + LSA (150 dims) + KMeans *given the true k*.

Choices for the default backend, made once and documented (not tuned on these labels beyond
these sanity checks): LSA dims 150 (100 and 300 were within 0.01 NMI), character block weight
1.5 (1.0 and 2.0 within 0.01), English stop words without negations, neighbourhood smoothing
with 10 neighbours (5 and 20 were within 0.005), elbow rule "doubling k gains < 10%
silhouette" (chosen on a synthetic corpus for a sensible number of themes, see the tests).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from outward.analytics.themes import discover_themes

Labels = NDArray[np.int64]


def ours_default(texts: Sequence[str], true_k: int, seed: int) -> Labels:
    """Our default backend, number of themes chosen automatically (true_k unused)."""
    return discover_themes(texts, seed=seed).assignments


def tfidf_kmeans_true_k(texts: Sequence[str], true_k: int, seed: int) -> Labels:
    """Peer: TF-IDF + LSA + KMeans, told the true number of clusters."""
    vectors = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit_transform(texts)
    reduced = normalize(TruncatedSVD(150, random_state=seed).fit_transform(vectors))
    labels = KMeans(true_k, n_init=1, random_state=seed).fit_predict(reduced)
    return np.asarray(labels, dtype=np.int64)


@dataclass(frozen=True)
class Method:
    name: str
    run: Callable[[Sequence[str], int, int], Labels]


METHODS: list[Method] = [
    Method("outward default, auto k", ours_default),
    Method("tfidf+lsa+kmeans, true k", tfidf_kmeans_true_k),
]


def load(path: str, text: str, label: str, sample: int | None, seed: int) -> pd.DataFrame:
    frame = pd.read_csv(path, encoding="utf-8-sig")[[text, label]].dropna()
    frame.columns = pd.Index(["text", "label"])
    if sample is not None and sample < len(frame):
        frame = frame.sample(sample, random_state=seed)
    return frame.reset_index(drop=True)


def measure(method: Method, frame: pd.DataFrame, seed: int) -> dict[str, float | int | str]:
    texts = frame["text"].astype(str).tolist()
    truth = frame["label"].to_numpy()
    true_k = int(frame["label"].nunique())
    start = time.perf_counter()
    labels = method.run(texts, true_k, seed)
    wall = time.perf_counter() - start
    found = labels[labels >= 0]
    return {
        "method": method.name,
        "n": len(texts),
        "true k": true_k,
        "themes": len(np.unique(found)),
        "other": float(np.mean(labels < 0)),
        "NMI": float(normalized_mutual_info_score(truth, labels)),
        "ARI": float(adjusted_rand_score(truth, labels)),
        "wall s": wall,
        "peak RSS MiB": peak_rss_mib(),
    }


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(frames: list[pd.DataFrame], n: int, seed: int) -> None:
    """Time discover_themes on ``n`` texts resampled from the given data sets."""
    pool = pd.concat([f["text"] for f in frames]).astype(str).to_numpy()
    picked = np.random.default_rng(seed).integers(0, len(pool), size=n)
    texts = pool[picked].tolist()
    print(f"scale: {n:,} texts resampled from {len(pool):,}; RSS {peak_rss_mib():.0f} MiB")
    start = time.perf_counter()
    model = discover_themes(texts, seed=seed)
    wall = time.perf_counter() - start
    print(
        f"scale: discover_themes {wall:.1f} s ({n / wall:,.0f} texts/s), "
        f"{model.n_themes} themes, other {model.other_share:.3f}, "
        f"peak RSS {peak_rss_mib():.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--banking", help="BANKING77 train.csv (text, category)")
    parser.add_argument("--bitext", help="Bitext utterances csv (utterance, intent)")
    parser.add_argument("--sample", type=int, default=None, help="rows per data set")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None, help="cap BLAS/OpenMP threads")
    parser.add_argument("--scale", type=int, default=None, help="time N resampled texts")
    args = parser.parse_args()
    if args.threads is not None:
        threadpool_limits(args.threads)
    sets = []
    if args.banking:
        sets.append(("banking77", load(args.banking, "text", "category", args.sample, args.seed)))
    if args.bitext:
        sets.append(("bitext", load(args.bitext, "utterance", "intent", args.sample, args.seed)))
    print(f"nproc {os.cpu_count()}, load average {os.getloadavg()}, threads {args.threads}")
    if args.scale is not None:
        scale([frame for _, frame in sets], args.scale, args.seed)
        print(f"load average after {os.getloadavg()}")
        return
    rows = []
    for name, frame in sets:
        for method in METHODS:
            row = measure(method, frame, args.seed)
            rows.append({"data": name, **row})
            print(f"  done {name} / {method.name}: {row['wall s']:.2f} s", flush=True)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print(table.to_string(index=False))
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
