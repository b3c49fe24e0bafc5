"""Labels read like a person's key phrase, near-duplicate themes merge, cuts are refined."""

from __future__ import annotations

import numpy as np

from outward.analytics.themes import clustering, discover, discover_themes
from outward.analytics.themes.default_backend import normalise_rows
from outward.analytics.themes.labels import choose_labels, key_phrases, label_key
from outward.analytics.themes.model import KeyPhrase


def test_inflections_share_a_label_key() -> None:
    assert label_key("Thanks") == label_key("thank")
    assert label_key("Worked") == label_key("works") == label_key("working")
    assert label_key("Card not arrived") != label_key("Card arrived")


def test_no_two_labels_differ_only_by_inflection() -> None:
    # Given two themes whose best phrases are "thanks" and "thank"
    phrases: list[tuple[KeyPhrase, ...]] = [
        (KeyPhrase("thanks", 1.0), KeyPhrase("quick reply", 0.3)),
        (KeyPhrase("thank", 1.0), KeyPhrase("thank you spotify", 0.7)),
    ]

    # When labelled
    labels = choose_labels(phrases)

    # Then the second falls back to its next phrase instead of repeating the first
    assert labels == ["Thanks", "Thank You Spotify"]


def test_a_word_on_every_text_never_starts_or_ends_a_label() -> None:
    # Given tweets that all mention the brand's handle
    topics = ["app crashes on login", "refund never came", "parcel arrived broken"]
    texts = [f"acmecares {topic}" for topic in topics for _ in range(6)]
    labels = np.repeat(np.arange(3), 6).astype(np.int64)

    # When key phrases are computed
    phrases = key_phrases(texts, labels, 3)

    # Then no phrase begins or ends with the handle
    for theme in phrases:
        assert theme
        for phrase in theme:
            words = phrase.phrase.split()
            assert words[0] != "acmecares"
            assert words[-1] != "acmecares"


def test_sentence_adverbs_never_start_or_end_a_key_phrase() -> None:
    # Given a theme whose texts all open with "unfortunately" or "definitely"
    texts = [
        f"{adverb} the {item} {problem}"
        for adverb in ["unfortunately", "definitely"]
        for item in ["zipper", "seam"]
        for problem in ["broke after one wash", "came apart quickly"]
    ] * 3
    labels = np.zeros(len(texts), dtype=np.int64)

    # When key phrases are computed
    (phrases,) = key_phrases(texts, labels, 1)

    # Then the adverbs sit at no phrase's edge, and the theme reads by its content
    assert phrases
    for phrase in phrases:
        words = phrase.phrase.split()
        assert words[0] not in {"unfortunately", "definitely"}
        assert words[-1] not in {"unfortunately", "definitely"}


def test_themes_that_read_the_same_and_sit_together_are_merged() -> None:
    # Given two phrasings of the same thanks, next to clearly different complaints
    thanks = [f"thanks {w}" for w in ["a lot", "so much", "again", "guys", "team"]] * 8
    thank = [f"thank you {w}" for w in ["a lot", "so much", "again", "guys", "team"]] * 8
    refund = [f"my refund {w}" for w in ["is late", "never came", "was refused", "is stuck"]] * 10
    login = [f"cannot log in {w}" for w in ["on iphone", "on android", "today", "again"]] * 10

    # When themes are discovered
    model = discover_themes(thanks + thank + refund + login)

    # Then no two labels differ only by inflection
    keys = [label_key(t.label) for t in model.themes]
    assert len(keys) == len(set(keys))
    # and a text of the corpus still gets the theme it was given
    assert np.array_equal(
        model.assign(thanks[:5] + refund[:5]), model.assignments[[*range(5), *range(80, 85)]]
    )


def test_refinement_leaves_every_item_nearest_its_own_centroid() -> None:
    # Given two groups and a cut that put a boundary item in the wrong one
    rng = np.random.default_rng(0)
    centres = normalise_rows(rng.standard_normal((2, 16)))
    which = np.repeat([0, 1], 50)
    vectors = normalise_rows(centres[which] + 0.2 * rng.standard_normal((100, 16)))
    wrong = which.copy()
    wrong[:5] = 1

    # When refined
    labels = clustering.refine(vectors, wrong.astype(np.int64))

    # Then every item is nearest its own group's centroid, and the groups are the planted ones
    centroids = normalise_rows(np.vstack([vectors[labels == j].mean(axis=0) for j in range(2)]))
    assert np.array_equal(np.argmax(vectors @ centroids.T, axis=1), labels)
    assert np.array_equal(labels, which) or np.array_equal(labels, 1 - which)


