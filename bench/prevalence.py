"""One, few or many on real support tweets: distinct customers per topic versus mentions.

    .venv/bin/python bench/prevalence.py /work/shared/data/tweets/spotifycares_support_requests.csv

Topics come from bench/keyword_topics.py (a labelled keyword stand-in, not the theme engine;
pass another grouping function to `run` to plug one in). The customer is author_id, the active
base every distinct inbound author. The peer measured in the same run is a plain Python loop
over rows building sets per topic; the figure to compare is the speed ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from keyword_topics import (
    TopicFunction,
    explode_topics,
    keyword_topics,
    load_inbound,
    machine,
)
from outward.analytics.prevalence import PrevalenceReport, theme_prevalence


def run(path: str, topics: TopicFunction = keyword_topics, repeat: int = 20) -> PrevalenceReport:
    frame = load_inbound(path)
    rows = explode_topics(frame, topics)
    base = int(frame["author_id"].nunique())
    start = time.perf_counter()
    for _ in range(repeat):
        report = theme_prevalence(rows["topic"], rows["author_id"], base_size=base)
    vectorised = (time.perf_counter() - start) / repeat
    topic_list, author_list = rows["topic"].tolist(), rows["author_id"].tolist()
    start = time.perf_counter()
    for _ in range(repeat):
        sets: dict[str, set[object]] = {}
        for topic, author in zip(topic_list, author_list, strict=True):
            sets.setdefault(topic, set()).add(author)
    loop = (time.perf_counter() - start) / repeat
    print(machine())
    print(f"inbound tweets {len(frame)}, labelled (tweet, topic) rows {len(rows)}, base {base}")
    print(f"{'topic':18} {'mentions':>8} {'customers':>9} {'ment/cust':>9} {'share':>7}  class")
    for t in report.themes:
        print(
            f"{t.theme:18} {t.mentions:8d} {t.customers:9d} {t.mentions / t.customers:9.2f} "
            f"{t.share_of_base:7.2%}  {t.prevalence.value} (few <= {t.few_max})"
        )
    assert all(len(sets[t.theme]) == t.customers for t in report.themes)
    print(
        f"theme_prevalence {vectorised * 1e3:.1f} ms/run; python set loop {loop * 1e3:.1f} ms/run;"
        f" ratio loop/vectorised {loop / vectorised:.2f}"
    )
    return report


def scaled(path: str, topics: TopicFunction = keyword_topics, copies: int = 500) -> None:
    """The same rows copied with fresh author ids (about 1M rows): where vectorising pays."""
    import numpy as np

    rows = explode_topics(load_inbound(path), topics)
    n = len(rows)
    topic = np.tile(rows["topic"].to_numpy(), copies)
    author = np.tile(rows["author_id"].to_numpy(), copies) + np.repeat(np.arange(copies) * 10**7, n)
    start = time.perf_counter()
    report = theme_prevalence(topic, author, base_size=copies * 8723)
    vectorised = time.perf_counter() - start
    start = time.perf_counter()
    sets: dict[str, set[object]] = {}
    for t, a in zip(topic.tolist(), author.tolist(), strict=True):
        sets.setdefault(t, set()).add(a)
    loop = time.perf_counter() - start
    assert all(len(sets[t.theme]) == t.customers for t in report.themes)
    print(
        f"x{copies} ({len(topic)} rows): theme_prevalence {vectorised:.2f} s; python set loop"
        f" {loop:.2f} s; ratio loop/vectorised {loop / vectorised:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tweets_csv")
    args = parser.parse_args()
    run(args.tweets_csv)
    scaled(args.tweets_csv)


if __name__ == "__main__":
    main()
