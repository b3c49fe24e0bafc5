"""From the engine's theme of an item to the theme people see: merges followed, rules first.

A rule theme (phrases or a pattern) always wins over the engine; a rule split off a theme
(`parent`) takes only that theme's items. A theme merged into another hands its items on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from outward.insights.models import Theme


@dataclass(frozen=True)
class Rule:
    theme_id: int
    parent_id: int | None
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ThemeMap:
    by_engine: dict[int, int]  # engine theme id -> theme id, merges followed
    rules: tuple[Rule, ...]

    def theme_of(self, text: str, engine_id: int) -> int | None:
        theme = self.by_engine.get(engine_id)
        for rule in self.rules:
            if (rule.parent_id is None or rule.parent_id == theme) and rule.pattern.search(text):
                return rule.theme_id
        return theme

    def themes_of(self, texts: Sequence[str], engine_ids: Sequence[int]) -> list[int | None]:
        if not self.rules:
            return [self.by_engine.get(int(e)) for e in engine_ids]
        return [self.theme_of(t, int(e)) for t, e in zip(texts, engine_ids, strict=True)]


def rule_pattern(phrases: Sequence[str], pattern: str) -> re.Pattern[str]:
    """One case-insensitive pattern: any of the phrases as whole words, or the pattern."""
    parts = [r"\b" + r"\s+".join(map(re.escape, p.split())) + r"\b" for p in phrases if p.strip()]
    if pattern:
        parts.append(f"(?:{pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


def current_map() -> ThemeMap:
    """The map as the themes stand now (one query)."""
    themes = list(
        Theme.objects.values_list(
            "id", "engine_id", "merged_into_id", "rule_phrases", "rule_pattern", "parent_id"
        )
    )
    merged = {pk: into for pk, _, into, *_ in themes if into is not None}

    def final(pk: int) -> int:
        seen = set()
        while pk in merged and pk not in seen:
            seen.add(pk)
            pk = merged[pk]
        return pk

    by_engine = {engine: final(pk) for pk, engine, *_ in themes if engine is not None}
    rules = tuple(
        Rule(final(pk), parent, rule_pattern(phrases, pattern))
        for pk, _, into, phrases, pattern, parent in themes
        if into is None and (phrases or pattern)
    )
    return ThemeMap(by_engine=by_engine, rules=rules)
