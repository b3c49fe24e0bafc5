"""Lexicon sentiment in [-1, 1] per text, and per sentence for long texts.

Method (a VADER-like rule set, run on the whole corpus at once with numpy):
tokens are looked up in our own lexicon (`analytics.lexicon`), phrases of up to five tokens
replace the words they cover ("went above and beyond", "still waiting", "not bad"), a negator
within three tokens before a word in the same clause flips and dampens it, an intensifier
scales it, ALL CAPS emphasises it, and in a sentence with "but"/"however" the words after the
contrast count 1.5 times and those before it half. Exclamation marks amplify the item.
An item's score is (P - N) / (P + N + alpha), P and N the summed positive and negative
weights: the balance of opinion, damped when little opinion was expressed. Unlike a
normalised sum (VADER's compound) it does not saturate on long texts that mix praise and
complaint. Assumptions: English text; sarcasm and domain words outside the lexicon are missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

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
from outward.analytics.textnorm import join_corpus, split_sentences, token_keys, tokenize

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


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The lexicon compiled to arrays indexed by token id (id `unknown` for any other token)."""

    keys: NDArray[np.uint64]  # sorted token hashes
    ids: NDArray[np.int64]  # token id of each sorted hash
    unknown: int
    weight: NDArray[np.float64]
    negator: NDArray[np.bool_]
    booster: NDArray[np.float64]
    contrast: NDArray[np.bool_]
    clause_end: NDArray[np.bool_]
    sentence_end: NDArray[np.bool_]
    exclamation: int
    singles: NDArray[np.uint32]
    phrase_start: NDArray[np.bool_]  # token ids that begin some phrase
    phrase_keys: tuple[NDArray[np.int64], ...]  # per phrase length 2.._MAX_PHRASE, sorted
    phrase_weight: tuple[NDArray[np.float64], ...]
    max_len: int


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    singles_text = _CLAUSE_ENDS + "".join(EMOJI)
    single_words = {**WORDS, **{p: w for p, w in PHRASES.items() if " " not in p}}
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
    assert n**_MAX_PHRASE < 2**63, "vocabulary too large for phrase keys"

    def ids_of(entry: str) -> list[int]:
        return [vocab[k] for k in keyed[entry]]

    def one(entry: str) -> int:
        (token_id,) = ids_of(entry)
        return token_id

    weight = np.zeros(n)
    for entry, w in [*single_words.items(), *EMOJI.items(), *EMOTICONS.items()]:
        weight[one(entry)] = w
    negator = np.zeros(n, dtype=np.bool_)
    negator[[one(e) for e in NEGATORS]] = True
    booster = np.zeros(n)
    for entry, b in BOOSTERS.items():
        booster[one(entry)] = b
    contrast = np.zeros(n, dtype=np.bool_)
    contrast[[one(e) for e in CONTRASTS]] = True
    sentence_end = np.zeros(n, dtype=np.bool_)
    sentence_end[[one(c) for c in _SENTENCE_ENDS]] = True
    clause_end = sentence_end.copy()
    clause_end[[one(c) for c in _CLAUSE_ENDS]] = True

    by_len: dict[int, dict[int, float]] = {m: {} for m in range(2, _MAX_PHRASE + 1)}
    phrase_start = np.zeros(n, dtype=np.bool_)
    for phrase, w in PHRASES.items():
        ids = ids_of(phrase)
        if 2 <= len(ids) <= _MAX_PHRASE:
            phrase_start[ids[0]] = True
            by_len[len(ids)][_combine(ids, n)] = w
    phrase_keys = tuple(np.array(sorted(by_len[m]), dtype=np.int64) for m in sorted(by_len))
    phrase_weight = tuple(
        np.array([by_len[m][k] for k in sorted(by_len[m])]) for m in sorted(by_len)
    )
    hashes = np.array(list(vocab), dtype=np.uint64)
    order = np.argsort(hashes)
    return _Lexicon(
        keys=hashes[order],
        ids=np.array(list(vocab.values()), dtype=np.int64)[order],
        unknown=n - 1,
        weight=weight,
        negator=negator,
        booster=booster,
        contrast=contrast,
        clause_end=clause_end,
        sentence_end=sentence_end,
        exclamation=one("!"),
        singles=np.array(sorted({ord(c) for c in singles_text}), dtype=np.uint32),
        phrase_start=phrase_start,
        phrase_keys=phrase_keys,
        phrase_weight=phrase_weight,
        max_len=max_len,
    )


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


