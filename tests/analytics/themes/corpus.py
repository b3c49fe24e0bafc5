"""Synthetic feedback corpora with planted topics, generated from templates (no data files)."""

from __future__ import annotations

import random

TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "delivery": (
        ["My parcel", "The delivery", "My order", "The package", "Our shipment"],
        [
            "arrived late",
            "is still not delivered",
            "came two weeks late",
            "got lost in transit",
            "was delayed again",
            "never showed up",
        ],
        [
            "and the courier did not call",
            "despite the tracking number",
            "after the promised date",
            "so the delivery driver must be lost",
            "and tracking shows nothing",
        ],
    ),
    "refund": (
        [
            "I asked for a refund",
            "My refund request",
            "The money back",
            "The refund",
            "Reimbursement",
        ],
        [
            "has not been processed",
            "is still pending",
            "was refused",
            "takes forever",
            "never reached my account",
        ],
        [
            "after I returned the item",
            "for the cancelled order",
            "three weeks after the return",
            "although the return was accepted",
            "for the faulty product",
        ],
    ),
    "password": (
        ["I cannot log in", "The login page", "Password reset", "My account access", "Signing in"],
        [
            "fails every time",
            "keeps rejecting my password",
            "sends no reset email",
            "locks me out",
            "says invalid password",
        ],
        [
            "on the mobile app",
            "since the last update",
            "even after a password reset",
            "with the correct password",
            "on the website login",
        ],
    ),
    "billing": (
        [
            "My invoice",
            "The monthly bill",
            "The subscription charge",
            "My credit card statement",
            "The billing",
        ],
        [
            "shows a double charge",
            "is higher than the price",
            "charged me twice",
            "has an unknown fee",
            "billed the wrong amount",
        ],
        [
            "for the premium plan",
            "this month",
            "on my credit card",
            "after I cancelled",
            "without any explanation of the fee",
        ],
    ),
    "staff": (
        [
            "The shop assistant",
            "Your store staff",
            "The cashier",
            "The sales assistant",
            "The employee at the counter",
        ],
        [
            "was very rude",
            "was friendly and helpful",
            "ignored me",
            "was impolite",
            "was extremely kind",
        ],
        [
            "at the store in town",
            "when I asked a question",
            "in the shop yesterday",
            "while I waited at the counter",
            "during my store visit",
        ],
    ),
    "app_crash": (
        [
            "The app",
            "Your mobile application",
            "The iPhone app",
            "The Android app",
            "The application",
        ],
        [
            "crashes on startup",
            "freezes constantly",
            "keeps crashing",
            "closes unexpectedly",
            "hangs on the loading screen",
        ],
        [
            "after the update",
            "when I open the menu",
            "on my phone",
            "every single time",
            "since the new version",
        ],
    ),
}


def make_corpus(topics: list[str], per_topic: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """``per_topic`` varied sentences for each topic, shuffled; returns (texts, topic names)."""
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    for topic in topics:
        subjects, verbs, endings = TOPICS[topic]
        for _ in range(per_topic):
            text = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(endings)}"
            if rng.random() < 0.3:
                text = text.lower() + rng.choice(["!", "...", " :(", "?"])
            rows.append((text, topic))
    rng.shuffle(rows)
    return [r[0] for r in rows], [r[1] for r in rows]
