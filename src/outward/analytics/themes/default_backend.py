"""The default text representation: word and character n-gram TF-IDF, reduced by LSA.

Needs no torch and no downloaded weights; everything is learned from the corpus itself.

Method
------
1. Words: lower-cased tokens of two or more word characters. Word features are TF-IDF over
   unigrams and bigrams (sublinear tf, smooth idf, English stop words removed except the
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
   ``fit_sample`` texts for large corpora). Rows are L2-normalised, so cosine = dot product.

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

_NEGATIONS = frozenset({"not", "no", "nor", "cannot"})
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) - _NEGATIONS
"""English stop words without the negations; shared with the labelling of themes."""

TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # noqa: S105 (a regex, not a password)
_CHUNK = 50_000


def _sublinear_tfidf(counts: sp.csr_matrix, idf: NDArray[np.float32]) -> sp.csr_matrix:
    """(1 + log tf) * idf, rows L2-normalised; empty rows stay zero."""
    out = counts.astype(np.float32, copy=True).tocsr()
    np.log(out.data, out=out.data)
    out.data += 1.0
    out = sp.csr_matrix(out.multiply(idf[np.newaxis, :]))
    return _normalise_rows_sparse(out)


def _normalise_rows_sparse(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ matrix)


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
        fit_sample: int = 50_000,
        seed: int = 0,
    ) -> None:
        self.dims = dims
        self.char_weight = char_weight
        self.min_df = min_df
        self.fit_sample = fit_sample
        self.seed = seed
        self._words: CountVectorizer | None = None
        self._types: CountVectorizer | None = None
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
        corpus = list(texts)
        if len(corpus) > self.fit_sample:
            rng = np.random.default_rng(self.seed)
            picked = rng.choice(len(corpus), size=self.fit_sample, replace=False)
            corpus = [corpus[i] for i in np.sort(picked)]
        self._fitted = True
        min_df = self.min_df if len(corpus) >= 50 else 1
        self._words, word_counts = _fit_vectorizer(
            corpus, ngram_range=(1, 2), min_df=min_df, stop_words=sorted(STOP_WORDS)
        )
        self._types, type_counts = _fit_vectorizer(
            corpus, ngram_range=(1, 1), min_df=1, stop_words=None
        )
        if self._types is None or type_counts is None:
            self._components = np.zeros((0, 1), dtype=np.float32)
            return self
        type_names = self._types.get_feature_names_out().tolist()
        chars = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False)
        self._type_to_char = sp.csr_matrix(chars.fit_transform(type_names), dtype=np.float32)
        char_counts = sp.csr_matrix(type_counts @ self._type_to_char)
        if word_counts is not None:
            self._word_idf = _idf(word_counts)
        self._char_idf = _idf(char_counts)
        joined = self._joined(word_counts, char_counts)
        dims = min(self.dims, joined.shape[1] - 1, joined.shape[0] - 1)
        if dims < 2:
            self._components = np.eye(joined.shape[1], dtype=np.float32)
            return self
        self._components = randomized_lsa(joined, dims, seed=self.seed)
        return self

    def transform(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised float32 row per text (a zero row when no known word occurs).

        Processed in chunks of 50,000 texts to bound memory.
        """
        corpus = list(texts)
        if not self._fitted:
            raise RuntimeError("DefaultRepresentation.transform called before fit")
        if self._types is None:
            return np.zeros((len(corpus), self._components.shape[1]), dtype=np.float32)
        parts = []
        for start in range(0, len(corpus), _CHUNK):
            chunk = corpus[start : start + _CHUNK]
            word_counts, char_counts = self._counts(chunk)
            joined = self._joined(word_counts, char_counts)
            parts.append(normalise_rows(np.asarray(joined @ self._components)))
        if not parts:
            return np.zeros((0, self._components.shape[1]), dtype=np.float32)
        return np.vstack(parts)

    def _counts(self, texts: list[str]) -> tuple[sp.csr_matrix | None, sp.csr_matrix]:
        assert self._types is not None
        assert self._type_to_char is not None
        word_counts = (
            sp.csr_matrix(self._words.transform(texts)) if self._words is not None else None
        )
        type_counts = sp.csr_matrix(self._types.transform(texts), dtype=np.float32)
        char_counts = sp.csr_matrix(type_counts @ self._type_to_char)
        return word_counts, char_counts

    def _joined(
        self, word_counts: sp.csr_matrix | None, char_counts: sp.csr_matrix
    ) -> sp.csr_matrix:
        blocks = [_sublinear_tfidf(char_counts, self._char_idf) * np.float32(self.char_weight)]
        if word_counts is not None:
            blocks.insert(0, _sublinear_tfidf(word_counts, self._word_idf))
        return _normalise_rows_sparse(sp.csr_matrix(sp.hstack(blocks, format="csr")))


def _fit_vectorizer(
    texts: list[str],
    *,
    ngram_range: tuple[int, int],
    min_df: int,
    stop_words: list[str] | None,
) -> tuple[CountVectorizer | None, sp.csr_matrix | None]:
    """A fitted CountVectorizer and the counts of ``texts``; (None, None) without any token."""
    vectorizer = CountVectorizer(
        token_pattern=TOKEN_PATTERN,
        ngram_range=ngram_range,
        min_df=min_df,
        stop_words=stop_words,
        dtype=np.float32,
    )
    try:
        counts = sp.csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # empty vocabulary: no text has a word, or all are stop words
        return None, None
    return vectorizer, counts


def _orthonormal(block: NDArray[np.float32]) -> NDArray[np.float32]:
    """Orthonormal columns spanning ``block`` (Gram eigen-decomposition; drops null directions)."""
    gram = block.T.astype(np.float64) @ block.astype(np.float64)
    eigenvalues, eigenvectors = np.linalg.eigh(gram)
    keep = eigenvalues > eigenvalues.max(initial=0.0) * 1e-10
    scale = eigenvectors[:, keep] / np.sqrt(eigenvalues[keep])
    return np.asarray(block @ scale.astype(np.float32), dtype=np.float32)


def randomized_lsa(
    matrix: sp.csr_matrix, dims: int, *, seed: int = 0, n_iter: int = 4, oversample: int = 10
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
    basis = np.asarray(matrix @ rng.standard_normal((matrix.shape[1], width)).astype(np.float32))
    for _ in range(n_iter):
        basis = _orthonormal(basis)
        basis = _orthonormal(np.asarray(transposed @ basis))
        basis = np.asarray(matrix @ basis)
    basis = _orthonormal(basis)
    projected = np.asarray(transposed @ basis, dtype=np.float64)  # features x width
    eigenvalues, eigenvectors = np.linalg.eigh(projected.T @ projected)
    top = np.argsort(eigenvalues)[::-1][:dims]
    singular = np.sqrt(np.maximum(eigenvalues[top], 1e-12))
    components = projected @ (eigenvectors[:, top] / singular)
    return np.ascontiguousarray(components, dtype=np.float32)
