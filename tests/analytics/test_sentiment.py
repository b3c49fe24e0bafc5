"""Lexicon sentiment: rules read as specifications, plus properties over any input."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from outward.analytics.lexicon.general_words import general_words
from outward.analytics.lexicon.sentiment_phrases import NEGATORS
from outward.analytics.lexicon.sentiment_words import _GROUPS, WORDS
from outward.analytics.sentiment import (
    POSITIVE_THRESHOLD,
    SentimentResult,
    _HashTable,
    analyze_sentiment,
    load_lexicon,
    score_texts,
    sentence_sentiment,
    sentiment_labels,
)
from outward.analytics.textnorm import token_keys


def score(text: str) -> float:
    return float(score_texts([text])[0])


def test_negation_flips_sentiment() -> None:
    assert score("not good") < 0 < score("good")
    assert score("the staff were not helpful at all") < 0


def test_negation_stops_at_the_end_of_the_clause() -> None:
    assert score("not sure, but it was great") > 0


def test_intensifier_strengthens_and_dampener_weakens() -> None:
    assert score("very good") > score("good") > score("slightly good") > 0


def test_negation_scope_counts_words_outside_the_lexicon() -> None:
    # Words the lexicon does not know are dropped before the context rules, yet still count
    # towards the three-token negation scope.
    assert score("not zorp zorp good") < 0
    assert score("not zorp zorp zorp good") == score("good")


def test_intensifier_two_words_before_counts_half() -> None:
    assert score("extremely good") > score("extremely zorp good") > score("good")
    assert score("extremely, good") == score("good")


def test_exclamation_and_caps_emphasise() -> None:
    assert score("The service was good!!!") > score("The service was good")
    assert score("The service was GOOD") > score("The service was good")


def test_a_text_all_in_caps_gets_no_emphasis() -> None:
    assert score("THE SERVICE WAS GOOD") == score("the service was good")
    scores = score_texts(["THE SERVICE WAS GOOD", "the service was GOOD"])
    assert scores[1] > scores[0]


def test_emoji_and_emoticons_carry_sentiment() -> None:
    assert score("😡") < 0 < score("👍")
    assert score("ok :(") < 0 < score("ok :)")
    assert score("❤️") > 0


def test_customer_service_idioms() -> None:
    assert score("still waiting for my refund") < 0
    assert score("third time I call about this") < 0
    assert score("no one got back to me") < 0
    assert score("waste of time, never again") < 0
    assert score("I want to cancel my subscription") < 0
    assert score("she went above and beyond") > 0
    assert score("they sorted it out in a day") > 0


def test_clause_after_but_outweighs_the_one_before() -> None:
    assert score("The colour is nice but the fabric is itchy") < 0
    assert score("The fabric is itchy but the colour is nice") > 0


def test_missing_and_empty_texts_score_zero() -> None:
    scores = score_texts([None, float("nan"), "", "   "])
    np.testing.assert_array_equal(scores, np.zeros(4, dtype=np.float32))


def test_no_texts_give_an_empty_array() -> None:
    assert score_texts([]).shape == (0,)


def test_identical_texts_score_identically() -> None:
    scores = score_texts(["Lovely staff, quick delivery"] * 50)
    assert np.all(scores == scores[0])
    assert scores[0] > 0


def test_non_english_text_is_neutral() -> None:
    assert score("这是一个测试 没有情感词 / это просто текст") == 0.0


def test_long_text_stays_in_range_and_keeps_its_sign() -> None:
    text = "The delivery was terrible and late. " * 300
    assert len(text) > 10_000
    assert -1.0 <= score(text) < -0.5


def test_labels_use_the_vader_cut_offs() -> None:
    labels = sentiment_labels(np.array([-0.5, -0.05, 0.0, 0.05, 0.5]))
    assert labels.tolist() == ["negative", "neutral", "neutral", "neutral", "positive"]


def test_long_items_get_sentence_scores() -> None:
    long_text = "Great dress. " + "The zip broke after one wear and I am upset. " * 8
    result = analyze_sentiment(["Short and sweet, love it", long_text])
    assert isinstance(result, SentimentResult)
    assert result.sentences is not None
    assert set(result.sentences.item_index.tolist()) == {1}
    first = result.sentences.sentence.index("Great dress.")
    assert result.sentences.score[first] > 0
    assert result.sentences.score.min() < 0
    assert result.to_dict()["labels"] == ["positive", "negative"]


def test_sentence_sentiment_splits_every_text() -> None:
    scores = sentence_sentiment(["Good. Bad!", None, "Fine"])
    assert scores.item_index.tolist() == [0, 0, 2]
    assert scores.sentence == ("Good.", "Bad!", "Fine")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=300)), max_size=20))
def test_any_texts_give_bounded_scores_of_the_same_length(texts: list[str | None]) -> None:
    scores = score_texts(texts)
    assert scores.shape == (len(texts),)
    assert not np.isnan(scores).any()
    assert np.all((scores >= -1.0) & (scores <= 1.0))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcdeginorstuvwy !.,':)(😡👍", max_size=80), min_size=1))
def test_scoring_one_text_alone_equals_scoring_it_in_a_batch(texts: list[str]) -> None:
    batch = score_texts(texts)
    alone = np.array([score_texts([t])[0] for t in texts])
    np.testing.assert_allclose(batch, alone, atol=1e-6)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="abcdeginorstuvwy !.,':)(😡👍", max_size=80), max_size=30))
def test_chunk_size_does_not_change_scores(texts: list[str]) -> None:
    np.testing.assert_array_equal(score_texts(texts, chunk=3), score_texts(texts))


def test_lexicon_loads_once_and_scoring_needs_no_explicit_load() -> None:
    load_lexicon()
    load_lexicon()
    assert score("good") > 0


def test_lexicon_entries_hash_as_if_tokenized_one_by_one() -> None:
    entries = ["went above and beyond", "can't", ":)", "!", "i <3 it", "café", "a-ok"]
    together = token_keys(entries, emoticons=[":)", "<3"])
    for entry in entries:
        assert together[entry] == token_keys([entry], emoticons=[":)", "<3"])[entry]
    assert len(together["went above and beyond"]) == 4
    assert len(together["a-ok"]) == 3


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.integers(1, 2**64 - 1), st.integers(0, 10**6), max_size=300),
    st.lists(st.integers(0, 2**64 - 1), max_size=50),
)
def test_hash_table_finds_every_key_and_nothing_else(
    entries: dict[int, int], others: list[int]
) -> None:
    table = _HashTable.build(list(entries), list(entries.values()), missing=-1)
    queries = [*entries, *others, 0]
    found = table.get(np.array(queries, dtype=np.uint64))
    assert found.tolist() == [entries.get(k, -1) for k in queries]


def test_hash_table_probes_past_colliding_keys() -> None:
    # Two thousand random keys in 16,384 slots: some share a first slot and must probe on.
    keys = np.random.default_rng(0).integers(1, 2**63, 2000).tolist()
    table = _HashTable.build(keys, list(range(len(keys))), missing=-1)
    assert table.probes > 1
    queries = np.array([*keys, 2**63, 2**64 - 1], dtype=np.uint64)
    assert table.get(queries).tolist() == [*range(len(keys)), -1, -1]


def test_everyday_complaint_words_are_negative() -> None:
    texts = [
        "This app sucks, wtf",
        "Damn, the card was declined again",
        "I fear they lost my card",
        "Stupid update, everything is blocked",
    ]

    assert (score_texts(texts) < 0).all()


def test_every_lexicon_word_has_one_weight() -> None:
    words = [w for block in _GROUPS.values() for w in block.split()]

    assert len(words) == len(set(words))


def test_everyday_words_outside_our_lexicon_are_rated_by_the_general_one() -> None:
    assert "hilarious" not in WORDS
    assert "gloomy" not in WORDS

    assert score("That was hilarious") > 0
    assert score("A gloomy, depressing week") < 0


def test_our_lexicon_wins_where_both_rate_a_word() -> None:
    # VADER rates "like" 2.0; ours reads it as a mild 0.8 ("looks like", "like a tent").
    assert general_words()["like"] > WORDS["like"]

    assert score("I like it") < score("I enjoy it")


def test_a_request_to_a_company_is_not_praise() -> None:
    requests = [
        "Please help, I want to top up my card",
        "Can you support me to create a free account?",
        "I need to pay my credit card bill, please",
    ]

    assert (np.abs(score_texts(requests)) < POSITIVE_THRESHOLD).all()


def test_modifiers_keep_their_rules_rather_than_a_general_weight() -> None:
    # VADER rates "no" -1.2 as a word; here it is a negator: "no problem" is good news.
    assert "no" not in general_words(frozenset(NEGATORS))

    assert score("No problem at all") > 0
