"""Lexicon sentiment in [-1, 1] per text, and per sentence for long texts.

Method (a VADER-like rule set, run on the whole corpus at once with numpy):
tokens are looked up in our own lexicon (`analytics.lexicon`), backed by VADER's
human-rated general-English lexicon for the words ours does not rate, phrases of up to five tokens
replace the words they cover ("went above and beyond", "still waiting", "not bad"), a negator
within three tokens before a word in the same clause flips and dampens it, an intensifier
scales it, ALL CAPS emphasises it, and in a sentence with "but"/"however" the words after the
contrast count 1.5 times and those before it half. Exclamation marks amplify the item.
An item's score is (P - N) / (P + N + alpha), P and N the summed positive and negative
weights: the balance of opinion, damped when little opinion was expressed. Unlike a
normalised sum (VADER's compound) it does not saturate on long texts that mix praise and
complaint. Assumptions: English text; sarcasm and domain words outside the lexicon are missed.

Implementation: texts are scored in chunks of a few thousand (small enough for the working
arrays to stay in cache). Tokens are hashed to 64-bit keys over the whole character array
(`textnorm.tokenize`) and mapped to lexicon ids through a numpy open-addressing table. After
phrase matching, only the tokens that can change a score (sentiment words, negators,
boosters, contrasts, punctuation that ends a clause) go on to the context rules; their index
among all tokens is kept, so scopes are still counted in tokens. The compiled lexicon is built
once per process, on first use (`load_lexicon` builds it ahead).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from outward.analytics.lexicon.general_words import general_words
from outward.analytics.lexicon.sentiment_phrases import (
    BOOSTERS,
    CONTRASTS,
    EMOJI,
    EMOTICONS,
    NEGATORS,
    PHRASES,
)
from outward.analytics.lexicon.sentiment_words import WORDS
from outward.analytics.results import Result
from outward.analytics.textnorm import (
    SEPARATOR,
    Corpus,
    Tokens,
    join_corpus,
    split_sentences,
    token_keys,
    tokenize,
)

ALPHA = 3.0
NEGATIVE_THRESHOLD = -0.05
POSITIVE_THRESHOLD = 0.05
LONG_TEXT_CHARS = 300
_NEGATED_POSITIVE = -0.6
_NEGATED_NEGATIVE = -0.4
_NEGATION_SCOPE = 3
_CAPS_FACTOR = 1.3
_AFTER_CONTRAST = 1.5
_BEFORE_CONTRAST = 0.5
_EXCLAMATION_STEP = 0.1
_MAX_EXCLAMATIONS = 3
_MAX_PHRASE = 5
_SENTENCE_ENDS = ".!?\n\x00"
_CLAUSE_ENDS = _SENTENCE_ENDS + ",;:"


_EMPTY = np.uint64(0)  # no lexicon key is 0 (a key mixes in the token length)
_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)
# Bits of `_Lexicon.flags`: what a token can do to the score. Tokens with none are dropped
# before the context rules (their positions are kept, so distances stay in tokens).
_WEIGHT, _NEGATOR, _BOOSTER, _CLAUSE_END, _SENTENCE_END, _CONTRAST = 1, 2, 4, 8, 16, 32


@dataclass(frozen=True, slots=True)
class _HashTable:
    """A read-only open-addressing hash table from uint64 keys to int64 values (numpy only).

    Linear probing from a Fibonacci hash of the key; sized to 1/8 load, so nearly every
    lookup ends at its first slot. Absent keys (and key 0) map to `missing`.
    """

    keys: NDArray[np.uint64]
    values: NDArray[np.int64]
    shift: np.uint64
    probes: int
    missing: int

    @classmethod
    def build(cls, keys: list[int], values: list[int], missing: int) -> _HashTable:
        bits = max(4, (8 * max(len(keys), 1) - 1).bit_length())
        size = 1 << bits
        table_keys = [0] * size
        table_values = [missing] * size
        probes = 1
        for key, value in zip(keys, values, strict=True):
            assert key != 0, "key 0 marks an empty slot"
            slot = ((key * 0x9E3779B97F4A7C15) % 2**64) >> (64 - bits)
            for probe in range(size):
                at = (slot + probe) % size
                if table_keys[at] in (0, key):
                    table_keys[at], table_values[at] = key, value
                    probes = max(probes, probe + 1)
                    break
        return cls(
            keys=np.array(table_keys, dtype=np.uint64),
            values=np.array(table_values, dtype=np.int64),
            shift=np.uint64(64 - bits),
            probes=probes,
            missing=missing,
        )

    def get(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        """The value of each key (`missing` where the key is absent)."""
        mask = self.keys.shape[0] - 1
        slot = (keys * _FIBONACCI) >> self.shift
        found = np.take(self.keys, slot)
        out: NDArray[np.int64] = np.take(self.values, slot)
        out[found != keys] = self.missing
        # Only keys whose first slot holds another key probe on (a few percent).
        rest = np.flatnonzero((found != keys) & (found != _EMPTY))
        for probe in range(1, self.probes):
            if rest.size == 0:
                break
            at = (slot[rest] + np.uint64(probe)) & np.uint64(mask)
            found = self.keys[at]
            hit = found == keys[rest]
            out[rest[hit]] = self.values[at[hit]]
            rest = rest[~hit & (found != _EMPTY)]
        return out


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The lexicon compiled to arrays indexed by token id (id `unknown` for any other token)."""

    vocab: _HashTable  # token hash -> token id
    unknown: int
    separator: int  # the NUL between texts
    exclamation: int
    weight: NDArray[np.float64]
    booster: NDArray[np.float64]
    flags: NDArray[np.uint8]  # _WEIGHT | _NEGATOR | ... per token id
    singles: NDArray[np.uint32]
    phrase_id: NDArray[np.int64]  # token id -> id among phrase tokens (`phrase_base - 1`: none)
    phrase_base: int
    phrase_start: NDArray[np.bool_]  # token ids that begin some phrase
    phrases: _HashTable  # (phrase ids combined in base `phrase_base`) * 8 + length -> index
    pairs: _HashTable  # first two ids combined -> lengths it begins (bits) | 2-phrase << 8
    phrase_weight: NDArray[np.float64]
    max_len: int


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Compile the lexicon once per process, on first use (about 80 ms)."""
    singles_text = _CLAUSE_ENDS + "".join(EMOJI)
    modifiers = frozenset([*NEGATORS, *BOOSTERS, *CONTRASTS])
    single_words = {
        **general_words(modifiers),
        **WORDS,
        **{p: w for p, w in PHRASES.items() if " " not in p},
    }
    entries = [
        *single_words,
        *PHRASES,
        *NEGATORS,
        *BOOSTERS,
        *CONTRASTS,
        *EMOTICONS,
        *singles_text,
    ]
    max_len = max(len(tok) for e in entries for tok in e.split())
    keyed = token_keys(entries, EMOTICONS, max_len=max_len)
    vocab: dict[int, int] = {}
    for toks in keyed.values():
        for k in toks:
            vocab.setdefault(k, len(vocab))
    n = len(vocab) + 1

    def ids_of(entry: str) -> list[int]:
        return [vocab[k] for k in keyed[entry]]

    # Phrases are keyed on their own small id space (only the tokens phrases use), so that a
    # five-token key fits in 64 bits whatever the size of the word lexicon.
    in_phrases = sorted({i for p in PHRASES for i in ids_of(p)})
    base = len(in_phrases) + 1
    assert base**_MAX_PHRASE * 8 < 2**63, "too many distinct phrase tokens for phrase keys"
    phrase_id = np.full(n, base - 1, dtype=np.int64)
    phrase_id[in_phrases] = np.arange(len(in_phrases))

    def one(entry: str) -> int:
        (token_id,) = ids_of(entry)
        return token_id

    weight = np.zeros(n)
    for entry, w in [*single_words.items(), *EMOJI.items(), *EMOTICONS.items()]:
        weight[one(entry)] = w
    booster = np.zeros(n)
    for entry, b in BOOSTERS.items():
        booster[one(entry)] = b
    flags = np.zeros(n, dtype=np.uint8)
    flags[weight != 0] |= _WEIGHT
    flags[booster != 0] |= _BOOSTER
    flags[[one(e) for e in NEGATORS]] |= _NEGATOR
    flags[[one(e) for e in CONTRASTS]] |= _CONTRAST
    flags[[one(c) for c in _CLAUSE_ENDS]] |= _CLAUSE_END
    flags[[one(c) for c in _SENTENCE_ENDS]] |= _SENTENCE_END | _CLAUSE_END

    phrase_start = np.zeros(n, dtype=np.bool_)
    phrase_keys: dict[int, float] = {}  # a later entry with the same tokens wins
    pairs: dict[int, int] = {}
    for phrase, w in PHRASES.items():
        ids = ids_of(phrase)
        if 2 <= len(ids) <= _MAX_PHRASE:
            phrase_start[ids[0]] = True
            pids = [int(phrase_id[i]) for i in ids]
            pair = _combine(pids[:2], base) * 8 + 2
            pairs[pair] = pairs.get(pair, 0) | 1 << len(ids)
            phrase_keys[_combine(pids, base) * 8 + len(ids)] = w
    for index, key in enumerate(phrase_keys):
        if key % 8 == 2:
            pairs[key] |= (index + 1) << 8
    return _Lexicon(
        vocab=_HashTable.build(list(vocab), list(vocab.values()), missing=n - 1),
        unknown=n - 1,
        separator=one(SEPARATOR),
        exclamation=one("!"),
        weight=weight,
        booster=booster,
        flags=flags,
        singles=np.array(sorted({ord(c) for c in singles_text}), dtype=np.uint32),
        phrase_id=phrase_id,
        phrase_base=base,
        phrase_start=phrase_start,
        phrases=_HashTable.build(list(phrase_keys), list(range(len(phrase_keys))), missing=-1),
        pairs=_HashTable.build(list(pairs), list(pairs.values()), missing=0),
        phrase_weight=np.array(list(phrase_keys.values()), dtype=np.float64),
        max_len=max_len,
    )


def load_lexicon() -> None:
    """Compile the lexicon now rather than on the first call to `score_texts` (cached)."""
    _lexicon()


def _combine(ids: list[int], base: int) -> int:
    key = 0
    for token_id in ids:
        key = key * base + token_id
    return key


def _last_index(mask: NDArray[np.bool_]) -> NDArray[np.int64]:
    """For each position, the index of the latest True at or before it (-1 if none)."""
    idx = np.where(mask, np.arange(mask.shape[0]), -1)
    return np.maximum.accumulate(idx) if idx.size else idx


def _next_index(mask: NDArray[np.bool_]) -> NDArray[np.int64]:
    """For each position, the index of the earliest True at or after it (len if none)."""
    m = mask.shape[0]
    idx = np.where(mask, np.arange(m), m)
    return np.minimum.accumulate(idx[::-1])[::-1] if idx.size else idx


def _phrases(
    tid: NDArray[np.int64], lex: _Lexicon
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.bool_]]:
    """Phrase matches, longest first and never overlapping an earlier (longer) match.

    Returns the token index where each match starts, the phrase weight, and the mask of
    tokens covered by a match.
    """
    m = tid.shape[0]
    covered = np.zeros(m, dtype=np.bool_)
    starts: list[NDArray[np.int64]] = []
    weights: list[NDArray[np.float64]] = []
    # Candidates are positions whose first two tokens begin some phrase (few).
    first = np.flatnonzero(np.take(lex.phrase_start, tid[: max(m - 1, 0)]))
    pid, base = np.take(lex.phrase_id, tid), lex.phrase_base
    pair = lex.pairs.get(((pid[first] * base + pid[first + 1]) * 8 + 2).astype(np.uint64))
    for length in range(_MAX_PHRASE, 1, -1):
        cand = first[(pair & (1 << length)) > 0]
        if length == 2:
            which = (pair[(pair & (1 << length)) > 0] >> 8) - 1
        else:
            cand = cand[cand <= m - length]
            key = pid[cand]
            for k in range(1, length):
                key = key * base + pid[cand + k]
            which = lex.phrases.get((key * 8 + length).astype(np.uint64))
        found = which >= 0
        hit, which = cand[found], which[found]
        free = ~covered[hit]
        for k in range(1, length):
            free &= ~covered[hit + k]
        keep = np.flatnonzero(free)
        keep = keep[np.diff(hit[keep], prepend=-length) >= length]
        hit = hit[keep]
        covered[(hit[:, None] + np.arange(length)[None, :]).ravel()] = True
        starts.append(hit)
        weights.append(lex.phrase_weight[which[keep]])
    return np.concatenate(starts), np.concatenate(weights), covered


def score_texts(texts: Iterable[Any], chunk: int = 2048) -> NDArray[np.float32]:
    """Sentiment of each text in [-1, 1] (see the module docstring for the method).

    None, NaN and texts with no sentiment word score 0.0. Vectorized over each chunk of
    `chunk` texts at once (chunks keep the working arrays in cache and memory bounded).
    """
    items = texts if isinstance(texts, list) else list(texts)
    if len(items) <= chunk:
        return _score_chunk(items)
    parts = [_score_chunk(items[i : i + chunk]) for i in range(0, len(items), chunk)]
    return np.concatenate(parts)


def _score_chunk(texts: list[Any]) -> NDArray[np.float32]:
    lex = _lexicon()
    corpus = join_corpus(texts)
    if corpus.size == 0:
        return np.zeros(0, dtype=np.float32)
    toks = tokenize(corpus.codepoints(), lex.singles, EMOTICONS, max_len=lex.max_len)
    tid = lex.vocab.get(toks.key)
    flags = np.take(lex.flags, tid)
    hit, hit_weight, covered = _phrases(tid, lex)

    # Keep only the tokens that can change a score; `at` is their index among all tokens.
    keep = flags != 0
    keep[hit] = True
    at = np.flatnonzero(keep)
    t, f, cov = tid[at], flags[at], covered[at]
    is_hit = np.zeros(at.shape[0], dtype=np.bool_)
    phrase_w = np.zeros(at.shape[0])
    is_hit[np.searchsorted(at, hit)] = True
    phrase_w[np.searchsorted(at, hit)] = hit_weight
    # Texts are separated by a NUL token (kept: it ends a sentence), so a running count of
    # the NULs before a token is its item.
    separator = t == lex.separator
    item = np.cumsum(separator) - separator

    # ALL CAPS emphasises a word, unless the whole text shouts (then nothing stands out).
    words = np.flatnonzero((f & _WEIGHT) != 0)
    words = words[toks.may_be_caps(at[words])]
    caps = np.zeros(at.shape[0], dtype=np.bool_)
    caps[words] = toks.all_caps(at[words])
    if caps.any():
        caps &= ~_shouting(toks, corpus, np.unique(item[caps]))[item]

    weight = np.where(is_hit, phrase_w, np.where(cov, 0.0, lex.weight[t]))
    weight = _context(weight, t, f, cov, caps, at, lex)
    bangs = np.bincount(item, weights=t == lex.exclamation, minlength=corpus.size)
    emphasis = 1.0 + _EXCLAMATION_STEP * np.minimum(bangs, _MAX_EXCLAMATIONS)
    positive: NDArray[np.float64] = emphasis * np.bincount(
        item, weights=np.maximum(weight, 0.0), minlength=corpus.size
    )
    negative: NDArray[np.float64] = emphasis * np.bincount(
        item, weights=np.maximum(-weight, 0.0), minlength=corpus.size
    )
    scores = (positive - negative) / (positive + negative + ALPHA)
    return scores.astype(np.float32)


def _shouting(toks: Tokens, corpus: Corpus, items: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Per item of the corpus: True for the chosen `items` whose every word of two or more
    characters starts with two capitals (the whole text shouts)."""
    lo = np.searchsorted(toks.start, corpus.starts[items])
    ends = np.append(corpus.starts[1:], np.iinfo(np.int64).max)
    hi = np.searchsorted(toks.start, ends[items])
    counts = hi - lo
    owner = np.repeat(np.arange(items.shape[0]), counts)
    index = np.arange(owner.shape[0]) - np.repeat(np.cumsum(counts) - counts, counts) + lo[owner]
    quiet = (toks.length[index] >= 2) & ~toks.starts_caps(index)
    shouting = np.zeros(corpus.size, dtype=np.bool_)
    shouting[items] = np.bincount(owner, weights=quiet, minlength=items.shape[0]) == 0
    return shouting


