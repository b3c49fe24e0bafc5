"""Themes: groups of feedback about the same thing, found without being told how many.

``discover_themes(texts)`` returns a ``ThemeModel``: labelled themes with key phrases, quotes,
size and share, an explicit "other" bucket, per-item assignments, ``assign`` for new items
without refitting, and ids that stay stable across refits (pass the earlier model as
``previous``). Works with any ``TextRepresentation``; the default needs no downloaded weights.
"""

from outward.analytics.themes.default_backend import DefaultRepresentation
from outward.analytics.themes.discover import default_min_theme_size, discover_themes
from outward.analytics.themes.model import OTHER_ID, OTHER_LABEL, KeyPhrase, Theme, ThemeModel

__all__ = [
    "OTHER_ID",
    "OTHER_LABEL",
    "DefaultRepresentation",
    "KeyPhrase",
    "Theme",
    "ThemeModel",
    "default_min_theme_size",
    "discover_themes",
]
