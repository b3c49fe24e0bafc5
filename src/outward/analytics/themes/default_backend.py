"""The default text representation: word and character n-gram TF-IDF, reduced by LSA.

Needs no torch and no downloaded weights; everything is learned from the corpus itself.

Method
------
1. Words: lower-cased tokens of two or more word characters, cut for all texts in one
   regular-expression pass and counted with numpy (``themes.tokens``: the same tokens and
   n-grams as scikit-learn's ``CountVectorizer``, about 10 times faster). Word features are
   TF-IDF over unigrams and bigrams (sublinear tf, smooth idf, English stop words removed except the
   negations "not", "no", "nor", "cannot", which carry meaning in customer feedback).
2. Characters: the character 3- to 5-grams inside each word (as ``char_wb`` in scikit-learn),
   which make misspellings and inflections ("arrive", "arrived", "arived") land close. Rather
   than cutting every text into character n-grams (slow in Python), each *word type* of the
   vocabulary is cut once, and a text's character counts are its word counts times that
   word-to-n-gram matrix: one sparse product, exact because ``char_wb`` n-grams never cross
   a word boundary. Then sublinear tf and idf as for words.
3. Both blocks are L2-normalised, the character block weighted by ``char_weight``, joined,
   normalised again, and projected onto the top ``dims`` right singular vectors (truncated
   SVD, i.e. latent semantic analysis) learned on the corpus (on a random sample of at most
   ``fit_sample`` texts for large corpora: 20,000 by default, since the LSA costs grow with
   the sample and 20,000 short texts already hold the vocabulary of their themes). Rows are
   L2-normalised, so cosine = dot product.

Assumptions: texts are short to medium customer feedback, mostly in one language with
whitespace between words; words never seen during ``fit`` contribute nothing to a text's
vector (refit periodically on fresh data).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from outward.analytics.sparse import product
from outward.analytics.themes.tokens import (
    Tokens,
    adjacent_pairs,
    count_matrix,
    document_frequency,
    tokenize,
)

_NEGATIONS = frozenset({"not", "no", "nor", "cannot"})
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) - _NEGATIONS
"""English stop words without the negations; shared with the labelling of themes."""

_CHUNK = 50_000


def _sublinear_tfidf(counts: sp.csr_matrix, idf: NDArray[np.float32]) -> sp.csr_matrix:
    """(1 + log tf) * idf, rows L2-normalised; empty rows stay zero.

    Computed on the stored values directly (no broadcasting products, which are several
    times slower in scipy); ``counts`` must have no duplicate entries.
    """
    data = np.log(counts.data.astype(np.float32))
    data += 1.0
    data *= idf[counts.indices]
    out = sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)
    return _normalise_rows_sparse(out)


def _normalise_rows_sparse(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit L2 norm (empty rows stay zero), on the stored values directly."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0]))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    data = (matrix.data * scale[rows]).astype(np.float32)
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)


def normalise_rows(matrix: NDArray[np.floating]) -> NDArray[np.float32]:
    """L2-normalise the rows of a dense matrix; zero rows stay zero (no division by zero)."""
    dense = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return np.asarray(dense * scale, dtype=np.float32)


def _idf(counts: sp.csr_matrix) -> NDArray[np.float32]:
    """Smooth idf as in scikit-learn: ln((1 + n) / (1 + df)) + 1."""
    n_docs = int(counts.shape[0])
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    idf: NDArray[np.float32] = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
    return idf


class DefaultRepresentation:
    """Word + character n-gram TF-IDF reduced by LSA: fast, dependency-free, corpus-trained.

    See the module docstring for the method. ``dims`` is the number of LSA dimensions,
    ``char_weight`` the weight of the character block against the word block, ``min_df``
    the minimum number of texts a word n-gram must appear in (lowered to 1 for corpora of
    fewer than 50 texts), ``fit_sample`` the largest number of texts ``fit`` learns from.
    Defaults were chosen on BANKING77 train as documented in bench/themes.py.
    """

    name = "default"

    def __init__(
        self,
        *,
        dims: int = 150,
        char_weight: float = 1.5,
        min_df: int = 2,
        fit_sample: int = 20_000,
        seed: int = 0,
    ) -> None:
        self.dims = dims
        self.char_weight = char_weight
        self.min_df = min_df
        self.fit_sample = fit_sample
        self.seed = seed
        self._type_index: dict[str, int] = {}
        self._unigram_of_type: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._bigram_codes: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._n_word_features = 0
        self._type_to_char: sp.csr_matrix | None = None
        self._word_idf: NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self._char_idf: NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self._components: NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)
        self._fitted = False

    @property
    def dimension(self) -> int:
        """Length of the vectors ``transform`` returns (0 before ``fit``)."""
        return int(self._components.shape[1])

    def fit(self, texts: Sequence[str]) -> DefaultRepresentation:
        """Learn vocabularies, idf weights and the LSA projection from ``texts``.

        For more than ``fit_sample`` texts, a uniform random sample (seeded) is used. A corpus
        without a single usable word (empty, punctuation only) gives a representation whose
        vectors are all zero.
        """
        self._fit(list(texts))
        return self

    def fit_transform(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """``fit(texts).transform(texts)``, counting the texts once when ``fit`` learns from
        all of them (no more than ``fit_sample``)."""
        corpus = list(texts)
        joined = self._fit(corpus)
        if joined is None:
            return self.transform(corpus)
        return normalise_rows(product(joined, self._components))

    def _fit(self, corpus: list[str]) -> sp.csr_matrix | None:
        """What ``fit`` does; returns the joined TF-IDF rows of ``corpus`` when it learned from
        every text of it (None when it sampled, or found nothing to learn)."""
        sampled = len(corpus) > self.fit_sample
        if sampled:
            rng = np.random.default_rng(self.seed)
            picked = rng.choice(len(corpus), size=self.fit_sample, replace=False)
            corpus = [corpus[i] for i in np.sort(picked)]
        self._fitted = True
        min_df = self.min_df if len(corpus) >= 50 else 1
        tokens = tokenize(corpus)
        if not tokens.words:
            self._components = np.zeros((0, 1), dtype=np.float32)
            return None
        self._type_index = {w: i for i, w in enumerate(tokens.words)}
        n_types = len(tokens.words)
        stop = np.array([w in STOP_WORDS for w in tokens.words], dtype=bool)
        types, df = document_frequency(tokens.docs, tokens.codes)
        frequent = np.zeros(n_types, dtype=bool)
        frequent[types[df >= min_df]] = True
        unigrams = np.flatnonzero(frequent & ~stop)
        self._unigram_of_type = np.full(n_types, -1, dtype=np.int64)
        self._unigram_of_type[unigrams] = np.arange(len(unigrams))
        kept = ~stop[tokens.codes]
        pair_docs, pair_codes = adjacent_pairs(tokens.docs[kept], tokens.codes[kept], n_types)
        bigrams, bigram_df = document_frequency(pair_docs, pair_codes)
        self._bigram_codes = bigrams[bigram_df >= min_df]
        self._n_word_features = len(unigrams) + len(self._bigram_codes)
        chars = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False)
        self._type_to_char = sp.csr_matrix(chars.fit_transform(tokens.words), dtype=np.float32)
        word_counts, char_counts = self._counts(tokens)
        if word_counts is not None:
            self._word_idf = _idf(word_counts)
        self._char_idf = _idf(char_counts)
        joined = self._joined(word_counts, char_counts)
        dims = min(self.dims, joined.shape[1] - 1, joined.shape[0] - 1)
        if dims < 2:
            self._components = np.eye(joined.shape[1], dtype=np.float32)
        else:
            self._components = randomized_lsa(joined, dims, seed=self.seed)
        return None if sampled else joined

    def transform(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised float32 row per text (a zero row when no known word occurs).

        Processed in chunks of 50,000 texts to bound memory.
        """
        corpus = list(texts)
        if not self._fitted:
            raise RuntimeError("DefaultRepresentation.transform called before fit")
        if not self._type_index:
            return np.zeros((len(corpus), self._components.shape[1]), dtype=np.float32)
        parts = []
        for start in range(0, len(corpus), _CHUNK):
            word_counts, char_counts = self._counts(tokenize(corpus[start : start + _CHUNK]))
            joined = self._joined(word_counts, char_counts)
            parts.append(normalise_rows(product(joined, self._components)))
        if not parts:
            return np.zeros((0, self._components.shape[1]), dtype=np.float32)
        return np.vstack(parts)

    def _counts(self, tokens: Tokens) -> tuple[sp.csr_matrix | None, sp.csr_matrix]:
        """Word 1-2-gram counts (None without word features) and character n-gram counts.

        Tokens never seen in ``fit`` count for nothing; bigrams are formed after removing stop
        words, as scikit-learn does, so "card not arrived" gives "card not", "not arrived".
        """
        assert self._type_to_char is not None
        n_types = len(self._type_index)
        known = np.array([self._type_index.get(w, -1) for w in tokens.words], dtype=np.int64)
        types = known[tokens.codes] if len(known) else tokens.codes
        type_counts = count_matrix(tokens.docs, types, tokens.n_docs, n_types)
        char_counts = sp.csr_matrix(type_counts @ self._type_to_char)
        if self._n_word_features == 0:
            return None, char_counts
        local_stop = np.array([w in STOP_WORDS for w in tokens.words], dtype=bool)
        kept = ~local_stop[tokens.codes] if len(local_stop) else np.zeros(0, dtype=bool)
        pair_docs, pair_codes = adjacent_pairs(tokens.docs[kept], types[kept], n_types)
        position = np.searchsorted(self._bigram_codes, pair_codes)
        position = np.minimum(position, max(len(self._bigram_codes) - 1, 0))
        found = (
            self._bigram_codes[position] == pair_codes
            if len(self._bigram_codes)
            else np.zeros(len(pair_codes), dtype=bool)
        )
        n_unigrams = self._n_word_features - len(self._bigram_codes)
        unigram = np.where(types >= 0, self._unigram_of_type[np.maximum(types, 0)], -1)
        docs = np.concatenate([tokens.docs, pair_docs[found]])
        features = np.concatenate([unigram, n_unigrams + position[found]])
        word_counts = count_matrix(docs, features, tokens.n_docs, self._n_word_features)
        return word_counts, char_counts

    def _joined(
        self, word_counts: sp.csr_matrix | None, char_counts: sp.csr_matrix
    ) -> sp.csr_matrix:
        blocks = [_sublinear_tfidf(char_counts, self._char_idf) * np.float32(self.char_weight)]
        if word_counts is not None:
            blocks.insert(0, _sublinear_tfidf(word_counts, self._word_idf))
        return _normalise_rows_sparse(sp.csr_matrix(sp.hstack(blocks, format="csr")))


