"""Sparse-times-dense products in threads give exactly the single-threaded product."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from outward.analytics import sparse


@pytest.mark.parametrize("workers", [1, 2, 3, 7])
@pytest.mark.parametrize(("rows", "density"), [(1, 0.5), (5, 0.0), (40, 0.05), (301, 0.3)])
def test_banded_product_is_bitwise_the_plain_product(
    monkeypatch: pytest.MonkeyPatch, workers: int, rows: int, density: float
) -> None:
    # Given a sparse matrix (some rows empty) and a dense block, and any number of cores
    matrix = sp.random(rows, 50, density=density, format="csr", dtype=np.float32, random_state=1)
    dense = np.random.default_rng(2).standard_normal((50, 9)).astype(np.float32)
    monkeypatch.setattr(sparse, "threads", lambda: workers)
    monkeypatch.setattr(sparse, "MIN_PARALLEL_WORK", 0)

    # When multiplied in row bands
    result = sparse.product(matrix, dense)

    # Then the result is the plain product, bit for bit, in its dtype
    expected = np.asarray(matrix @ dense)
    assert result.dtype == expected.dtype
    assert np.array_equal(result, expected)


def test_a_float64_block_gives_a_float64_product() -> None:
    matrix = sp.csr_matrix(np.eye(3, dtype=np.float32))
    dense = np.arange(6, dtype=np.float64).reshape(3, 2)

    assert sparse.product(matrix, dense).dtype == np.float64
