"""Emerging-issue detection on the real tweet timeline with injected bursts.

    .venv/bin/python bench/emerging.py PATH/spotifycares_support_requests.csv [--seeds 3]
        [--multiplier 3] [--min-extra 3]

Daily counts per topic (bench/keyword_topics.py, a labelled keyword stand-in for the theme
engine) over the dense part of the timeline. False alerts: every alert of the detector on the
real, unmodified background, per 30 days (all topics together and per topic). Detection: a
burst of k extra items/day (k = --multiplier x the topic's median daily count over the prior
28 days, at least --min-extra; defaults 3 and 3) starting on an onset day, the items drawn from
real texts of that topic and re-labelled by the grouping (so they may also raise other topics);
delay = days from onset to the first alert on that topic (burst lasts 7 days). The peer in the
same run is a naive detector (trailing 28-day mean, Poisson tail, no weekday or trend, same
alpha and minimum count).

Detectability: for each topic, the chance that even an oracle detects the burst within one day
(by the end of the day after onset), knowing the topic's true daily mean m (its mean over the
span, no weekday effect, no overdispersion): the most powerful single test on those two days at
the per-topic false-alert rate is the two-day sum against Poisson(2m), so its power,
P(Poisson(2m + 2k) >= c) with c the smallest count whose null tail is below alpha, bounds what
any detector at that false-alert rate can reach on that topic (without the detector's need to
estimate m and the dispersion, which only lowers it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))

from keyword_topics import explode_topics, keyword_topics, load_inbound, machine
from outward.analytics.emerging import EmergingConfig, detect_emerging, period_counts

BURST_DAYS = 7


def naive_alerts(counts: pd.DataFrame, day: int, cfg: EmergingConfig) -> set[str]:
    history = counts.iloc[max(0, day - 28) : day].to_numpy(float)
    mean = np.maximum(history.mean(axis=0), cfg.min_expected)
    obs = counts.iloc[day].to_numpy(float)
    p = stats.poisson.sf(obs - 1, mean)
    hit = (p < cfg.alpha_for(counts.shape[1])) & (obs >= cfg.min_count)
    return {str(c) for c, h in zip(counts.columns, hit, strict=True) if h}


def oracle_power(mean: float, extra: int, alpha: float, days: int = 2) -> float:
    """Power of the days-long Poisson sum test at level alpha, knowing the base mean."""
    null = mean * days
    c = int(stats.poisson.isf(alpha, null)) + 1  # smallest c with P(X >= c) <= alpha
    while c > 0 and stats.poisson.sf(c - 2, null) <= alpha:
        c -= 1
    return float(stats.poisson.sf(c - 1, null + extra * days))


def alerts(counts: pd.DataFrame, day: int, cfg: EmergingConfig) -> set[str]:
    return {s.theme for s in detect_emerging(counts, as_of=counts.index[day], config=cfg).alerts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tweets_csv")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=28, help="days of history before scoring")
    parser.add_argument("--multiplier", type=float, default=3.0, help="burst = this x median")
    parser.add_argument("--min-extra", type=int, default=3, help="smallest burst, items/day")
    args = parser.parse_args()
    print(machine())
    rows = explode_topics(load_inbound(args.tweets_csv))
    counts = period_counts(rows["topic"], rows["created_at"])
    # The archive holds a few stray old tweets; keep the dense, continuous span.
    total = counts.sum(axis=1)
    dense = total.rolling(7).min() > 0
    start = dense.idxmax() - pd.Timedelta(days=6)
    counts = counts.loc[start:]
    days = len(counts)
    print(
        f"dense span {counts.index[0].date()}..{counts.index[-1].date()} ({days} days);"
        f" mean daily count per topic: {counts.mean().round(1).to_dict()}"
    )
    configs = {
        "glm": EmergingConfig(),
        "glm+cusum": EmergingConfig(cusum=True),
    }
    scored = range(args.warmup, days)
    n_topics = counts.shape[1]
    for name, cfg in configs.items():
        false = [alerts(counts, d, cfg) for d in scored]
        n_false = sum(len(a) for a in false)
        per30 = n_false / len(scored) * 30
        print(
            f"[{name}] background alerts: {n_false} in {len(scored)} days x {n_topics} topics ="
            f" {per30:.2f} per 30 days ({per30 / n_topics:.2f} per topic per 30 days);"
            f" alerts: {[(str(counts.index[d].date()), sorted(a)) for d, a in zip(scored, false) if a]}"  # noqa: B905, E501
        )
    naive = sum(len(naive_alerts(counts, d, configs["glm"])) for d in scored)
    print(f"[naive peer] background alerts: {naive} = {naive / len(scored) * 30:.2f} per 30 days")
    alpha = configs["glm"].alpha_for(n_topics)
    for topic in counts.columns:
        mean = float(counts[topic].mean())
        extra = max(args.min_extra, round(args.multiplier * float(counts[topic].median())))
        print(
            f"detectability {topic}: mean {mean:.1f}/day, burst +{extra}/day: an oracle's two-day"
            f" test at alpha {alpha:.4f} detects it within 1 day with probability"
            f" {oracle_power(mean, extra, alpha):.2f}"
        )
    texts = {t: g["text"].tolist() for t, g in rows.groupby("topic")}
    column = {str(c): i for i, c in enumerate(counts.columns)}
    for name, cfg in configs.items():
        delays: list[int] = []
        missed = 0
        late: dict[str, int] = {}
        for seed in range(args.seeds):
            rng = np.random.default_rng(seed)
            onsets = rng.choice(np.arange(args.warmup, days - BURST_DAYS), size=4, replace=False)
            for topic in counts.columns:
                for onset in onsets:
                    prior = counts[topic].iloc[onset - 28 : onset]
                    k = max(args.min_extra, round(args.multiplier * float(prior.median())))
                    extra = np.zeros(counts.shape, dtype=np.int64)
                    for d in range(onset, onset + BURST_DAYS):
                        picked = rng.choice(texts[topic], size=k)
                        for labels in keyword_topics(list(picked)):
                            extra[d, [column[label] for label in labels]] += 1
                    injected = counts + extra
                    delay = next(
                        (
                            d - onset
                            for d in range(onset, onset + BURST_DAYS)
                            if topic in alerts(injected, d, cfg)
                        ),
                        None,
                    )
                    late[topic] = late.get(topic, 0) + int(delay is None or delay > 1)
                    if delay is None:
                        missed += 1
                    else:
                        delays.append(delay)
        n = len(delays) + missed
        arr = np.array(delays)
        print(
            f"[{name}] bursts {n}: detected {len(delays)} ({len(delays) / n:.0%}),"
            f" on onset day {np.sum(arr == 0)}, within 1 day {np.sum(arr <= 1)}"
            f" ({np.sum(arr <= 1) / n:.0%}), mean delay {arr.mean():.2f} d, max {arr.max()} d;"
            f" later than 1 day or missed, per topic: {late}"
        )


if __name__ == "__main__":
    main()
