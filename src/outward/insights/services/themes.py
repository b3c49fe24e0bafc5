"""Themes people can edit: rename, hide, pin, merge, split by key phrase, rule themes.

Every edit bumps the theme's version and records a `ThemeEdit` (who, what, before and
after); the audit log records the save too. Edits live on the theme, not on the engine's
output, so a refit keeps them: names, hidden and pinned flags stay on the theme whose engine
id the refit keeps; merges and rules are applied to every assignment after the engine's.
A merge moves the rollups at once; a split or a rule re-themes the items in the background
(`tasks.reapply_rules_task`), since that means reading their text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from outward.accounts.models import User
from outward.core.errors import ValidationError
from outward.feedback.models import FeedbackItem
from outward.insights import rollups
from outward.insights.choices import EditAction, ThemeKind, ThemeOrigin
from outward.insights.models import AnalysisRun, Theme, ThemeEdit
from outward.insights.services.state import lock_state

MAX_PHRASES = 20
MAX_PHRASE_CHARS = 80
MAX_PATTERN_CHARS = 300
PRAISE_SENTIMENT = 0.25


def _record(theme: Theme, action: str, changes: Mapping[str, Any], by: User | None) -> Theme:
    theme.version += 1
    theme.save()
    ThemeEdit.objects.create(
        theme=theme, version=theme.version, action=action, changes=dict(changes), by=by
    )
    return theme


@transaction.atomic
def rename_theme(theme: Theme, name: str, *, by: User | None) -> Theme:
    name = " ".join(name.split())
    if len(name) > 120:
        raise ValidationError("Name too long.", field_errors={"name": "At most 120 characters."})
    before = theme.name
    theme.name = name
    return _record(theme, EditAction.RENAME, {"name": [before, name]}, by)


@transaction.atomic
def set_hidden(theme: Theme, hidden: bool, *, by: User | None) -> Theme:
    theme.hidden = hidden
    return _record(theme, EditAction.HIDE if hidden else EditAction.SHOW, {"hidden": hidden}, by)


@transaction.atomic
def set_pinned(theme: Theme, pinned: bool, *, by: User | None) -> Theme:
    theme.pinned = pinned
    return _record(theme, EditAction.PIN if pinned else EditAction.UNPIN, {"pinned": pinned}, by)


@transaction.atomic
def merge_themes(source: Theme, target: Theme, *, by: User | None) -> Theme:
    """Merge `source` into `target`: its items, rollups and future assignments go to target."""
    if source.pk == target.pk:
        raise ValidationError(
            "A theme cannot merge into itself.", field_errors={"into": "Pick another theme."}
        )
    if target.merged_into_id is not None:
        raise ValidationError(
            "That theme was merged already.",
            field_errors={"into": "Pick the theme it was merged into."},
        )
    lock_state()
    source.merged_into = target
    Theme.objects.filter(merged_into=source).update(merged_into=target)
    FeedbackItem.objects.filter(theme_id=source.pk).update(theme_id=target.pk)
    rollups.move(source.pk, target.pk)
    _record(source, EditAction.MERGE, {"into": target.pk, "into_name": target.display_name}, by)
    return target


def _clean_rule(phrases: list[str], pattern: str) -> tuple[list[str], str]:
    cleaned = [" ".join(p.split()) for p in phrases if p.strip()]
    if len(cleaned) > MAX_PHRASES or any(len(p) > MAX_PHRASE_CHARS for p in cleaned):
        raise ValidationError(
            "Too many or too long phrases.",
            field_errors={
                "phrases": f"At most {MAX_PHRASES} phrases of {MAX_PHRASE_CHARS} characters."
            },
        )
    pattern = pattern.strip()
    if len(pattern) > MAX_PATTERN_CHARS:
        raise ValidationError(
            "Pattern too long.",
            field_errors={"pattern": f"At most {MAX_PATTERN_CHARS} characters."},
        )
    if pattern:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValidationError(
                "Not a valid pattern.", field_errors={"pattern": str(error)}
            ) from error
    if not cleaned and not pattern:
        raise ValidationError(
            "A rule needs phrases or a pattern.",
            field_errors={"phrases": "Give at least one phrase."},
        )
    return cleaned, pattern


@transaction.atomic
def add_rule_theme(
    name: str,
    phrases: list[str],
    pattern: str = "",
    *,
    parent: Theme | None = None,
    by: User | None,
) -> Theme:
    """A theme defined by phrases (whole words, any case) or a pattern; it wins over the
    engine (within `parent`'s items when given: a split)."""
    phrases, pattern = _clean_rule(phrases, pattern)
    name = " ".join(name.split()) or (phrases[0].capitalize() if phrases else pattern[:60])
    theme = Theme.objects.create(
        origin=ThemeOrigin.RULE,
        label=name[:120],
        name=name[:120],
        kind=parent.kind if parent else ThemeKind.ISSUE,
        rule_phrases=phrases,
        rule_pattern=pattern,
        parent=parent,
        pinned=True,
        version=0,
    )
    action = EditAction.SPLIT if parent else EditAction.RULE
    changes = {"phrases": phrases, "pattern": pattern, "parent": parent.pk if parent else None}
    _record(theme, action, changes, by)
    if parent is not None:
        _record(parent, EditAction.SPLIT, {"split_into": theme.pk, "phrases": phrases}, by)
    _reapply_later(theme)
    return theme


@transaction.atomic
def change_rule(theme: Theme, phrases: list[str], pattern: str, *, by: User | None) -> Theme:
    if theme.origin != ThemeOrigin.RULE:
        raise ValidationError(
            "Only a rule theme has a rule.", field_errors={"phrases": "Not a rule theme."}
        )
    before = {"phrases": theme.rule_phrases, "pattern": theme.rule_pattern}
    theme.rule_phrases, theme.rule_pattern = _clean_rule(phrases, pattern)
    after = {"phrases": theme.rule_phrases, "pattern": theme.rule_pattern}
    _record(theme, EditAction.RULE_CHANGE, {"before": before, "after": after}, by)
    _reapply_later(theme)
    return theme


def _reapply_later(theme: Theme) -> None:
    from outward.insights.tasks import reapply_rules_task

    transaction.on_commit(lambda: reapply_rules_task.enqueue())


def sync_engine_themes(run: AnalysisRun) -> dict[int, Theme]:
    """Make the themes match a run's fit (inside its switch-over transaction): new engine
    themes created, known ones refreshed (people's edits kept), vanished ones archived; a
    pinned theme the engine lost keeps catching items by its key phrases."""
    rows = run.summary.get("themes") or []
    found: dict[int, Theme] = {}
    known = {
        t.engine_id: t
        for t in Theme.objects.filter(engine_id__isnull=False)
        if t.engine_id is not None
    }
    for row in rows:
        engine_id = int(row["theme_id"])
        theme = known.get(engine_id) or Theme(engine_id=engine_id, origin=ThemeOrigin.ENGINE)
        theme.label = str(row["label"])[:120]
        theme.key_phrases = list(row.get("key_phrases") or [])
        theme.quotes = list(row.get("quotes") or [])
        theme.root_cause = str(row.get("root_cause") or "")
        sentiment = row.get("mean_sentiment") or 0.0
        unexplained = theme.root_cause in {"", "other"}
        praise = theme.root_cause == "praise" or (unexplained and sentiment >= PRAISE_SENTIMENT)
        theme.kind = ThemeKind.PRAISE if praise else ThemeKind.ISSUE
        theme.stats = {k: v for k, v in row.items() if k not in {"label", "key_phrases", "quotes"}}
        theme.archived = False
        theme.save()
        found[engine_id] = theme
    for engine_id, theme in known.items():
        if engine_id in found:
            continue
        if theme.pinned and not theme.rule_phrases and not theme.rule_pattern:
            theme.rule_phrases = list(theme.key_phrases[:3])
        theme.archived = not theme.pinned
        theme.save()
    return found
