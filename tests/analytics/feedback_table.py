"""A small synthetic feedback table for the pipeline, report and command tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

TOPICS = (
    ("My refund is still waiting after three weeks, nobody answers", 2),
    ("The app crashes every time I open the playlist screen", 3),
    ("Lovely staff, the agent was so helpful and quick", 9),
    ("I was charged twice on my bill this month, please fix the billing", 1),
    ("Delivery arrived late and the box was damaged", 4),
)

EXTRA = (
    "really",
    "again",
    "today",
    "honestly",
    "week",
    "monday",
    "friday",
    "account",
    "order",
    "phone",
    "laptop",
    "store",
    "online",
    "yesterday",
    "morning",
    "evening",
    "second",
    "third",
    "time",
    "support",
    "team",
    "manager",
    "message",
    "email",
)


def feedback_table(n: int = 300, seed: int = 0) -> pd.DataFrame:
    """n rows: text, customer, date (60 days), 0-10 score, channel and a churned flag."""
    rng = np.random.default_rng(seed)
    topic = rng.integers(0, len(TOPICS), n)
    extra = rng.choice(EXTRA, size=(n, 3))
    texts = [f"{TOPICS[t][0]} {' '.join(e)}" for t, e in zip(topic, extra, strict=True)]
    scores = np.clip(np.array([TOPICS[t][1] for t in topic]) + rng.integers(-1, 2, n), 0, 10)
    start = pd.Timestamp("2024-03-01", tz="UTC")
    return pd.DataFrame(
        {
            "id": [f"T{i:04d}" for i in range(n)],
            "customer_id": [f"c{c}" for c in rng.integers(0, n // 2, n)],
            "created_at": start + pd.to_timedelta(rng.integers(0, 60 * 24, n), unit="h"),
            "comment": texts,
            "nps": scores.astype(str),
            "channel": rng.choice(["email", "chat", "phone"], n),
            "churned": np.where(scores < 3, "yes", "no"),
        }
    )
