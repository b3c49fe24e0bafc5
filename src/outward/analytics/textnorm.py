"""Text normalisation shared by the text analytics: cleaning, joining, tokens, sentences.

The scorers work on the whole corpus at once: texts are joined into one string with a NUL
separator, turned into an array of code points, and tokenized with numpy array operations, so
no Python code runs per token. `Corpus.starts` maps positions back to items.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

SEPARATOR = "\x00"
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc", "\u0060", "\u00b4", "\u2032")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def clean_text(value: object) -> str:
    """Return `value` as a string fit for scoring: NFKC-normalised, apostrophes folded to "'".

    None, NaN and other non-string values become the empty string (a missing answer).
    """
    if not isinstance(value, str):
        return ""
    if not value.isascii():
        if not unicodedata.is_normalized("NFKC", value):
            value = unicodedata.normalize("NFKC", value)
        for apostrophe in _APOSTROPHES:
            value = value.replace(apostrophe, "'")
    return value.replace(SEPARATOR, " ")


def clean_texts(texts: Iterable[Any]) -> list[str]:
    """Clean every text with `clean_text` (one C-level string pass per text, no scoring)."""
    return [clean_text(t) for t in texts]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Cleaned texts joined by NUL, with the offset where each item starts in `text`."""

    text: str
    starts: NDArray[np.int64]

    @property
    def size(self) -> int:
        return int(self.starts.shape[0])

    def item_of(self, positions: NDArray[np.int64]) -> NDArray[np.int64]:
        """The item index of each character position in `text`."""
        return np.searchsorted(self.starts, positions, side="right").astype(np.int64) - 1

    def codepoints(self) -> NDArray[np.uint32]:
        """The joined text as an array of Unicode code points (one per character)."""
        raw = self.text.encode("utf-32-le", errors="surrogatepass")
        return np.frombuffer(raw, dtype=np.uint32)


def join_corpus(texts: Iterable[Any]) -> Corpus:
    """Clean `texts` and join them into one `Corpus` (NUL between items)."""
    cleaned = clean_texts(texts)
    lengths = np.fromiter(map(len, cleaned), dtype=np.int64, count=len(cleaned))
    starts = np.zeros(len(cleaned), dtype=np.int64)
    if len(cleaned) > 1:
        starts[1:] = np.cumsum(lengths[:-1] + 1)
    return Corpus(text=SEPARATOR.join(cleaned), starts=starts)


_ALNUM, _UPPER, _SINGLE, _EMOTICON_START, _DIGIT = 1, 2, 4, 8, 16
_HASH_BASE = np.uint64(1_000_003)


@lru_cache(maxsize=8)
def _char_table(singles: tuple[int, ...], emoticon_starts: tuple[int, ...]) -> NDArray[np.uint8]:
    """Class bits for every code point: letter/digit, uppercase, single-character token."""
    table = np.zeros(0x110000, dtype=np.uint8)
    table[ord("0") : ord("9") + 1] = _ALNUM | _DIGIT
    table[ord("a") : ord("z") + 1] = _ALNUM
    table[ord("A") : ord("Z") + 1] = _ALNUM | _UPPER
    # Latin-1 and Latin Extended-A/B letters, so accented words stay one token;
    # not the multiplication and division signs.
    table[0xC0:0x250] = _ALNUM
    table[0xC0:0xDF] = _ALNUM | _UPPER
    table[[0xD7, 0xF7]] = 0
    table[list(singles)] |= _SINGLE
    table[list(emoticon_starts)] |= _EMOTICON_START
    return table


