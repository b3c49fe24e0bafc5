"""The fitted engine model of a run: stored in the database, loaded once per process.

A run's model is immutable once stored, so a worker keeps the last one it loaded (keyed by
run id) instead of reading and unpickling tens of megabytes per batch of new items. The
pickle is our own, written by the refit into our own database (never from user input).
"""

from __future__ import annotations

import io
import pickle
import zlib
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from outward.analytics.themes import ThemeModel
from outward.insights.models import AnalysisRun

ENGINE_VERSION = "outward-themes-1"


def dump_model(model: ThemeModel) -> bytes:
    return zlib.compress(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), 1)


def load_model(run_id: int) -> ThemeModel | None:
    """The run's model (read and unpickled once per process and run), None before its fit."""
    stamp = AnalysisRun.objects.filter(pk=run_id).values_list("queued_at", flat=True).first()
    if stamp is None:
        return None
    try:
        return _load(run_id, stamp.isoformat())
    except LookupError:  # not fitted yet: nothing cached, so the fit is seen once stored
        return None


@lru_cache(maxsize=2)
def _load(run_id: int, queued_at: str) -> ThemeModel:
    # Keyed by the run's queue time too: an id can come back after runs are deleted (SQLite
    # reuses the highest ids), and a cached model must never stand in for another run's.
    blob = AnalysisRun.objects.filter(pk=run_id).values_list("model", flat=True).first()
    if blob is None:
        raise LookupError(run_id)
    model = pickle.loads(zlib.decompress(bytes(blob)))  # noqa: S301 (our own refit's output)
    assert isinstance(model, ThemeModel)
    return model


def dump_fitted(item_ids: list[str], engine_ids: NDArray[np.int64]) -> bytes:
    """The fit's item -> engine theme assignments, compact (16-byte ids), for the switch."""
    buffer = io.BytesIO()
    raw = b"".join(bytes.fromhex(i.replace("-", "")) for i in item_ids)
    ids = np.frombuffer(raw, dtype=np.uint8).reshape(len(item_ids), 16)
    np.savez_compressed(buffer, ids=ids, themes=engine_ids.astype(np.int64))
    return buffer.getvalue()


def load_fitted(blob: bytes) -> tuple[list[str], NDArray[np.int64]]:
    with np.load(io.BytesIO(blob)) as data:
        ids = [row.tobytes().hex() for row in data["ids"]]
        return ids, np.asarray(data["themes"], dtype=np.int64)
