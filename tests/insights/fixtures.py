"""Fixtures: a small corpus with three clear topics, analysed and refitted as the app does it
(registered for the whole suite in tests/conftest.py)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.customers.models import ProductBatch, Touchpoint
from outward.feedback.models import FeedbackItem
from outward.feedback.services import analyse_pending_feedback
from outward.insights.models import AnalysisRun, Theme
from outward.insights.services import themes
from outward.insights.services.competitors import add_competitor
from outward.insights.services.refit import request_refit, run_refit
from tests.factories import (
    AssetFactory,
    BatchFactory,
    CustomerFactory,
    FeedbackFactory,
    ProductFactory,
)

TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "delivery": (
        [
            "The delivery came",
            "My parcel arrived",
            "The courier delivered the order",
            "Shipping took",
        ],
        ["two weeks late", "three days after the promised date", "late again", "far too late"],
    ),
    "billing": (
        ["The invoice", "My bill", "The monthly statement", "The payment"],
        ["charged me twice", "shows a wrong amount", "has an extra fee", "was charged double"],
    ),
    "praise": (
        [
            "The support agent",
            "Your helpdesk team",
            "The engineer on the phone",
            "Customer service",
        ],
        [
            "was wonderful and friendly",
            "solved it in minutes, brilliant",
            "was so helpful, thank you",
            "was excellent and kind",
        ],
    ),
}


def topic_texts(topic: str, n: int) -> list[str]:
    openers, endings = TOPICS[topic]
    pairs = itertools.cycle(itertools.product(openers, endings))
    return [f"{a} {b}." for a, b in itertools.islice(pairs, n)]


@pytest.fixture
def corpus(db: None) -> dict[str, list[FeedbackItem]]:
    """Forty items per topic from forty customers each, analysed (no theme model yet)."""
    items: dict[str, list[FeedbackItem]] = {}
    for topic in TOPICS:
        people = CustomerFactory.create_batch(40)
        items[topic] = [
            FeedbackFactory.create(text=text, customer=person, nps=9 if topic == "praise" else 3)
            for text, person in zip(topic_texts(topic, 40), people, strict=True)
        ]
    analyse_pending_feedback()
    return items


@pytest.fixture
def refit() -> Callable[[], AnalysisRun]:
    """Run one refit to the end, in this process."""

    def run() -> AnalysisRun:
        queued, _ = request_refit(trigger="test")
        return run_refit(queued.pk)

    return run


def theme_of(item: FeedbackItem) -> int | None:
    item.refresh_from_db(fields=["theme_id"])
    return item.theme_id


def theme_for(item: FeedbackItem) -> Theme:
    """The item's theme (it must have one)."""
    pk = theme_of(item)
    assert pk is not None, item.text
    return Theme.objects.get(pk=pk)


@pytest.fixture
def defect(
    db: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> tuple[ProductBatch, ProductBatch]:
    """Two batches of one kettle, 40 owners each: 15 owners of the first and 1 of the
    second report the heating element; everyone else praises the kettle."""
    kettle = ProductFactory.create(name="Kettle")
    bad, good = BatchFactory.create(product=kettle), BatchFactory.create(product=kettle)
    with django_capture_on_commit_callbacks(execute=True):
        themes.add_rule_theme("Heating element", ["heating element"], by=None)
    for batch, broken in ((bad, 15), (good, 1)):
        for n in range(40):
            owner = AssetFactory.create(batch=batch).customer
            text = (
                "The heating element stopped working after a week."
                if n < broken
                else "Lovely kettle, boils quickly and looks great."
            )
            FeedbackFactory.create(customer=owner, product=kettle, batch=batch, text=text, nps=8)
    analyse_pending_feedback()
    return bad, good


STAGES = {"delivery": ("delivery", 1, 3), "billing": ("billing", 2, 4), "praise": ("support", 5, 7)}
"""Per topic: the touchpoint it is said at, its CSAT (1-5) and customer effort (1-7)."""


@pytest.fixture
def journeyed(db: None, refit: Callable[[], AnalysisRun]) -> dict[str, list[FeedbackItem]]:
    """The three topics at their touchpoints with CSAT and effort, half the delivery
    complainers churned, some billing complainers naming Brightline; refitted."""
    add_competitor("Brightline")
    touchpoints = {t.slug: t for t in Touchpoint.objects.all()}
    items: dict[str, list[FeedbackItem]] = {}
    for topic, (slug, csat, ces) in STAGES.items():
        people = CustomerFactory.create_batch(40)
        texts = topic_texts(topic, 40)
        if topic == "billing":
            texts = [f"{t} We are switching to Brightline." if n < 12 else t
                     for n, t in enumerate(texts)]  # fmt: skip
        items[topic] = []
        for n, (text, person) in enumerate(zip(texts, people, strict=True)):
            if topic == "delivery" and n % 2 == 0:
                person.status, person.churned_on = "churned", timezone.localdate()
                person.save(update_fields=["status", "churned_on"])
            items[topic].append(
                FeedbackFactory.create(
                    text=text,
                    customer=person,
                    nps=9 if topic == "praise" else 3,
                    csat=csat,
                    ces=ces,
                    touchpoint=touchpoints[slug],
                )
            )
    analyse_pending_feedback()
    refit()
    return items