def _context(
    weight: NDArray[np.float64],
    t: NDArray[np.int64],
    f: NDArray[np.uint8],
    covered: NDArray[np.bool_],
    caps: NDArray[np.bool_],
    at: NDArray[np.int64],
    lex: _Lexicon,
) -> NDArray[np.float64]:
    """Apply negation, boosters, caps and contrast to the weights of the kept tokens.

    `at` is each kept token's index among all tokens: scopes are counted in all tokens.
    """
    m = t.shape[0]
    negator = ((f & _NEGATOR) > 0) & ~covered
    clause_end = (f & (_CLAUSE_END | _CONTRAST)) > 0
    prev_neg = np.empty(m, dtype=np.int64)
    prev_end = np.empty(m, dtype=np.int64)
    if m:
        prev_neg[0] = prev_end[0] = -1
        prev_neg[1:] = _last_index(negator)[:-1]
        prev_end[1:] = _last_index(clause_end)[:-1]
    negated = (prev_neg > prev_end) & (at - at[np.maximum(prev_neg, 0)] <= _NEGATION_SCOPE)
    weight = np.where(
        negated, weight * np.where(weight > 0, _NEGATED_POSITIVE, _NEGATED_NEGATIVE), weight
    )

    # A booster scales the next token (and half the one after), within the clause.
    booster = np.where(covered, 0.0, lex.booster[t])
    boost = np.zeros(m)
    if m > 1:
        gap = at[1:] - at[:-1]  # 1: adjacent tokens; 2: one dropped token between
        boost[1:] += np.where(gap == 1, booster[:-1], 0.0) * ~clause_end[1:]
        boost[1:] += np.where(gap == 2, 0.5 * booster[:-1], 0.0) * ~clause_end[1:]
    if m > 2:
        two = (at[2:] - at[:-2]) == 2
        boost[2:] += np.where(two, 0.5 * booster[:-2], 0.0) * ~clause_end[1:-1] * ~clause_end[2:]
    weight = weight * (1.0 + boost) * np.where(caps, _CAPS_FACTOR, 1.0)

    sentence_end = (f & _SENTENCE_END) > 0
    contrast = (f & _CONTRAST) > 0
    after = _last_index(contrast) > _last_index(sentence_end)
    before = _next_index(contrast) < _next_index(sentence_end)
    return weight * np.where(after, _AFTER_CONTRAST, np.where(before, _BEFORE_CONTRAST, 1.0))


