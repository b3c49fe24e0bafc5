"""A stand-in topic grouping for the benchmarks: a handful of regular expressions.

This is NOT the theme engine (outward.analytics.themes); it only gives the prevalence and
emerging-issue benchmarks realistic topics on real tweets until that engine is plugged in. Any
callable with the signature of `keyword_topics` can replace it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

TOPICS: dict[str, re.Pattern[str]] = {
    "login": re.compile(r"log ?(?:in|out|ged)|sign ?in|password|account (?:hack|lock)", re.I),
    "premium/payment": re.compile(r"premium|pay(?:ment|ing|pal)?|charg|bill|refund|card", re.I),
    "playback/shuffle": re.compile(r"shuffle|playback|skip|repeat|stops? playing|paus", re.I),
    "offline/download": re.compile(r"offline|download", re.I),
    "family plan": re.compile(r"family", re.I),
}

TopicFunction = Callable[[Sequence[str]], list[list[str]]]


def keyword_topics(texts: Sequence[str]) -> list[list[str]]:
    """The topics whose pattern matches each text (possibly none, possibly several)."""
    return [[name for name, rx in TOPICS.items() if rx.search(text)] for text in texts]


def load_inbound(path: str | Path) -> pd.DataFrame:
    """Inbound customer tweets with author_id, text and a UTC created_at."""
    frame = pd.read_csv(path)
    frame = frame[frame["inbound"].astype(str).str.lower() == "true"].copy()
    frame["created_at"] = pd.to_datetime(
        frame["created_at"], format="%a %b %d %H:%M:%S %z %Y", errors="coerce", utc=True
    )
    frame["text"] = frame["text"].fillna("").astype(str)
    return frame.reset_index(drop=True)


def explode_topics(frame: pd.DataFrame, topics: TopicFunction = keyword_topics) -> pd.DataFrame:
    """One row per (tweet, topic) with the tweet's author, time and text."""
    labelled = frame.assign(topic=topics(frame["text"].tolist()))
    return labelled.explode("topic").dropna(subset=["topic"]).reset_index(drop=True)


def machine() -> str:
    """nproc and uptime, for the record (the machine may be shared)."""
    import os
    import subprocess

    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    return f"nproc={os.cpu_count()} python={sys.version.split()[0]} uptime:{uptime.strip()}"
