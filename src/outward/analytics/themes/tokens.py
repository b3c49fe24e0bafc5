"""Fast word tokenisation of many texts at once, for counting words and word n-grams.

scikit-learn's ``CountVectorizer`` tokenises and looks up every text in Python, one at a time
(about 10,000 texts a second for word 1-2-grams); at a million texts that alone would take
minutes. Here all texts are lower-cased, joined with a separator token that lower-cased text
can never contain, and cut by ONE regular-expression pass; each token gets an integer code
through one dict, and everything after that (document of each token, n-gram codes, counts) is
vectorised numpy. The tokens are exactly those of ``CountVectorizer(token_pattern=TOKEN_PATTERN)``
(lower-cased, then ``(?u)\\b\\w\\w+\\b``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # noqa: S105 (a regex, not a password)
_TOKEN = re.compile(TOKEN_PATTERN)
_SEPARATOR = "QQSEPQQ"  # upper case: never part of a lower-cased text
_JOIN = f" {_SEPARATOR} "


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of ``n_docs`` texts, in reading order.

    ``docs[i]`` is the text the i-th token comes from (non-decreasing), ``codes[i]`` its index
    into ``words`` (the distinct tokens, in order of first appearance).
    """

    docs: NDArray[np.int64]
    codes: NDArray[np.int64]
    words: list[str]
    n_docs: int


def tokenize(texts: Sequence[str]) -> Tokens:
    """Tokens of all ``texts`` (see the module docstring); empty texts simply have none."""
    n = len(texts)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Tokens(empty, empty, [], 0)
    found = _TOKEN.findall(_JOIN.join(str(t).lower() for t in texts))
    distinct = [_SEPARATOR, *dict.fromkeys(found)]  # dict.fromkeys: C speed, keeps order
    index = {w: i for i, w in enumerate(dict.fromkeys(distinct))}
    codes = np.fromiter(map(index.__getitem__, found), dtype=np.int64, count=len(found))
    is_separator = codes == 0
    docs = np.cumsum(is_separator)[~is_separator]
    words = list(index)[1:]
    return Tokens(docs.astype(np.int64), codes[~is_separator] - 1, words, n)


def adjacent_pairs(
    docs: NDArray[np.int64], codes: NDArray[np.int64], width: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Codes of consecutive token pairs within the same text (``first * width + second``).

    Pairs involving a negative code (an unknown token) are left out. Returns the text of each
    pair and its code; ``width`` must exceed every code.
    """
    if len(codes) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    first, second = codes[:-1], codes[1:]
    same = (docs[:-1] == docs[1:]) & (first >= 0) & (second >= 0)
    return docs[:-1][same], first[same] * np.int64(width) + second[same]


def count_matrix(
    docs: NDArray[np.int64], features: NDArray[np.int64], n_docs: int, n_features: int
) -> sp.csr_matrix:
    """Sparse float32 counts of (text, feature) occurrences; negative features are ignored."""
    keep = features >= 0
    rows, cols = docs[keep], features[keep]
    ones = np.ones(len(rows), dtype=np.float32)
    counts = sp.csr_matrix((ones, (rows, cols)), shape=(n_docs, n_features), dtype=np.float32)
    counts.sum_duplicates()
    return counts


def document_frequency(
    docs: NDArray[np.int64], features: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The distinct features and the number of texts each occurs in.

    (text, feature) pairs are de-duplicated by a two-key sort rather than by combining them
    into one code, so features may be any int64 codes (n-grams coded in base vocabulary size).
    """
    if len(features) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.lexsort((features, docs))
    d, f = docs[order], features[order]
    first = np.ones(len(f), dtype=bool)
    first[1:] = (d[1:] != d[:-1]) | (f[1:] != f[:-1])
    distinct, df = np.unique(f[first], return_counts=True)
    return distinct.astype(np.int64), df.astype(np.int64)


def ngram_counts(
    texts: Sequence[str], *, max_n: int = 3, min_df: int = 1
) -> tuple[sp.csr_matrix, list[str]]:
    """Counts of the word 1- to ``max_n``-grams of each text that occur in at least ``min_df``
    texts: the matrix and feature names of ``CountVectorizer(token_pattern=TOKEN_PATTERN,
    ngram_range=(1, max_n), min_df=min_df)`` (names in the same alphabetical order), about
    three times faster. An n-gram is coded as its tokens' codes in base ``len(words)``;
    raises OverflowError when that base to the power ``max_n`` does not fit in 63 bits.
    """
    tokens = tokenize(texts)
    width = len(tokens.words)
    if width == 0:
        return sp.csr_matrix((tokens.n_docs, 0), dtype=np.float32), []
    if width**max_n >= 2**63:
        raise OverflowError(f"{width} distinct words: {max_n}-gram codes would overflow")
    docs, codes = tokens.docs, tokens.codes
    columns: list[tuple[NDArray[np.int64], NDArray[np.int64]]] = []  # (texts, columns) per n
    names: list[str] = []
    grams = codes  # the n-gram starting at each token position (valid where `inside`)
    for n in range(1, max_n + 1):
        starts = len(codes) - n + 1
        if starts <= 0:
            break
        if n > 1:
            grams = grams[:starts] * np.int64(width) + codes[n - 1 :]
        inside = docs[:starts] == docs[n - 1 :]  # the n tokens belong to one text
        gram_docs, gram_codes = docs[:starts][inside], grams[inside]
        distinct, df = document_frequency(gram_docs, gram_codes)
        frequent = distinct[df >= min_df]
        column = np.searchsorted(frequent, gram_codes)
        found = column < len(frequent)
        found[found] = frequent[column[found]] == gram_codes[found]
        columns.append((gram_docs[found], len(names) + column[found]))
        names.extend(_decode(frequent, n, width, tokens.words))
    if not names:
        return sp.csr_matrix((tokens.n_docs, 0), dtype=np.float32), []
    order = np.argsort(np.array(names, dtype=object), kind="stable")
    position = np.empty(len(names), dtype=np.int64)
    position[order] = np.arange(len(names))
    all_docs = np.concatenate([d for d, _ in columns])
    all_columns = position[np.concatenate([c for _, c in columns])]
    counts = count_matrix(all_docs, all_columns, tokens.n_docs, len(names))
    return counts, [names[i] for i in order]


def _decode(codes: NDArray[np.int64], n: int, width: int, words: list[str]) -> list[str]:
    parts = []
    rest = codes.copy()
    for _ in range(n):
        parts.append(rest % width)
        rest //= width
    parts.reverse()
    return [" ".join(words[int(p[i])] for p in parts) for i in range(len(codes))]