def sentiment_labels(scores: NDArray[np.floating[Any]]) -> NDArray[np.str_]:
    """ "negative" below -0.05, "positive" above 0.05, "neutral" in between (VADER's cut-offs)."""
    return np.where(
        scores < NEGATIVE_THRESHOLD,
        "negative",
        np.where(scores > POSITIVE_THRESHOLD, "positive", "neutral"),
    )


@dataclass(frozen=True, slots=True)
class SentenceScores(Result):
    """Sentence-level sentiment: the item each sentence came from, the sentence, its score."""

    item_index: NDArray[np.int64]
    sentence: tuple[str, ...]
    score: NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class SentimentResult(Result):
    """Sentiment per item (score in [-1, 1] and label), and per sentence of long items."""

    scores: NDArray[np.float32]
    labels: NDArray[np.str_]
    sentences: SentenceScores | None = None


def sentence_sentiment(texts: Iterable[Any]) -> SentenceScores:
    """Split every text into sentences (see `textnorm.split_sentences`) and score each one."""
    items, sentences = split_sentences(texts)
    return SentenceScores(item_index=items, sentence=tuple(sentences), score=score_texts(sentences))


def analyze_sentiment(texts: Iterable[Any], sentences: bool | None = None) -> SentimentResult:
    """Score every text; add sentence scores for long texts.

    `sentences=None` adds them for items over 300 characters or 3 sentences, True for every
    item, False for none. Sentence `item_index` refers to positions in `texts`.
    """
    items = list(texts)
    scores = score_texts(items)
    detail: SentenceScores | None = None
    if sentences is not False:
        if sentences:
            chosen = np.arange(len(items), dtype=np.int64)
        else:
            index, _ = split_sentences(items)
            counts = np.bincount(index, minlength=len(items))
            lengths = np.fromiter(
                (len(t) if isinstance(t, str) else 0 for t in items), np.int64, len(items)
            )
            chosen = np.flatnonzero((lengths > LONG_TEXT_CHARS) | (counts > 3))
        part = sentence_sentiment([items[i] for i in chosen])
        detail = SentenceScores(
            item_index=chosen[part.item_index], sentence=part.sentence, score=part.score
        )
    return SentimentResult(scores=scores, labels=sentiment_labels(scores), sentences=detail)