def test_only_themes_that_read_the_same_and_are_each_others_closest_merge() -> None:
    # Given four themes: "thanks" and "thank" side by side, "refund" apart, and another
    # "thanks" theme far from both
    rng = np.random.default_rng(0)
    axes = normalise_rows(rng.standard_normal((3, 32)))
    centroids = normalise_rows(np.vstack([axes[0], axes[0] + 0.3 * axes[1], axes[1], axes[2]]))
    phrases: list[tuple[KeyPhrase, ...]] = [
        (KeyPhrase("thanks", 1.0),),
        (KeyPhrase("thank", 1.0),),
        (KeyPhrase("refund", 1.0),),
        (KeyPhrase("thanks", 1.0),),
    ]
    local = np.repeat(np.arange(4), 10).astype(np.int64)
    vectors = normalise_rows(centroids[local] + 0.01 * rng.standard_normal((40, 32)))

    # When near-duplicates are merged
    merged = discover._merge_near_duplicates(vectors, local, centroids, phrases)

    # Then the first two become one theme; "refund" and the far "thanks" stay apart
    assert merged is not None
    assert len(merged) == 3
    assert np.argmax(merged @ centroids[0]) == np.argmax(merged @ centroids[1])
    assert len({int(np.argmax(merged @ c)) for c in centroids}) == 3


def test_themes_sharing_only_their_best_phrase_are_not_merged() -> None:
    # Given two neighbouring themes whose best phrase is the same word but whose other key
    # phrases differ (an ATM that refused a card; cash withdrawals at an ATM)
    rng = np.random.default_rng(0)
    axes = normalise_rows(rng.standard_normal((3, 32)))
    centroids = normalise_rows(np.vstack([axes[0], axes[0] + 0.3 * axes[1], axes[2]]))
    phrases: list[tuple[KeyPhrase, ...]] = [
        tuple(KeyPhrase(p, 1.0) for p in ["atm", "card declined", "tried using", "card"]),
        tuple(KeyPhrase(p, 1.0) for p in ["atm", "cash", "withdraw", "atm withdrawal"]),
        (KeyPhrase("refund", 1.0),),
    ]
    local = np.repeat(np.arange(3), 10).astype(np.int64)
    vectors = normalise_rows(centroids[local] + 0.01 * rng.standard_normal((30, 32)))

    # When near-duplicates are merged
    merged = discover._merge_near_duplicates(vectors, local, centroids, phrases)

    # Then nothing is merged: a reader can tell the two ATM themes apart
    assert merged is None


def test_a_single_vague_word_is_never_a_label() -> None:
    # Given themes whose best phrase is a vague word ("long", "money", "got")
    phrases: list[tuple[KeyPhrase, ...]] = [
        (KeyPhrase("long", 1.0), KeyPhrase("hold music", 0.4)),
        (KeyPhrase("money", 1.0), KeyPhrase("refund", 0.5)),
        (KeyPhrase("got", 1.0),),
    ]

    # When labelled
    labels = choose_labels(phrases)

    # Then the next phrase that names a topic is used, else a neutral label
    assert labels == ["Hold Music", "Refund", "Theme 3"]


def test_ids_values_and_people_are_never_labels() -> None:
    phrases: list[tuple[KeyPhrase, ...]] = [
        (KeyPhrase("order 12345", 1.0), KeyPhrase("tracking page", 0.5)),
        (KeyPhrase("mr smith", 1.0), KeyPhrase("rude agent", 0.5)),
        (KeyPhrase("ios 11 update", 1.0),),
    ]

    assert choose_labels(phrases) == ["Tracking Page", "Rude Agent", "Ios 11 Update"]


def test_redaction_masks_never_enter_a_key_phrase() -> None:
    # Given complaints whose names and dates were masked by the export
    texts = [f"XXXX XXXX at the bank charged a late fee on XX/XX/XXXX {n}" for n in range(6)] + [
        f"my card was declined at the XXXX store again {n}" for n in range(6)
    ]
    labels = np.repeat(np.arange(2), 6).astype(np.int64)

    # When key phrases are computed
    phrases = key_phrases([t.lower() for t in texts], labels, 2)

    # Then no phrase holds a mask
    words = {w for theme in phrases for p in theme for w in p.phrase.split()}
    assert words
    assert not {w for w in words if set(w) == {"x"}}