def _token_weights(
    tid: NDArray[np.int64], caps: NDArray[np.bool_], lex: _Lexicon
) -> NDArray[np.float64]:
    """The contextual weight of every token (phrases, negation, boosters, caps, contrast)."""
    m = tid.shape[0]
    weight = lex.weight[tid]
    covered = np.zeros(m, dtype=np.bool_)
    base = lex.unknown + 1
    for length in range(_MAX_PHRASE, 1, -1):
        keys, weights = lex.phrase_keys[length - 2], lex.phrase_weight[length - 2]
        if keys.size == 0 or m < length:
            continue
        cand = np.flatnonzero(lex.phrase_start[tid[: m - length + 1]])
        key = tid[cand]
        for k in range(1, length):
            key = key * base + tid[cand + k]
        pos = np.searchsorted(keys, key).clip(max=keys.size - 1)
        found = keys[pos] == key
        hit, pos = cand[found], pos[found]
        cum = np.concatenate(([0], np.cumsum(covered)))
        keep = np.flatnonzero(cum[hit + length] == cum[hit])
        keep = keep[np.diff(hit[keep], prepend=-length) >= length]
        hit = hit[keep]
        span = (hit[:, None] + np.arange(length)[None, :]).ravel()
        covered[span] = True
        weight[span] = 0.0
        weight[hit] = weights[pos[keep]]

    negator = lex.negator[tid] & ~covered
    booster = np.where(covered, 0.0, lex.booster[tid])
    clause_end = lex.clause_end[tid] | lex.contrast[tid]
    last_neg = _last_index(negator)
    last_end = _last_index(clause_end)
    prev_neg = np.concatenate(([-1], last_neg[:-1]))
    prev_end = np.concatenate(([-1], last_end[:-1]))
    negated = (prev_neg > prev_end) & (np.arange(m) - prev_neg <= _NEGATION_SCOPE)
    weight = np.where(
        negated, weight * np.where(weight > 0, _NEGATED_POSITIVE, _NEGATED_NEGATIVE), weight
    )

    boost = np.zeros(m)
    if m > 1:
        boost[1:] += booster[:-1] * ~clause_end[1:]
    if m > 2:
        boost[2:] += 0.5 * booster[:-2] * ~clause_end[1:-1] * ~clause_end[2:]
    weight = weight * (1.0 + boost) * np.where(caps, _CAPS_FACTOR, 1.0)

    sentence_end = lex.sentence_end[tid]
    contrast = lex.contrast[tid]
    after = _last_index(contrast) > _last_index(sentence_end)
    before = _next_index(contrast) < _next_index(sentence_end)
    return weight * np.where(after, _AFTER_CONTRAST, np.where(before, _BEFORE_CONTRAST, 1.0))


def score_texts(texts: Iterable[Any], chunk: int = 8192) -> NDArray[np.float32]:
    """Sentiment of each text in [-1, 1] (see the module docstring for the method).

    None, NaN and texts with no sentiment word score 0.0. Vectorized over each chunk of
    `chunk` texts at once (chunks keep the working arrays in cache and memory bounded).
    """
    items = texts if isinstance(texts, list) else list(texts)
    parts = [_score_chunk(items[i : i + chunk]) for i in range(0, len(items), chunk)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def _score_chunk(texts: list[Any]) -> NDArray[np.float32]:
    lex = _lexicon()
    corpus = join_corpus(texts)
    if corpus.size == 0:
        return np.zeros(0, dtype=np.float32)
    toks = tokenize(corpus.codepoints(), lex.singles, EMOTICONS, max_len=lex.max_len)
    pos = np.searchsorted(lex.keys, toks.key).clip(max=max(lex.keys.size - 1, 0))
    tid: NDArray[np.int64] = np.where(lex.keys[pos] == toks.key, lex.ids[pos], lex.unknown)
    item = corpus.item_of(toks.start)

    # ALL CAPS emphasises a word, unless the whole text shouts (then nothing stands out).
    words = np.flatnonzero(lex.weight[tid] != 0)
    caps = np.zeros(tid.shape[0], dtype=np.bool_)
    caps[words] = toks.all_caps(words)
    long_words = toks.length >= 2
    caps_words = np.bincount(item, weights=toks.starts_caps(), minlength=corpus.size)
    all_words = np.bincount(item, weights=long_words.astype(np.float64), minlength=corpus.size)
    caps &= (caps_words < all_words)[item]

    weight = _token_weights(tid, caps, lex)
    bangs = np.bincount(item, weights=tid == lex.exclamation, minlength=corpus.size)
    emphasis = 1.0 + _EXCLAMATION_STEP * np.minimum(bangs, _MAX_EXCLAMATIONS)
    positive: NDArray[np.float64] = emphasis * np.bincount(
        item, weights=np.maximum(weight, 0.0), minlength=corpus.size
    )
    negative: NDArray[np.float64] = emphasis * np.bincount(
        item, weights=np.maximum(-weight, 0.0), minlength=corpus.size
    )
    scores = (positive - negative) / (positive + negative + ALPHA)
    return scores.astype(np.float32)


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
