"""plotly.js as one of our static files, straight from the plotly package (no copy in the repo,
no CDN): `{% static 'vendor/plotly.min.js' %}`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor"
NAME = "plotly.min.js"


def _package_data() -> Path:
    import plotly  # untyped; only its location is needed

    return Path(plotly.__file__).parent / "package_data"


class PlotlyFinder(BaseFinder):
    """Finds vendor/plotly.min.js in the installed plotly package."""

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...
    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...
    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        found = _package_data() / NAME
        if path == f"{PREFIX}/{NAME}" and found.is_file():
            return [str(found)] if find_all else str(found)
        return [] if find_all else None

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        storage = FileSystemStorage(location=_package_data())
        storage.prefix = PREFIX  # type: ignore[attr-defined]
        yield NAME, storage
