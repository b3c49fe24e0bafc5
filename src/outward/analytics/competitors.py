"""Competitor mentions and switching intent in customer texts.

Method: one regular expression with a named group per configured competitor (its name and
aliases, case-insensitive, whole words only) and one per generic switching cue, scanned once
over the whole corpus (texts joined by NUL). A name must stand as a word of its own:
"Brightline" and "Brightline's" match, "Brightlines" does not, because many brand names are
also common words whose plurals are not the brand ("Orange" vs "oranges").
Switching intent = any switching cue in the text. Assumptions: English; a cue such as
"moving to" can also describe a house move, so intent is a lead to read, not a fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from outward.analytics.results import Result
from outward.analytics.textnorm import join_corpus

_WORD_BEFORE = r"(?<![\w])"
_WORD_AFTER = r"(?![\w])"

SWITCHING_CUES: dict[str, str] = {
    "switching to": r"\bswitch(?:ing|ed)? (?:over )?to\b",
    "moving to": r"\bmov(?:e|ing) (?:over )?to\b",
    "cancel and go with": r"\bcancel\w*\b[^.!?\n]{0,40}\bgo(?:ing)? (?:with|to)\b",
    "go elsewhere": r"\b(?:go|going|shop|shopping|went) elsewhere\b",
    "taking my business": r"\btak(?:e|ing) my (?:business|custom|money)\b",
    "offered me": r"\boffered me (?:a )?(?:better|cheaper|lower|a deal|\d)",
    "cheaper at": r"\bcheaper (?:at|with|from|elsewhere)\b",
    "better deal": r"\bbetter (?:deal|offer|price) (?:at|with|from|elsewhere)\b",
    "leaving for": r"\bleav(?:e|ing) (?:you )?for\b",
    "port my number": r"\bport(?:ing)? my number\b",
}
"""Generic switching cues: label -> regular expression (matched case-insensitively)."""


@dataclass(frozen=True, slots=True)
class Competitor:
    """A competitor to look for: its display name and other names customers use for it."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompetitorSummary(Result):
    """Mentions of one competitor: item count, share of items, and NPS among them (if given)."""

    name: str
    mentions: int
    share: float
    switching_mentions: int
    nps: float | None
    mean_score: float | None


@dataclass(frozen=True, slots=True)
class CompetitorResult(Result):
    """Per item: competitors named, switching intent and its cue; and a summary."""

    competitors: tuple[tuple[str, ...], ...]
    switching: NDArray[np.bool_]
    switching_cue: tuple[str | None, ...]
    summary: tuple[CompetitorSummary, ...]
    switching_share: float


def _pattern(competitors: Sequence[Competitor]) -> re.Pattern[str]:
    parts = []
    for i, competitor in enumerate(competitors):
        names = sorted({competitor.name, *competitor.aliases}, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names if n)
        parts.append(f"(?P<n{i}>{_WORD_BEFORE}(?:{alternatives}){_WORD_AFTER})")
    for i, regex in enumerate(SWITCHING_CUES.values()):
        parts.append(f"(?P<s{i}>{regex})")
    return re.compile("|".join(parts), re.IGNORECASE)


def _nps(scores: NDArray[np.float64]) -> float | None:
    """Net Promoter Score: % of 9-10 minus % of 0-6, over the non-missing 0-10 scores."""
    valid = scores[~np.isnan(scores)]
    if valid.size == 0:
        return None
    return float(100.0 * (np.mean(valid >= 9) - np.mean(valid <= 6)))


def find_competitors(
    texts: Iterable[Any],
    competitors: Sequence[Competitor],
    scores: Sequence[float | None] | NDArray[np.floating[Any]] | None = None,
) -> CompetitorResult:
    """Competitor mentions and switching intent per text, with a per-competitor summary.

    `scores` are optional 0-10 likelihood-to-recommend answers aligned with `texts` (None or
    NaN when missing); with them each competitor's summary carries the NPS and mean score of
    the items naming it. Shares are over all items.
    """
    corpus = join_corpus(texts)
    n = corpus.size
    named: list[list[str]] = [[] for _ in range(n)]
    cue: list[str | None] = [None] * n
    cue_labels = tuple(SWITCHING_CUES)
    if n and (competitors or cue_labels):
        pattern = _pattern(competitors)
        matches = [(m.start(), m.lastgroup or "") for m in pattern.finditer(corpus.text)]
        items = corpus.item_of(np.asarray([s for s, _ in matches], dtype=np.int64))
        for item, (_, group) in zip(items.tolist(), matches, strict=True):
            if group.startswith("n"):
                name = competitors[int(group[1:])].name
                if name not in named[item]:
                    named[item].append(name)
            elif cue[item] is None:
                cue[item] = cue_labels[int(group[1:])]
    switching = np.array([c is not None for c in cue], dtype=np.bool_)
    nps_scores = (
        np.array([np.nan if s is None else float(s) for s in scores], dtype=np.float64)
        if scores is not None
        else None
    )
    if nps_scores is not None and nps_scores.shape[0] != n:
        raise ValueError(f"scores has {nps_scores.shape[0]} values for {n} texts")
    summary = []
    for competitor in competitors:
        rows = np.array([competitor.name in names for names in named], dtype=np.bool_)
        picked = nps_scores[rows] if nps_scores is not None else None
        has_scores = picked is not None and bool(np.any(~np.isnan(picked)))
        summary.append(
            CompetitorSummary(
                name=competitor.name,
                mentions=int(rows.sum()),
                share=float(rows.mean()) if n else 0.0,
                switching_mentions=int((rows & switching).sum()),
                nps=_nps(picked) if picked is not None else None,
                mean_score=float(np.nanmean(picked)) if picked is not None and has_scores else None,
            )
        )
    return CompetitorResult(
        competitors=tuple(tuple(names) for names in named),
        switching=switching,
        switching_cue=tuple(cue),
        summary=tuple(summary),
        switching_share=float(switching.mean()) if n else 0.0,
    )
