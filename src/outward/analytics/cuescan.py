"""Finding cue phrases fast: hashed word runs, and a scanner that tries a cue's regex only where
one of its anchor words occurs. Root causes and competitor names both use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from outward.analytics.textnorm import CHAR_ALNUM, CHAR_DIGIT, CHAR_UPPER, char_table, hash_runs

_FOLDS = {0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s")}  # (?i) matches them to ASCII
_DIGIT_KEY = 0x5BD1E995  # the key of "#", any run that starts with a digit
_PAIR = np.uint64(0xFF51AFD7ED558CCD)  # pair key = first * _PAIR + next (modulo 2**64)
_FILTER_SIZE = 1 << 16  # a bit table of key & _FILTER_MASK: most runs fail it at once
_FILTER_MASK = np.uint64(_FILTER_SIZE - 1)
_Matcher = tuple[Callable[[str, int], "re.Match[str] | None"], tuple[int, ...]]  # cue by group
_AnchorTable = tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.bool_]]


@dataclass(frozen=True, slots=True)
class WordRuns:
    """Maximal runs of letters/digits of a code-point array (apostrophes split runs), with
    the hash of each run's lowercase form (the `tokenize` hash, so lexicon keys compare)."""

    start: NDArray[np.int64]
    length: NDArray[np.int64]
    key: NDArray[np.uint64]
    digit: NDArray[np.bool_]  # the run starts with a digit 0-9