@dataclass(frozen=True, slots=True)
class Tokens:
    """Tokens of a corpus in text order: start offset, length and hash (of the lowercase form).

    A token is a run of letters/digits (an apostrophe between two of them included), or a
    single character the caller asked for (punctuation, emoji), or a listed emoticon.
    `classes` holds the character class bits of the corpus, for `all_caps`.
    """

    start: NDArray[np.int64]
    length: NDArray[np.int64]
    key: NDArray[np.uint64]
    classes: NDArray[np.uint8]

    def starts_caps(self) -> NDArray[np.bool_]:
        """Whether each token's first two characters are uppercase letters (cheap CAPS test)."""
        last = self.classes.shape[0] - 1
        first = self.classes[self.start]
        second = self.classes[np.minimum(self.start + 1, last)]
        caps: NDArray[np.bool_] = (self.length >= 2) & ((first & second & _UPPER) > 0)
        return caps

    def all_caps(self, which: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Whether each chosen token has two or more letters, all uppercase (digits aside)."""
        start, length = self.start[which], self.length[which]
        letters = np.zeros(which.shape[0], dtype=np.int64)
        uppers = np.zeros(which.shape[0], dtype=np.int64)
        last = self.classes.shape[0] - 1
        for k in range(int(length.max(initial=0))):
            cls = self.classes[np.minimum(start + k, last)] * (length > k)
            letters += ((cls & _ALNUM) > 0) & ((cls & _DIGIT) == 0)
            uppers += (cls & _UPPER) > 0
        caps: NDArray[np.bool_] = (letters >= 2) & (uppers == letters)
        return caps


def _hash_runs(
    low: NDArray[np.uint32], start: NDArray[np.int64], length: NDArray[np.int64], max_len: int
) -> NDArray[np.uint64]:
    """Polynomial hash of each run of code points; runs longer than `max_len` hash to 0.

    Runs are visited longest first, so step k touches only the runs longer than k and the
    total work is the number of characters hashed, not runs x longest run.
    """
    key = np.zeros(start.shape[0], dtype=np.uint64)
    valid = np.flatnonzero(length <= max_len)
    order = valid[np.argsort(-length[valid].astype(np.int16), kind="stable")]
    s_start, s_len = start[order], length[order]
    s_key = s_len.astype(np.uint64)
    longer_than = np.searchsorted(-s_len, -np.arange(max_len), side="left")
    with np.errstate(over="ignore"):
        for k in range(max_len):
            m = int(longer_than[k])
            s_key[:m] = s_key[:m] * _HASH_BASE + low[s_start[:m] + k].astype(np.uint64)
    key[order] = s_key
    return key


def tokenize(
    cp: NDArray[np.uint32],
    singles: NDArray[np.uint32],
    emoticons: Iterable[str] = (),
    max_len: int = 24,
) -> Tokens:
    """Tokenize an array of code points (see `Tokens`); letters are lowercased for the hash.

    `singles` are code points that each form a token of their own (punctuation, emoji).
    Emoticons must not follow a letter or digit (so "http://" holds no ":/").
    """
    n = cp.shape[0]
    emoticons = sorted(emoticons, key=len, reverse=True)
    table = _char_table(
        tuple(int(c) for c in singles), tuple(sorted({ord(e[0]) for e in emoticons}))
    )
    cls = table[cp]
    alnum = (cls & _ALNUM) > 0
    low: NDArray[np.uint32] = cp | ((cls & _UPPER).astype(np.uint32) << np.uint32(4))
    inner = np.zeros(n, dtype=np.bool_)
    if n > 2:
        inner[1:-1] = (cp[1:-1] == ord("'")) & alnum[:-2] & alnum[2:]
    taken = np.zeros(n, dtype=np.bool_)
    candidates = np.flatnonzero(cls & _EMOTICON_START).astype(np.int64)
    e_start: list[NDArray[np.int64]] = []
    e_len: list[NDArray[np.int64]] = []
    for emo in emoticons:
        first = candidates[(candidates <= n - len(emo)) & (low[candidates] == ord(emo[0]))]
        for k, ch in enumerate(emo[1:], start=1):
            first = first[low[first + k] == ord(ch)]
        first = first[(first == 0) | ~alnum[np.maximum(first - 1, 0)]]
        end = first + len(emo)
        first = first[(end >= n) | ~alnum[np.minimum(end, n - 1)] | ~alnum[end - 1]]
        span = first[:, None] + np.arange(len(emo))[None, :]
        first = first[~taken[span].any(axis=1)]
        taken[first[:, None] + np.arange(len(emo))[None, :]] = True
        e_start.append(first)
        e_len.append(np.full(first.shape[0], len(emo), dtype=np.int64))

    word = (alnum | inner) & ~taken
    padded = np.zeros(n + 2, dtype=np.bool_)
    padded[1:-1] = word
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    w_start = edges[0::2].astype(np.int64)
    w_len = edges[1::2].astype(np.int64) - w_start
    s_start = np.flatnonzero(((cls & _SINGLE) > 0) & ~taken).astype(np.int64)
    start = np.concatenate([w_start, s_start, *e_start])
    length = np.concatenate([w_len, np.ones_like(s_start), *e_len])
    order = np.argsort(start, kind="stable")
    start, length = start[order], length[order]
    return Tokens(
        start=start, length=length, key=_hash_runs(low, start, length, max_len), classes=cls
    )


def token_keys(
    strings: Iterable[str], emoticons: Iterable[str] = (), max_len: int = 24
) -> dict[str, list[int]]:
    """Hash each lexicon entry with the same tokenizer, one key per token it contains.

    Lexicon entries are lowercase; every character of an entry that is not a letter, digit
    or inner apostrophe is treated as a one-character token.
    """
    entries = list(strings)
    emoticons = tuple(emoticons)
    encoded = [np.frombuffer(e.encode("utf-32-le"), dtype=np.uint32) for e in entries]
    every = np.unique(np.concatenate([np.zeros(0, dtype=np.uint32), *encoded]))
    table = _char_table((), ())
    others = every[(table[every] == 0) & (every != ord(" ")) & (every != ord("'"))]
    out: dict[str, list[int]] = {}
    for entry, cp in zip(entries, encoded, strict=True):
        toks = tokenize(cp, singles=others, emoticons=emoticons, max_len=max_len)
        out[entry] = [int(k) for k in toks.key]
    return out


def split_sentences(
    texts: Iterable[Any],
) -> tuple[NDArray[np.int64], list[str]]:
    """Split each text into sentences at . ! ? followed by white space, and at line breaks.

    Returns the item index of each sentence and the sentences (empty pieces dropped).
    A heuristic: abbreviations such as "Mr. Smith" split too.
    """
    items: list[int] = []
    sentences: list[str] = []
    for i, text in enumerate(clean_texts(texts)):
        for piece in _SENTENCE_SPLIT.split(text):
            piece = piece.strip()
            if piece:
                items.append(i)
                sentences.append(piece)
    return np.asarray(items, dtype=np.int64), sentences
