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


CHAR_ALNUM, CHAR_UPPER, _SINGLE, _EMOTICON_START, CHAR_DIGIT = 1, 2, 4, 8, 16
_HASH_BASE = np.uint64(1_000_003)


@lru_cache(maxsize=8)
def char_table(singles: tuple[int, ...], emoticon_starts: tuple[int, ...]) -> NDArray[np.uint8]:
    """Class bits for every code point: letter/digit, uppercase, single-character token."""
    table = np.zeros(0x110000, dtype=np.uint8)
    table[ord("0") : ord("9") + 1] = CHAR_ALNUM | CHAR_DIGIT
    table[ord("a") : ord("z") + 1] = CHAR_ALNUM
    table[ord("A") : ord("Z") + 1] = CHAR_ALNUM | CHAR_UPPER
    # Latin-1 and Latin Extended-A/B letters, so accented words stay one token;
    # not the multiplication and division signs.
    table[0xC0:0x250] = CHAR_ALNUM
    table[0xC0:0xDF] = CHAR_ALNUM | CHAR_UPPER
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

    def starts_caps(self, which: NDArray[np.int64] | None = None) -> NDArray[np.bool_]:
        """Whether each token (or each chosen one) has two or more characters and its first
        two are uppercase letters (a cheap CAPS test)."""
        start = self.start if which is None else self.start[which]
        length = self.length if which is None else self.length[which]
        last = self.classes.shape[0] - 1
        first = self.classes[start]
        second = self.classes[np.minimum(start + 1, last)]
        caps: NDArray[np.bool_] = (length >= 2) & ((first & second & CHAR_UPPER) > 0)
        return caps

    def may_be_caps(self, which: NDArray[np.int64]) -> NDArray[np.bool_]:
        """False for chosen tokens that cannot pass `all_caps`: those that begin with a
        lowercase letter (a token begins with a letter or a digit)."""
        first = self.classes[self.start[which]]
        maybe: NDArray[np.bool_] = (first & (CHAR_UPPER | CHAR_DIGIT)) > 0
        return maybe

    def all_caps(self, which: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Whether each chosen token has two or more letters, all uppercase (digits aside)."""
        start, length = self.start[which], self.length[which]
        letters = np.zeros(which.shape[0], dtype=np.int64)
        uppers = np.zeros(which.shape[0], dtype=np.int64)
        last = self.classes.shape[0] - 1
        for k in range(int(length.max(initial=0))):
            cls = self.classes[np.minimum(start + k, last)] * (length > k)
            letters += ((cls & CHAR_ALNUM) > 0) & ((cls & CHAR_DIGIT) == 0)
            uppers += (cls & CHAR_UPPER) > 0
        caps: NDArray[np.bool_] = (letters >= 2) & (uppers == letters)
        return caps


_JOINER = "\ufdd0"  # joins lexicon entries in token_keys: a noncharacter, never a token
_HASH_LENGTH = np.uint64(0x9E3779B97F4A7C15)  # K: mixes the run length into its hash
_BLOCK_BITS = 16  # B**j = B**(j mod 2**16) * B**(2**16 * (j div 2**16)): two small tables


@lru_cache(maxsize=1)
def _block_powers() -> tuple[NDArray[np.uint64], ...]:
    """B**j and B**-j modulo 2**64 for j < 2**16, and for the multiples of 2**16 below 2**32.

    B is odd, so it has an inverse modulo 2**64; uint64 products wrap modulo 2**64.
    """
    inverse = np.uint64(pow(int(_HASH_BASE), -1, 2**64))
    size = 1 << _BLOCK_BITS
    tables = []
    for base in (_HASH_BASE, inverse):
        low = np.full(size, base, dtype=np.uint64)
        low[0] = 1
        np.multiply.accumulate(low, out=low)
        step = np.uint64(int(low[-1]) * int(base) % 2**64)  # B**(2**16) or its inverse
        high = np.full(size, step, dtype=np.uint64)
        high[0] = 1
        np.multiply.accumulate(high, out=high)
        tables += [low, high]
    return tuple(tables)


def hash_runs(
    low: NDArray[np.uint32], start: NDArray[np.int64], length: NDArray[np.int64], max_len: int
) -> NDArray[np.uint64]:
    """Polynomial hash of each run of code points; runs longer than `max_len` hash to 0.

    sum(c_k * B**k) + length * K modulo 2**64, for the code points c_k of the run, from
    prefix sums over the whole array (P[j] = sum of c_i * B**i for i < j): the hash of a run
    is (P[end] - P[start]) * B**-start. A few passes over the characters, none per token.
    """
    n = low.shape[0]
    pw_low, pw_high, inv_low, inv_high = _block_powers()
    size = 1 << _BLOCK_BITS
    full = n // size  # whole blocks of 2**16 characters
    assert full < size, "corpus too long to hash"
    head = full * size
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    weighted = prefix[1:]  # c_i * B**i, then summed in place
    body = weighted[:head].reshape(full, size)
    np.multiply(low[:head].reshape(full, size), pw_low, out=body)
    body *= pw_high[:full, None]
    tail = weighted[head:]
    np.multiply(low[head:], pw_low[: n - head], out=tail)
    tail *= pw_high[full]
    np.cumsum(weighted, out=weighted)
    inv = np.take(inv_low, start & (size - 1)) * np.take(inv_high, start >> _BLOCK_BITS)
    key: NDArray[np.uint64] = (np.take(prefix, start + length) - np.take(prefix, start)) * inv
    key += length.astype(np.uint64) * _HASH_LENGTH
    key[length > max_len] = 0
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
    table = char_table(
        tuple(int(c) for c in singles), tuple(sorted({ord(e[0]) for e in emoticons}))
    )
    cls = np.take(table, cp)  # np.take: much faster than fancy indexing here
    alnum = (cls & CHAR_ALNUM) > 0
    low: NDArray[np.uint32] = cp | ((cls & CHAR_UPPER).astype(np.uint32) << np.uint32(4))
    word = alnum.copy()
    if n > 2:
        word[1:-1] |= (cp[1:-1] == ord("'")) & alnum[:-2] & alnum[2:]
    single = (cls & _SINGLE) > 0
    # Token boundaries as masks over the characters: tokens do not overlap, so the k-th
    # start and the k-th end belong to the same token (no sort needed).
    first = np.zeros(n, dtype=np.bool_)
    last = np.zeros(n, dtype=np.bool_)
    candidates = np.flatnonzero((cls & _EMOTICON_START) != 0)
    if candidates.size:
        taken = np.zeros(n, dtype=np.bool_)
        for emo in emoticons:
            size = len(emo)
            found = candidates[(candidates <= n - size) & (low[candidates] == ord(emo[0]))]
            for k, ch in enumerate(emo[1:], start=1):
                found = found[low[found + k] == ord(ch)]
            found = found[(found == 0) | ~alnum[np.maximum(found - 1, 0)]]
            end = found + size
            found = found[(end >= n) | ~alnum[np.minimum(end, n - 1)] | ~alnum[end - 1]]
            span = found[:, None] + np.arange(size)[None, :]
            found = found[~taken[span].any(axis=1)]
            taken[found[:, None] + np.arange(size)[None, :]] = True
            first[found] = True
            last[found + size - 1] = True
        word &= ~taken
        single &= ~taken
    if n:
        first[0] |= word[0]
        first[1:] |= word[1:] & ~word[:-1]
        last[-1] |= word[-1]
        last[:-1] |= word[:-1] & ~word[1:]
    first |= single
    last |= single
    start = np.flatnonzero(first)
    length = np.flatnonzero(last) - start + 1
    return Tokens(
        start=start, length=length, key=hash_runs(low, start, length, max_len), classes=cls
    )


def token_keys(
    strings: Iterable[str], emoticons: Iterable[str] = (), max_len: int = 24
) -> dict[str, list[int]]:
    """Hash each lexicon entry with the same tokenizer, one key per token it contains.

    Lexicon entries are lowercase; every character of an entry that is not a letter, digit
    or inner apostrophe is treated as a one-character token. All entries are tokenized in
    one pass, joined by U+FDD0 (which is no token and, like a text edge, no letter).
    """
    entries = list(strings)
    if not entries:
        return {}
    joiner = _JOINER  # a noncharacter: no letter, and no token here
    assert not any(joiner in e for e in entries), "lexicon entry holds U+FDD0"
    joined = joiner.join(entries)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    every = np.unique(cp)
    table = char_table((), ())
    others = every[
        (table[every] == 0) & (every != ord(" ")) & (every != ord("'")) & (every != ord(joiner))
    ]
    toks = tokenize(cp, singles=others, emoticons=emoticons, max_len=max_len)
    lengths = np.fromiter(map(len, entries), dtype=np.int64, count=len(entries))
    starts = np.concatenate(([0], np.cumsum(lengths[:-1] + 1)))
    owner = np.searchsorted(starts, toks.start, side="right") - 1
    bounds = np.searchsorted(owner, np.arange(len(entries) + 1))
    keys = toks.key.tolist()
    return {entry: keys[bounds[i] : bounds[i + 1]] for i, entry in enumerate(entries)}


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


# Anchored cue scanning: regular expressions tried only where one of their anchor words occurs.
