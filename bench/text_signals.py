"""Root causes and competitor detection: texts per CPU-second on reviews and tweets.

    .venv/bin/python bench/text_signals.py REVIEWS_CSV TWEETS_CSV [--repeat 9]

REVIEWS_CSV: the women's clothing e-commerce reviews (text = Title + ". " + Review Text);
TWEETS_CSV: the @SpotifyCares support requests (column `text`). Each data set is timed once
and repeated `--repeat` times (about 200k texts of reviews for a steadier rate), with
`time.process_time` (CPU seconds, so a busy shared machine skews it less than wall time).
The cue scanner's one-time build runs before the timing. Competitors: a few retailers for
the reviews and music services for the tweets, all ASCII names (anchored).

It also prints how often each star rating's reviews are labelled praise: praise must be
rare in complaints (1-2 stars) and common in raves (5 stars); the ratio is the check that a
cue reads its context ("I wanted to love this top" is no praise).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

import pandas as pd

sys.path.insert(0, str(os.path.join(os.path.dirname(__file__), "..", "src")))

from outward.analytics.competitors import Competitor, find_competitors
from outward.analytics.rootcause import classify_root_causes

COMPETITORS = {
    "reviews": [
        Competitor("Nordstrom"),
        Competitor("Anthropologie", ("Anthro",)),
        Competitor("Old Navy"),
        Competitor("J.Crew", ("J Crew", "jcrew")),
        Competitor("H&M"),
        Competitor("Zara"),
        Competitor("Amazon"),
        Competitor("Banana Republic"),
    ],
    "tweets": [
        Competitor("Apple Music", ("Apple", "iTunes")),
        Competitor("YouTube Music", ("YouTube",)),
        Competitor("Tidal"),
        Competitor("Deezer"),
        Competitor("Amazon Music", ("Amazon",)),
        Competitor("Pandora"),
        Competitor("SoundCloud"),
    ],
}


def rate(run: Callable[[list[str]], object], texts: list[str]) -> float:
    start = time.process_time()
    run(texts)
    return len(texts) / max(time.process_time() - start, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reviews")
    parser.add_argument("tweets")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    df = pd.read_csv(args.reviews)
    data = {
        "reviews": (df["Title"].fillna("") + ". " + df["Review Text"].fillna("")).tolist(),
        "tweets": pd.read_csv(args.tweets)["text"].fillna("").tolist(),
    }
    classify_root_causes(["warm up"])  # builds the cue scanner once
    print(f"{'data':<10}{'texts':>10}{'root causes/s':>16}{'competitors/s':>16}")
    for name, texts in data.items():
        for batch in (texts, texts * args.repeat):
            roots = rate(classify_root_causes, batch)
            comps = rate(lambda t, n=name: find_competitors(t, COMPETITORS[n]), batch)
            print(f"{name:<10}{len(batch):>10}{roots:>16,.0f}{comps:>16,.0f}")
    praise = pd.Series(classify_root_causes(data["reviews"]).categories) == "praise"
    stars = df["Rating"].to_numpy()
    print("\nreviews labelled praise, by stars:")
    for low, high in ((1, 2), (3, 3), (4, 4), (5, 5)):
        chosen = (stars >= low) & (stars <= high)
        band = f"{low}-{high}" if low != high else str(low)
        print(f"  {band:<4} {int(chosen.sum()):>6} reviews  {praise[chosen].mean():6.1%}")


if __name__ == "__main__":
    main()
