"""Small files with the real column names of the exports the importer knows."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

# Column names as the exports write them (see outward.imports.mapping).
ZENDESK_CSV = [
    "Summation column", "Id", "Requester", "Requester id", "Requester external id",
    "Requester email", "Requester domain", "Submitter", "Assignee", "Group", "Subject",
    "Tags", "Status", "Priority", "Via", "Ticket type", "Created at", "Updated at",
    "Assigned at", "Organization", "Due date", "Initially assigned at", "Solved at",
    "Resolution time", "Satisfaction Score", "Group stations", "Assignee stations",
    "Reopens", "Replies",
]  # fmt: skip
FRESHDESK_CSV = [
    "Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent",
    "Group", "Created time", "Due by Time", "Resolved time", "Closed time",
    "Last update time", "Initial response time", "Time tracked",
    "First response time (in hrs)", "Resolution time (in hrs)", "Agent interactions",
    "Customer interactions", "Resolution status", "First response status", "Tags",
    "Full name", "Email", "Contact ID",
]  # fmt: skip
CFPB_CSV = [
    "Date received", "Product", "Sub-product", "Issue", "Sub-issue",
    "Consumer complaint narrative", "Company public response", "Company", "State",
    "ZIP code", "Tags", "Consumer consent provided?", "Submitted via",
    "Date sent to company", "Company response to consumer", "Timely response?",
    "Consumer disputed?", "Complaint ID",
]  # fmt: skip

WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """write_csv(header, rows, name="x.csv"): rows are dicts (missing cells are empty)."""

    def write(header: Sequence[str], rows: Sequence[dict[str, Any]], name: str = "x.csv") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([row.get(column, "") for column in header])
        return path

    return write


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    def write(records: Sequence[dict[str, Any]], name: str = "x.jsonl") -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return path

    return write
