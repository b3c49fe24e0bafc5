"""The churn-risk model learns from the customers' own history, is judged on customers it
did not learn from, and scores nobody when it would be guessing."""

from __future__ import annotations

import pytest

from outward.checkins.models import CustomerRisk
from outward.checkins.services.risk import refit_risk
from outward.feedback.models import FeedbackItem
from tests.checkins.fixtures import SNAPSHOT, TODAY, history

pytestmark = pytest.mark.django_db


def test_a_model_that_ranks_well_out_of_sample_scores_every_active_customer() -> None:
    story = history()

    run = refit_risk(TODAY)

    assert run.usable
    assert run.snapshot_on == SNAPSHOT
    assert run.customers == 70
    assert run.churned == 30
    assert run.auc is not None
    assert run.auc >= 0.8
    assert f"AUC {run.auc:.2f}" in run.note
    scored = dict(CustomerRisk.objects.values_list("customer_id", "probability"))
    assert not {c.pk for c in story.churned} & set(scored)  # gone: nobody to call
    worried = [scored[c.pk] for c in story.unhappy_now]
    content = [scored[c.pk] for c in story.happy_now]
    assert min(worried) > max(content)


def test_each_score_says_why_in_words() -> None:
    story = history()

    refit_risk(TODAY)

    reasons = CustomerRisk.objects.get(customer=story.unhappy_now[0]).reasons
    assert "negative words lately" in reasons or "complaints lately" in reasons


def test_a_model_that_predicts_nothing_is_not_used_and_clears_the_old_scores() -> None:
    history(telling=True)
    refit_risk(TODAY)
    assert CustomerRisk.objects.exists()
    FeedbackItem.objects.all().delete()  # nothing tells leavers from stayers any more

    run = refit_risk(TODAY)

    assert not run.usable
    assert run.auc is not None
    assert run.auc < 0.6
    assert "not used" in run.note
    assert not CustomerRisk.objects.exists()


def test_too_little_history_is_said_plainly() -> None:
    history(n=4)

    run = refit_risk(TODAY)

    assert not run.usable
    assert run.auc is None
    assert "Not enough history" in run.note
    assert not CustomerRisk.objects.exists()