def _orthonormal(block: NDArray[np.float32]) -> NDArray[np.float32]:
    """Orthonormal columns spanning ``block`` (Gram eigen-decomposition; drops null directions)."""
    gram = block.T.astype(np.float64) @ block.astype(np.float64)
    eigenvalues, eigenvectors = np.linalg.eigh(gram)
    keep = eigenvalues > eigenvalues.max(initial=0.0) * 1e-10
    scale = eigenvectors[:, keep] / np.sqrt(eigenvalues[keep])
    return np.asarray(block @ scale.astype(np.float32), dtype=np.float32)


def randomized_lsa(
    matrix: sp.csr_matrix, dims: int, *, seed: int = 0, n_iter: int = 2, oversample: int = 10
) -> NDArray[np.float32]:
    """The top ``dims`` right singular vectors of a sparse matrix, as columns (features x dims).

    Randomized range finder with ``n_iter`` power iterations (Halko, Martinsson & Tropp,
    2011), each orthonormalised through the eigenvectors of the small Gram matrix (SVQB),
    which is several times cheaper than Householder QR on tall matrices; the projected problem
    is solved the same way, cheaper than a dense SVD of a (dims x features) matrix.
    """
    rng = np.random.default_rng(seed)
    width = min(dims + oversample, min(matrix.shape))
    transposed = sp.csr_matrix(matrix.T)
    basis = product(matrix, rng.standard_normal((matrix.shape[1], width)).astype(np.float32))
    for _ in range(n_iter):
        basis = _orthonormal(basis)
        basis = _orthonormal(product(transposed, basis))
        basis = product(matrix, basis)
    basis = _orthonormal(basis)
    projected = product(transposed, basis).astype(np.float64)  # features x width
    eigenvalues, eigenvectors = np.linalg.eigh(projected.T @ projected)
    top = np.argsort(eigenvalues)[::-1][:dims]
    singular = np.sqrt(np.maximum(eigenvalues[top], 1e-12))
    components = projected @ (eigenvectors[:, top] / singular)
    return np.ascontiguousarray(components, dtype=np.float32)
