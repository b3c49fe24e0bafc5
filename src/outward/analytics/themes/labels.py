"""Human-readable labels, key phrases and representative quotes for themes.

Key phrases: class-based TF-IDF (c-TF-IDF, as in BERTopic) over word 1- to 3-grams. All the
texts of a theme are treated as one document; a phrase's weight in theme c is
``tf(t, c) * log(1 + A / f(t))`` where ``tf(t, c)`` is its frequency in c divided by the number
of phrases in c, ``A`` the average number of phrases per theme, and ``f(t)`` its frequency in
all themes. Phrases that start or end with a stop word or a sentence adverb ("unfortunately",
"definitely": they colour a text but name no topic), consist only of digits, or occur in fewer
than two texts of the theme are discarded, so what remains reads like something a person would
write ("card not arrived", "exchange rate"). Two- and three-word phrases get a 1.3 boost (a
phrase says more than a word). A phrase wholly contained in a better-ranked one is dropped.

Words found in at least half of the texts of nearly every theme (a brand's @handle on every
tweet to its support account) and web-address fragments ("https", "co") tell no theme from
another: they may sit inside a phrase but not at its edges, so "spotifycares thanks" gives way
to "thanks".

Label: the best multi-word phrase if its weight is at least 60% of the best phrase's weight,
else the best phrase; title-cased; made unique across themes by trying the next phrases, where
two labels count as the same when they differ only by inflection ("Thanks" / "Thank", "Worked"
/ "Works": compared word by word after a light suffix stripping, ``label_key``). A phrase that
names no topic is never a label, though it may stay a key phrase: a single vague word ("Long",
"Money", "Way", "Got") or only vague words ("Little Bit"), an id or a value (a word with
three digits or more: "Order 12345"; a number first: "99 Per Month"), a person ("Mr Smith").
A theme with no other phrase is labelled "Theme <n>".

Redaction masks ("XXXX", "XX/XX/2024", "[REDACTED]") are never part of a key phrase.

Quotes: the theme's distinct texts (case and spaces ignored) most cosine-similar to the
centroid, preferring texts of at most 240 characters (longer ones are cut at a word boundary).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import CountVectorizer

from outward.analytics.themes.default_backend import STOP_WORDS
from outward.analytics.themes.model import KeyPhrase
from outward.analytics.themes.tokens import TOKEN_PATTERN, ngram_counts

N_KEY_PHRASES = 10
N_QUOTES = 3
MAX_QUOTE_CHARS = 240
PHRASE_BOOST = 1.3
LABEL_PHRASE_RATIO = 0.6
_MAX_CANDIDATES = 500
_NEGATIONS = frozenset({"not", "no", "nor", "cannot"})  # fine first ("not delivered"), not last
# Auxiliaries and contraction stubs ("didn" of "didn't") read badly at a phrase's edge.
_EDGE_STOP_WORDS = STOP_WORDS | {
    "did",
    "does",
    "doing",
    "didn",
    "doesn",
    "don",
    "isn",
    "wasn",
    "weren",
    "hasn",
    "haven",
    "hadn",
    "won",
    "wouldn",
    "shouldn",
    "couldn",
    "aren",
    "ll",
    "ve",
    "re",
    "im",
    "ive",
    "dont",
    "cant",
    "want",
    "need",
    "like",
    "just",
    "really",
    "also",
    "please",
    "hi",
    "hello",
    # Sentence adverbs: they colour a text but name no topic ("Unfortunately" was a label).
    "unfortunately",
    "definitely",
    "absolutely",
    "honestly",
    "actually",
    "literally",
    "totally",
    "basically",
    "seriously",
    "probably",
    "maybe",
    "usually",
    "overall",
    "especially",
    "http",
    "https",
    "www",
    "co",
    "com",
}
UBIQUITOUS_SHARE = 0.5
_DIGITS = re.compile(r"^[\d\s]+$")
# Exports mask personal data: CFPB narratives write XXXX for names and XX/XX/XXXX for dates,
# the Twitter support corpus __email__ for addresses.
_MASK = re.compile(r"^(?:x{2,}|redacted|removed|_+[a-z]+_+)$")
# Single words that name no topic on their own (seen as labels on real data).
_VAGUE_WORDS = frozenset(
    [
        "long",
        "short",
        "way",
        "money",
        "time",
        "times",
        "thing",
        "things",
        "stuff",
        "lot",
        "bit",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "got",
        "get",
        "gets",
        "getting",
        "make",
        "made",
        "makes",
        "know",
        "knew",
        "said",
        "say",
        "says",
        "told",
        "tell",
        "going",
        "went",
        "come",
        "came",
        "good",
        "great",
        "bad",
        "better",
        "best",
        "worse",
        "new",
        "old",
        "right",
        "sure",
        "ok",
        "okay",
        "yes",
        "yeah",
        "people",
        "person",
        "someone",
        "anyone",
        "help",
        "use",
        "used",
        "using",
        "work",
        "working",
        "number",
        "many",
        "much",
        "little",
        "big",
        "small",
        "fine",
        "nice",
        "sent",
        "send",
        "ago",
        "look",
        "looks",
        "looking",
        "happening",
        "happened",
        "try",
        "tried",
        "trying",
        "think",
        "thought",
        "mean",
        "hope",
        "check",
        "checked",
        "different",
        "wait",
        "waiting",
        "talking",
        "change",
        "expected",
        "easily",
        "underneath",
        "purchased",
        "ordered",
        "bought",
        "wear",
        "wearing",
        "review",
        "reviews",
        "problem",
        "problems",
        "issue",
        "issues",
        "reply",
        "response",
        "answer",
        "sorry",
        "nope",
        "alright",
        "cool",
        "awesome",
        "stupid",
        "asap",
        "hurry",
        "appreciate",
        "news",
        "doesnt",
        "dont",
        "didnt",
        "cant",
        "wont",
        "having",
        "feel",
        "feels",
        "read",
        "soon",
        "happens",
    ]
)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam"})
_ID = re.compile(r"\d.*\d.*\d")


@dataclass(frozen=True, slots=True)
class PhraseCounts:
    """How often each candidate phrase (1- to 3-grams) occurs in each text: counted once per
    corpus, then weighed for any labelling of its texts (``key_phrases_of``). What does not
    depend on the labelling is kept too: which texts hold each phrase, each phrase's first
    and last word and word count, and whether it reads well at its edges (``_readable``)."""

    counts: sp.csr_matrix  # texts x phrases
    names: NDArray[np.str_]
    present: sp.csr_matrix  # texts x phrases, 1 where the text holds the phrase
    first: NDArray[np.str_]
    last: NDArray[np.str_]
    n_words: NDArray[np.int64]
    readable: NDArray[np.bool_]

    @classmethod
    def of(cls, counts: sp.csr_matrix, names: Sequence[str]) -> PhraseCounts:
        """The counts of the phrases ``names`` (columns of ``counts``, one stored entry per text
        and phrase, as ``ngram_counts`` and ``CountVectorizer`` give them), with their edges."""
        split = [str(p).split(" ") for p in names]
        present = sp.csr_matrix(
            (np.ones(counts.nnz, dtype=np.float32), counts.indices, counts.indptr),
            shape=counts.shape,
        )
        return cls(
            counts=counts,
            names=np.array(names, dtype=str),
            present=present,
            first=np.array([w[0] for w in split], dtype=str),
            last=np.array([w[-1] for w in split], dtype=str),
            n_words=np.array([len(w) for w in split], dtype=np.int64),
            readable=np.array([_readable(w) for w in split], dtype=bool),
        )


def count_phrases(texts: Sequence[str]) -> PhraseCounts | None:
    """The phrase counts of ``texts``; None when no text has a word."""
    if not texts:
        return None
    min_df = 2 if len(texts) >= 50 else 1  # a phrase must occur twice in a theme anyway
    try:
        counts, names = ngram_counts(texts, max_n=3, min_df=min_df)
    except OverflowError:  # millions of distinct words: scikit-learn's slower counting
        vectorizer = CountVectorizer(
            token_pattern=TOKEN_PATTERN, ngram_range=(1, 3), min_df=min_df, dtype=np.float32
        )
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # nothing left after min_df
            return None
        counts, names = sp.csr_matrix(matrix), list(vectorizer.get_feature_names_out())
    if not names:
        return None
    return PhraseCounts.of(counts, names)


def key_phrases(
    texts: Sequence[str], labels: NDArray[np.int64], n_themes: int
) -> list[tuple[KeyPhrase, ...]]:
    """The top key phrases of each theme 0..n_themes-1 by c-TF-IDF (see the module docstring).

    ``labels`` holds each text's theme index; negative labels ("other") are ignored. A theme
    without usable phrases gets an empty tuple.
    """
    keep = labels >= 0
    docs = [t for t, k in zip(texts, keep, strict=True) if k]
    return key_phrases_of(count_phrases(docs), labels[keep], n_themes)


def key_phrases_of(
    phrases: PhraseCounts | None, labels: NDArray[np.int64], n_themes: int
) -> list[tuple[KeyPhrase, ...]]:
    """``key_phrases`` from counted phrases (one label per counted text, -1 ignored)."""
    result: list[tuple[KeyPhrase, ...]] = [() for _ in range(n_themes)]
    keep = labels >= 0
    if phrases is None or n_themes == 0 or not keep.any():
        return result
    rows = np.flatnonzero(keep)
    counts, present, names = phrases.counts[rows], phrases.present[rows], phrases.names
    member = labels[keep]
    one_hot = sp.csr_matrix(
        (np.ones(len(member), dtype=np.float32), (member, np.arange(len(member)))),
        shape=(n_themes, len(member)),
    )
    per_theme = np.asarray((one_hot @ counts).todense(), dtype=np.float64)
    doc_freq = np.asarray((one_hot @ present).todense())
    sizes = np.bincount(member, minlength=n_themes)
    ubiquitous = _ubiquitous_words(phrases, doc_freq, sizes)
    at_edge = np.isin(phrases.first, ubiquitous) | np.isin(phrases.last, ubiquitous)
    usable = phrases.readable & ~at_edge
    totals = per_theme.sum(axis=1, keepdims=True)
    tf = np.divide(per_theme, totals, out=np.zeros_like(per_theme), where=totals > 0)
    frequency = per_theme.sum(axis=0)
    average = float(totals.mean())
    idf = np.log1p(np.divide(average, frequency, out=np.zeros_like(frequency), where=frequency > 0))
    weights = tf * idf * np.where(phrases.n_words > 1, PHRASE_BOOST, 1.0) * usable
    weights[doc_freq < 2] = 0.0
    for theme in range(n_themes):
        result[theme] = _top(weights[theme], names, N_KEY_PHRASES)
    return result


def _ubiquitous_words(
    phrases: PhraseCounts, doc_freq: NDArray[np.float64], sizes: NDArray[np.int64]
) -> NDArray[np.str_]:
    """Words in at least ``UBIQUITOUS_SHARE`` of the texts of at least 3/4 of the themes
    (with 3 themes or more): spread over everything, they tell no theme apart."""
    present = sizes > 0
    if present.sum() < 3:
        return phrases.names[:0]
    share = doc_freq[present] / sizes[present, np.newaxis]
    spread = (share >= UBIQUITOUS_SHARE).mean(axis=0) >= 0.75
    words: NDArray[np.str_] = phrases.names[(phrases.n_words == 1) & spread]
    return words


def _readable(words: list[str]) -> bool:
    """Whether a phrase (its words) reads well at its edges: no stop word, auxiliary or web
    fragment first or last, no negation last, not only digits, no redaction mask at all."""
    return (
        words[0] not in _EDGE_STOP_WORDS
        and words[-1] not in _EDGE_STOP_WORDS
        and words[-1] not in _NEGATIONS
        and not _DIGITS.match(" ".join(words))
        and not any(_MASK.match(word) for word in words)
    )


def names_a_topic(phrase: str) -> bool:
    """Whether a key phrase may be a label: not one vague word, no id or value, no person."""
    words = phrase.lower().split()
    if all(word in _VAGUE_WORDS or word in _EDGE_STOP_WORDS for word in words):
        return False  # "long", "little bit"
    if words[0].isdigit():
        return False  # "99 per month", a value more than a topic
    return not any(_ID.search(word) or word in _HONORIFICS for word in words)


def _top(weights: NDArray[np.float64], names: NDArray[np.str_], n: int) -> tuple[KeyPhrase, ...]:
    order = np.argsort(-weights, kind="stable")[: n * 4]
    chosen: list[KeyPhrase] = []
    for index in order:
        weight = float(weights[index])
        if weight <= 0 or len(chosen) == n:
            break
        phrase = str(names[index])
        padded = f" {phrase} "
        if any(padded in f" {c.phrase} " for c in chosen):
            continue
        chosen.append(KeyPhrase(phrase, round(weight, 6)))
    return tuple(chosen)


def choose_labels(phrases: Sequence[tuple[KeyPhrase, ...]]) -> list[str]:
    """A short title-cased label per theme, distinct across themes (see the module docstring).

    A theme without a key phrase that names a topic is labelled "Theme <n>" (1-based
    position); one whose phrases are all taken is labelled with its best one and <n>.
    """
    used: set[str] = set()
    labels: list[str] = []
    for position, candidates in enumerate(phrases, start=1):
        label = ""
        usable = [p for p in _label_order(candidates) if names_a_topic(p)]
        for phrase in usable:
            if label_key(phrase) not in used:
                label = _title(phrase)
                break
        if not label:
            base = _title(usable[0]) if usable else "Theme"
            label = f"{base} {position}"
        used.add(label_key(label))
        labels.append(label)
    return labels


def label_key(phrase: str) -> str:
    """A phrase compared up to case and inflection: each word lower-cased and stripped of a
    plural or verb ending ("Thanks" and "thank", "worked" and "works" give the same key).

    Deliberately crude (no dictionary): it strips "ies" to "y", a final "s" (not "ss", "us",
    "is"), and "ing" or "ed" when at least four letters remain; it only decides whether two
    labels would read as the same, never what is shown.
    """
    return " ".join(_stem(word) for word in phrase.lower().split())


def _stem(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _label_order(candidates: tuple[KeyPhrase, ...]) -> list[str]:
    if not candidates:
        return []
    best = candidates[0].weight
    multi = [
        c.phrase for c in candidates if " " in c.phrase and c.weight >= LABEL_PHRASE_RATIO * best
    ]
    rest = [c.phrase for c in candidates if c.phrase not in multi]
    return multi + rest


def _title(phrase: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in phrase.split(" "))


def representative_quotes(
    texts: Sequence[str],
    similarities: NDArray[np.float32],
    n: int = N_QUOTES,
) -> tuple[str, ...]:
    """Up to ``n`` distinct texts, most similar to the centroid first.

    ``similarities`` are the texts' cosine similarities to their theme's centroid. Texts longer
    than ``MAX_QUOTE_CHARS`` are used only when too few shorter ones exist, then cut at a word
    boundary with an ellipsis. Blank texts are never quoted.
    """
    order = np.argsort(-similarities, kind="stable")
    short: list[str] = []
    long: list[str] = []
    seen: set[str] = set()
    for index in order[:_MAX_CANDIDATES]:
        text = str(texts[index]).strip()
        key = " ".join(text.lower().split())
        if not key or key in seen:
            continue
        seen.add(key)
        (short if len(text) <= MAX_QUOTE_CHARS else long).append(text)
        if len(short) == n:
            break
    quotes = short + [_cut(t) for t in long[: n - len(short)]]
    return tuple(quotes[:n])


def _cut(text: str) -> str:
    head = text[: MAX_QUOTE_CHARS - 1]
    space = head.rfind(" ")
    if space > MAX_QUOTE_CHARS // 2:
        head = head[:space]
    return head.rstrip() + "…"
