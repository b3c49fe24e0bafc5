"""Sparse-times-dense products on every core.

scipy multiplies a CSR matrix by a dense block on one thread, but releases the GIL while it
does; each output row depends only on its own input row. So ``product`` cuts the rows into
one band per core, balanced by stored entries, and multiplies the bands in threads: the
result is bitwise the same as ``matrix @ dense``, in about 1 / cores of the time (the LSA
of the default text representation spends most of its time in these products).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

MIN_PARALLEL_WORK = 2_000_000
"""Stored entries x dense columns below which one thread is used (threads cost ~0.1 ms)."""


def threads() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def product(matrix: sp.csr_matrix, dense: NDArray[np.floating]) -> NDArray[np.floating]:
    """``matrix @ dense`` for a CSR ``matrix`` and a 2-D ``dense`` block, in row bands
    multiplied in parallel threads (see the module docstring)."""
    workers = threads()
    rows = int(matrix.shape[0])
    if workers == 1 or rows < 2 * workers or matrix.nnz * dense.shape[1] < MIN_PARALLEL_WORK:
        return np.asarray(matrix @ dense)
    # Band edges where the cumulative count of stored entries crosses each 1/workers share.
    shares = np.linspace(0, matrix.nnz, workers + 1)[1:-1]
    edges = [0, *np.searchsorted(matrix.indptr, shares).tolist(), rows]
    dtype = np.result_type(matrix.dtype, dense.dtype)
    out = np.empty((rows, dense.shape[1]), dtype=dtype)

    def band(start: int, stop: int) -> None:
        if stop > start:
            out[start:stop] = matrix[start:stop] @ dense

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(band, a, b) for a, b in pairwise(edges)]:
            future.result()
    return out
