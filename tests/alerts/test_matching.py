"""Which rules an event reaches (plain comparisons, no database)."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from outward.alerts.choices import AlertKind
from outward.alerts.matching import rule_matches
from outward.alerts.models import AlertEvent, AlertRule


def _event(kind: str = AlertKind.DETRACTOR, **context: Any) -> AlertEvent:
    base = {"segment": "enterprise", "region": "north", "touchpoint_id": 3, "score": 2}
    return AlertEvent(
        kind=kind, key="k", occurred_at=timezone.now(), title="t", context=base | context
    )


def _rule(kind: str = AlertKind.DETRACTOR, **fields: Any) -> AlertRule:
    return AlertRule(pk=1, owner_id=1, kind=kind, **fields)


def test_a_rule_matches_an_event_of_its_kind() -> None:
    assert rule_matches(_rule(), _event())


def test_a_rule_ignores_other_kinds() -> None:
    assert not rule_matches(_rule(AlertKind.EMERGING_ISSUE), _event())


def test_a_paused_rule_matches_nothing() -> None:
    assert not rule_matches(_rule(enabled=False), _event())


def test_segment_region_and_touchpoint_filters_must_all_hold() -> None:
    assert rule_matches(_rule(segment="enterprise", region="north", touchpoint_id=3), _event())
    assert not rule_matches(_rule(segment="smb"), _event())
    assert not rule_matches(_rule(region="south"), _event())
    assert not rule_matches(_rule(touchpoint_id=4), _event())


def test_a_product_filter_compares_the_product_id() -> None:
    product = uuid.uuid4()

    assert rule_matches(_rule(product_id=product), _event(product_id=str(product)))
    assert not rule_matches(_rule(product_id=product), _event(product_id=str(uuid.uuid4())))


def test_a_detractor_rule_takes_answers_up_to_its_bar() -> None:
    assert rule_matches(_rule(threshold=3), _event(score=3))
    assert not rule_matches(_rule(threshold=3), _event(score=4))


def test_a_detractor_bar_above_six_still_means_detractors_only() -> None:
    assert not rule_matches(_rule(threshold=9), _event(score=7))


def test_a_switching_rule_takes_customers_worth_at_least_its_value() -> None:
    rule = _rule(AlertKind.COMPETITOR_SWITCH, threshold=50_000)

    assert rule_matches(rule, _event(AlertKind.COMPETITOR_SWITCH, customer_value=80_000.0))
    assert not rule_matches(rule, _event(AlertKind.COMPETITOR_SWITCH, customer_value=10_000.0))


def test_a_threshold_event_reaches_only_the_rule_that_set_the_threshold() -> None:
    event = _event(AlertKind.THEME_VOLUME)
    event.rule_id = 1

    assert rule_matches(_rule(AlertKind.THEME_VOLUME), event)
    assert not rule_matches(AlertRule(pk=2, owner_id=1, kind=AlertKind.THEME_VOLUME), event)
