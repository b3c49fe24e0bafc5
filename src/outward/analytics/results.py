"""The base of every analytics result: a frozen dataclass that serialises to plain JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

Column: TypeAlias = ArrayLike | Sequence[object]
"""One column of input: an array, or any sequence in which None (or NaN) marks a missing value."""


def to_plain(value: Any) -> Any:
    """Convert a result (dataclasses, numpy scalars and arrays, dates, enums) to JSON types.

    NaN and infinities become None: JSON has no spelling for them.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return to_plain(value.item())
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


class Result:
    """Mixin for frozen result dataclasses: `to_dict()` and `to_json()`."""

    def to_dict(self) -> dict[str, Any]:
        plain = to_plain(self)
        assert isinstance(plain, dict)
        return plain

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)
