"""Competitor mentions and switching intent in customer texts.

Method: one regular expression per configured competitor (its name and aliases,
case-insensitive, whole words only) and one per generic switching cue, found as one
alternation of them scanned over the corpus (texts joined by NUL) would find them. The scan
is `cuescan.CueScanner`: a name is tried only where its first word occurs (hashed runs,
in numpy), a cue only where its anchor words occur; a name that does not start with an
ASCII letter or digit, or holds other characters, is found by a slower scan of its own.
A name must stand as a word of its own:
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

from outward.analytics.cuescan import CueScanner
from outward.analytics.results import Result
from outward.analytics.textnorm import join_corpus

_WORD_BEFORE = r"(?<![\w])"
_WORD_AFTER = r"(?![\w])"

SWITCHING_CUES: dict[str, str] = {
    "switching to": r"\bswitch(?:ing|ed)? (?:over )?to\b",
    "moving to": r"\bmov(?:e|ing) (?:over )?to\b",
    "cancel and go with": r"\bcancel\w*\b[^.!?\n\x00]{0,40}\bgo(?:ing)? (?:with|to)\b",
    "go elsewhere": r"\b(?:go|going|shop|shopping|went) elsewhere\b",
    "taking my business": r"\btak(?:e|ing) my (?:business|custom|money)\b",
    "offered me": r"\boffered me (?:a )?(?:better|cheaper|lower|a deal|\d)",
    "cheaper at": r"\bcheaper (?:at|with|from|elsewhere)\b",
    "better deal": r"\bbetter (?:deal|offer|price) (?:at|with|from|elsewhere)\b",
    "leaving for": r"\bleav(?:e|ing) (?:you )?for\b",
    "port my number": r"\bport(?:ing)? my number\b",
}
"""Generic switching cues: label -> regular expression (matched case-insensitively)."""

SWITCHING_ANCHORS: dict[str, str] = {
    "switching to": "switch/switching/switched to/over",
    "moving to": "move/moving to/over",
    "cancel and go with": "cancel*",
    "go elsewhere": "go/going/shop/shopping/went elsewhere",
    "taking my business": "take/taking my",
    "offered me": "offered me",
    "cheaper at": "cheaper at/with/from/elsewhere",
    "better deal": "better deal/offer/price",
    "leaving for": "leave/leaving you/for",
    "port my number": "port/porting my",
}
"""Switching cue label -> the words its matches start with (`cuescan.CueScanner` syntax)."""

_CHUNK = 4096  # texts scanned at once
_ASCII_NAME = re.compile(r"[A-Za-z0-9][ -~]*\Z")
_FIRST_RUN = re.compile(r"[a-z0-9]+")


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


def _name_regex(names: Sequence[str]) -> str:
    alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
    return f"{_WORD_BEFORE}(?:{alternatives}){_WORD_AFTER}"


def _scanner(competitors: Sequence[Competitor]) -> CueScanner:
    """Cue i < len(competitors): competitor i (all its names, longest first); then the
    switching cues. A competitor is anchored on the first run of letters/digits of each name
    when every name is printable ASCII starting with a letter or digit."""
    regexes: list[str] = []
    anchors: list[str | None] = []
    for competitor in competitors:
        names = sorted({competitor.name, *competitor.aliases}, key=len, reverse=True)
        names = [n for n in names if n]
        regexes.append(_name_regex(names))
        plain = bool(names) and all(_ASCII_NAME.match(n) for n in names)
        anchors.append("|".join(sorted({_first_run(n) for n in names})) if plain else None)
    regexes += SWITCHING_CUES.values()
    anchors += [SWITCHING_ANCHORS[label] for label in SWITCHING_CUES]
    return CueScanner(regexes, anchors, re.IGNORECASE)


def _first_run(name: str) -> str:
    match = _FIRST_RUN.match(name.lower())
    return match.group() if match else ""


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
    batch = texts if isinstance(texts, list) else list(texts)
    n = len(batch)
    named: list[list[str]] = [[] for _ in range(n)]
    cue: list[str | None] = [None] * n
    cue_labels = tuple(SWITCHING_CUES)
    k = len(competitors)
    mentions = np.zeros((n, k), dtype=np.bool_)
    scanner = _scanner(competitors)
    for offset in range(0, n, _CHUNK):
        corpus = join_corpus(batch[offset : offset + _CHUNK])
        starts, cues = scanner.scan(corpus.text, corpus.codepoints())
        items = corpus.item_of(np.asarray(starts, dtype=np.int64)) + offset
        for item, which in zip(items.tolist(), cues, strict=True):
            if which < k:
                name = competitors[which].name
                mentions[item, which] = True
                if name not in named[item]:
                    named[item].append(name)
            elif cue[item] is None:
                cue[item] = cue_labels[which - k]
    switching = np.array([c is not None for c in cue], dtype=np.bool_)
    nps_scores = (
        np.array([np.nan if s is None else float(s) for s in scores], dtype=np.float64)
        if scores is not None
        else None
    )
    if nps_scores is not None and nps_scores.shape[0] != n:
        raise ValueError(f"scores has {nps_scores.shape[0]} values for {n} texts")
    summary = summarise_mentions(competitors, mentions, switching, nps_scores)
    return CompetitorResult(
        competitors=tuple(tuple(names) for names in named),
        switching=switching,
        switching_cue=tuple(cue),
        summary=summary,
        switching_share=float(switching.mean()) if n else 0.0,
    )


def summarise_mentions(
    competitors: Sequence[Competitor],
    mentions: NDArray[np.bool_],
    switching: NDArray[np.bool_],
    nps_scores: NDArray[np.float64] | None,
) -> tuple[CompetitorSummary, ...]:
    """Per competitor: mentions, share of all items, mentions with switching intent, and the
    NPS (% 9-10 minus % 0-6) and mean score of the items naming it that carry a score.

    `mentions` has one row per item and one column per competitor; competitors sharing a
    display name are counted together.
    """
    n = mentions.shape[0]
    by_name: dict[str, NDArray[np.bool_]] = {}
    for j, competitor in enumerate(competitors):
        by_name[competitor.name] = by_name.get(competitor.name, mentions[:, j]) | mentions[:, j]
    summary = []
    for competitor in competitors:
        rows = by_name[competitor.name]
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
    return tuple(summary)
