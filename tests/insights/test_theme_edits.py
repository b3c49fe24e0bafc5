"""Themes people edit: every edit versioned, kept by refits, applied to items and rollups."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db.models import Sum
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import User
from outward.core.errors import ValidationError
from outward.core.roles import Role
from outward.feedback.models import FeedbackItem
from outward.feedback.services import analyse_pending_feedback
from outward.insights.choices import EditAction
from outward.insights.models import AnalysisRun, Theme, ThemeCustomerDay, ThemeDay
from outward.insights.services import themes
from tests.factories import CustomerFactory, FeedbackFactory, UserFactory
from tests.insights.fixtures import theme_for, theme_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> User:
    return UserFactory.create(role=Role.ANALYST)


def test_a_rename_is_a_new_version_that_says_who_changed_what(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun], analyst: User
) -> None:
    refit()
    theme = theme_for(corpus["billing"][0])

    themes.rename_theme(theme, "  Double   charges ", by=analyst)

    theme.refresh_from_db()
    assert (theme.name, theme.version) == ("Double charges", 2)
    edit = theme.edits.get()
    assert (edit.version, edit.action, edit.by) == (2, EditAction.RENAME, analyst)
    assert edit.changes == {"name": ["", "Double charges"]}
    assert theme.label  # the engine's label stays beside the human name


def test_a_merge_moves_items_rollups_and_later_arrivals_to_the_target(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun], analyst: User
) -> None:
    refit()
    delivery = theme_for(corpus["delivery"][0])
    source = theme_for(corpus["billing"][0])
    moved = FeedbackItem.objects.filter(theme_id=source.pk).count()
    target_before = ThemeDay.objects.filter(theme_id=delivery.pk).aggregate(n=Sum("items"))["n"]

    themes.merge_themes(source, delivery, by=analyst)

    assert not FeedbackItem.objects.filter(theme_id=source.pk).exists()
    assert not ThemeDay.objects.filter(theme_id=source.pk).exists()
    assert not ThemeCustomerDay.objects.filter(theme_id=source.pk).exists()
    after = ThemeDay.objects.filter(theme_id=delivery.pk).aggregate(n=Sum("items"))["n"]
    assert after == target_before + moved
    text = (
        FeedbackItem.objects.filter(theme_id=delivery.pk)
        .exclude(pk__in=[i.pk for i in corpus["delivery"]])
        .first()
    )
    assert text is not None
    arrival = FeedbackFactory.create(text=text.text, customer=CustomerFactory.create())
    analyse_pending_feedback()
    assert theme_of(arrival) == delivery.pk
    source.refresh_from_db()
    assert source.merged_into == delivery
    assert source.edits.get().action == EditAction.MERGE


def test_a_theme_cannot_merge_into_itself(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    refit()
    theme = theme_for(corpus["billing"][0])

    with pytest.raises(ValidationError) as refused:
        themes.merge_themes(theme, theme, by=None)

    assert "into" in refused.value.field_errors


def test_a_split_by_key_phrase_moves_the_matching_items_of_that_theme_only(
    corpus: dict[str, list[FeedbackItem]],
    refit: Callable[[], AnalysisRun],
    analyst: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    refit()
    parent = theme_for(corpus["billing"][1])
    members = [i for i in corpus["billing"] if theme_of(i) == parent.pk]
    word = "twice" if "twice" in members[0].text else members[0].text.split()[-1].strip(".")

    with django_capture_on_commit_callbacks(execute=True):
        split = themes.add_rule_theme("", [word], parent=parent, by=analyst)

    moved = [i for i in members if word in i.text.lower()]
    assert moved
    assert all(theme_of(i) == split.pk for i in moved)
    assert all(theme_of(i) == parent.pk for i in members if i not in moved)
    assert ThemeDay.objects.filter(theme_id=split.pk).aggregate(n=Sum("items"))["n"] == len(moved)
    assert split.parent == parent
    assert parent.edits.get().action == EditAction.SPLIT


def test_a_rule_theme_wins_over_the_engine_for_new_items_and_survives_a_refit(
    corpus: dict[str, list[FeedbackItem]],
    refit: Callable[[], AnalysisRun],
    analyst: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    refit()
    with django_capture_on_commit_callbacks(execute=True):
        rule = themes.add_rule_theme("Courier", ["courier"], by=analyst)

    arrival = FeedbackFactory.create(
        text="The courier delivered the order late again.", customer=CustomerFactory.create()
    )
    analyse_pending_feedback()
    assert theme_of(arrival) == rule.pk
    refit()
    assert theme_of(arrival) == rule.pk
    assert all(theme_of(i) == rule.pk for i in corpus["delivery"] if "courier" in i.text.lower())


@pytest.mark.parametrize(
    ("phrases", "pattern", "field"),
    [([], "", "phrases"), ([], "(unclosed", "pattern"), (["x" * 81], "", "phrases")],
)
def test_a_bad_rule_is_refused_naming_the_field(
    phrases: list[str], pattern: str, field: str, analyst: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        themes.add_rule_theme("Bad", phrases, pattern, by=analyst)

    assert field in refused.value.field_errors
    assert not Theme.objects.exists()


def test_a_pinned_theme_the_engine_loses_keeps_catching_items_by_its_key_phrases(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    refit()
    praise = theme_for(corpus["praise"][0])
    themes.set_pinned(praise, True, by=None)
    FeedbackItem.objects.filter(pk__in=[i.pk for i in corpus["praise"]]).delete()

    refit()

    praise.refresh_from_db()
    assert not praise.archived
    assert praise.rule_phrases == praise.key_phrases[:3]
    assert [e.action for e in praise.edits.all()] == [EditAction.PIN]