def word_runs(
    cp: NDArray[np.uint32], spans: Iterable[tuple[str, int]] = ()
) -> tuple[WordRuns, dict[tuple[str, int], NDArray[np.uint64]]]:
    """Runs of `cp`, and for each (kind, k) in `spans` the hash of every run's first k
    ("p") or last k ("s") characters (0 for runs shorter than k); one hashing pass.

    Case folding: ASCII and Latin-1 letters are lowercased, and the three non-ASCII letters
    that a case-insensitive regular expression equates with ASCII ones are folded to them.
    """
    cls = np.take(char_table((), ()), cp)
    alnum = (cls & CHAR_ALNUM) > 0
    low: NDArray[np.uint32] = cp | ((cls & CHAR_UPPER).astype(np.uint32) << np.uint32(4))
    for src, dst in _FOLDS.items():
        low[low == src] = dst
    n = cp.shape[0]
    edge = np.diff(alnum.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    start = np.flatnonzero(edge == 1)
    length = np.flatnonzero(edge == -1) - start
    wanted = list(dict.fromkeys(spans))
    all_start, all_len, picks = [start], [length], []
    for kind, k in wanted:
        pick = np.flatnonzero(length >= k)
        picks.append(pick)
        all_start.append(start[pick] + (length[pick] - k if kind == "s" else 0))
        all_len.append(np.full(pick.shape[0], k, dtype=np.int64))
    keys = hash_runs(low, np.concatenate(all_start), np.concatenate(all_len), max_len=n + 1)
    out: dict[tuple[str, int], NDArray[np.uint64]] = {}
    offset = start.shape[0]
    for span, pick in zip(wanted, picks, strict=True):
        sub = np.zeros(start.shape[0], dtype=np.uint64)
        sub[pick] = keys[offset : offset + pick.shape[0]]
        offset += pick.shape[0]
        out[span] = sub
    digit = (np.take(cls, start) & CHAR_DIGIT) > 0 if n else np.zeros(0, dtype=np.bool_)
    return WordRuns(start, length, keys[: start.shape[0]], digit), out


def word_key(word: str) -> int:
    """The `word_runs` key of one lowercase run of letters/digits."""
    cp = np.frombuffer(word.encode("utf-32-le"), dtype=np.uint32)
    size = np.asarray([cp.shape[0]], dtype=np.int64)
    return int(hash_runs(cp, np.zeros(1, dtype=np.int64), size, max_len=len(word) + 1)[0])


class CueScanner:
    """Finds the matches of many regular expressions ("cues") exactly as one alternation of
    them (`re.finditer` of `(?P<c0>...)|(?P<c1>...)|...`) would, but fast.

    Each cue has anchors: the words a match must start with, as `|`-separated alternatives
    of one or two space-separated words (the second is the next run), `a/b` for either word,
    `word*` for a run starting with word, `*word` for a run ending with it (the match starts
    there), `#` for a run starting with a digit (or any non-ASCII decimal digit). A cue with
    no anchors is found by a zero-width scan of its own. Runs come from hashing (`word_runs`);
    at each candidate position only the anchored cues are tried, in cue order, and a match
    resumes the scan after its end, as finditer does. Anchors must be necessary conditions
    (every match starts at one); a test checks the scanner against the plain alternation.
    """

    def __init__(self, regexes: list[str], anchors: list[str | None], flags: int) -> None:
        self.flags = flags
        self.regexes = regexes
        table: dict[tuple[str, int, bool], dict[int, set[int]]] = {}
        digit_cues: set[int] = set()
        for cue, spec in enumerate(anchors):
            for alt in spec.split("|") if spec else ():
                words = alt.split()
                for first in words[0].split("/"):
                    if first == "#":
                        kind, k, key = "#", 0, _DIGIT_KEY
                        digit_cues.add(cue)
                    elif first.endswith("*") or first.startswith("*"):
                        stem = first.strip("*")
                        kind, k = ("p" if first.endswith("*") else "s"), len(stem)
                        key = word_key(stem)
                    else:
                        kind, k, key = "w", 0, word_key(first)
                    for second in words[1].split("/") if len(words) > 1 else [""]:
                        full = (key * int(_PAIR) + word_key(second)) % 2**64 if second else key
                        table.setdefault((kind, k, bool(second)), {}).setdefault(full, set())
                        table[(kind, k, bool(second))][full].add(cue)
        entries: dict[frozenset[int], int] = {}
        self.tables: dict[tuple[str, int, bool], _AnchorTable] = {}
        for name, keyed in table.items():
            keys = np.asarray(sorted(keyed), dtype=np.uint64)
            ids = [entries.setdefault(frozenset(keyed[int(x)]), len(entries)) for x in keys]
            bloom = np.zeros(_FILTER_SIZE, dtype=np.bool_)
            bloom[keys & _FILTER_MASK] = True
            self.tables[name] = (keys, np.asarray(ids, dtype=np.int64), bloom)
        free = [cue for cue, spec in enumerate(anchors) if not spec]
        self.free_entry = entries.setdefault(frozenset(free), len(entries)) if free else -1
        self.free = (
            re.compile("(?=" + "|".join(f"(?:{regexes[c]})" for c in free) + ")", flags)
            if free
            else None
        )
        self.digit_entry = (
            entries.setdefault(frozenset(digit_cues), len(entries)) if digit_cues else -1
        )
        self.entries = [sorted(cues) for cues, _ in sorted(entries.items(), key=lambda e: e[1])]
        self._patterns: dict[frozenset[int], _Matcher] = {}
        self.spans = sorted({(kind, k) for kind, k, _ in self.tables if kind in "ps"})

    def _pattern(self, cues: frozenset[int]) -> _Matcher:
        found = self._patterns.get(cues)
        if found is None:
            order = tuple(sorted(cues))
            regex = "|".join(f"({self.regexes[c]})" for c in order)
            found = self._patterns[cues] = (re.compile(regex, self.flags).match, order)
        return found

    def candidates(
        self, text: str, cp: NDArray[np.uint32]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Candidate positions in `text` and the anchor entry found at each (unsorted)."""
        runs, spans = word_runs(cp, self.spans)
        nxt = np.zeros_like(runs.key)
        nxt[:-1] = runs.key[1:]
        positions, found = [], []
        for (kind, k, pair), (keys, ids, bloom) in self.tables.items():
            if kind == "w":
                first, pos = runs.key, runs.start
            elif kind == "#":
                first = np.where(runs.digit, np.uint64(_DIGIT_KEY), np.uint64(0))
                pos = runs.start
            else:
                first = spans[(kind, k)]
                pos = runs.start + (runs.length - k if kind == "s" else 0)
            query = first * _PAIR + nxt if pair else first
            maybe = np.flatnonzero(np.take(bloom, query & _FILTER_MASK))
            at = np.minimum(np.searchsorted(keys, query[maybe]), keys.shape[0] - 1)
            hit = keys[at] == query[maybe]
            positions.append(pos[maybe[hit]])
            found.append(ids[at[hit]])
        if self.digit_entry >= 0 and cp.shape[0] and int(cp.max()) >= 0x660:
            wide = np.unique(cp[cp >= 0x660])
            digits = [c for c in wide.tolist() if chr(c).isdecimal()]
            if digits:
                at_digit = np.flatnonzero(np.isin(cp, digits))
                positions.append(at_digit)
                found.append(np.full(at_digit.shape[0], self.digit_entry, dtype=np.int64))
        if self.free is not None:
            at_free = np.asarray([m.start() for m in self.free.finditer(text)], dtype=np.int64)
            positions.append(at_free)
            found.append(np.full(at_free.shape[0], self.free_entry, dtype=np.int64))
        if not positions:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(positions), np.concatenate(found)

    def scan(self, text: str, cp: NDArray[np.uint32]) -> tuple[list[int], list[int]]:
        """Start position and cue index of every match, in text order (finditer's matches)."""
        pos, entry = self.candidates(text, cp)
        order = np.lexsort((entry, pos))
        pos, entry = pos[order], entry[order]
        single = np.ones(pos.shape[0], dtype=np.bool_)
        single[1:] = pos[1:] != pos[:-1]
        groups: list[_Matcher] = [self._pattern(frozenset(cues)) for cues in self.entries]
        if not single.all():  # positions with several anchors: one pattern for their union
            first = np.flatnonzero(single)
            bounds = np.append(first, pos.shape[0])
            pos = pos[first]
            ids = entry.tolist()
            merged = entry[first].copy()
            for g in np.flatnonzero(np.diff(bounds) > 1).tolist():
                union = frozenset(
                    c for e in ids[bounds[g] : bounds[g + 1]] for c in self.entries[e]
                )
                groups.append(self._pattern(union))
                merged[g] = len(groups) - 1
            entry = merged
        starts: list[int] = []
        cues: list[int] = []
        end = -1
        for p, e in zip(pos.tolist(), entry.tolist(), strict=True):
            if p < end:
                continue
            match, cue_of = groups[e]
            m = match(text, p)
            if m is not None:
                starts.append(p)
                cues.append(cue_of[(m.lastindex or 1) - 1])
                end = m.end()
        return starts, cues
