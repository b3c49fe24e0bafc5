"""docs/permissions.md shows the permission matrix the code enforces."""

from pathlib import Path

from outward.core.permissions import markdown_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_permissions_doc_holds_the_current_matrix() -> None:
    assert markdown_table() in DOC.read_text(), "run `outward permissions_table` into the doc"
