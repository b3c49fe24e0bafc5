"""Guessing which column holds what: the built-in presets on their real column names, and
common names for other files. No database."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from outward.imports.mapping import clean_mapping, detect_preset, guess_mapping
from outward.imports.reader import open_table
from tests.imports.conftest import CFPB_CSV, FRESHDESK_CSV, ZENDESK_CSV, WriteCsv


def _guess(path: Path) -> tuple[str | None, dict[str, list[str]]]:
    with open_table(path) as table:
        preset = detect_preset(table.header)
        return (preset.key if preset else None), guess_mapping(table.header, preset)


def test_a_zendesk_ticket_export_is_recognised_and_mapped(write_csv: WriteCsv) -> None:
    path = write_csv(ZENDESK_CSV, [{"Id": "1", "Subject": "Refund?"}])

    preset, mapping = _guess(path)

    assert preset == "zendesk"
    assert mapping == {
        "text": ["Subject"],
        "external_id": ["Id"],
        "occurred_at": ["Created at"],
        "customer_external_id": ["Requester external id"],
        "customer_email": ["Requester email"],
        "customer_name": ["Requester"],
        "csat": ["Satisfaction Score"],
        "tags": ["Tags"],
    }


def test_zendesks_json_export_joins_subject_and_description(write_jsonl: object) -> None:
    record = {
        "id": 35436,
        "raw_subject": "Help",
        "subject": "Help",
        "description": "My printer is on fire",
        "requester_id": 20978392,
        "created_at": "2009-07-20T22:55:29Z",
        "via": {"channel": "web"},
        "satisfaction_rating": {"score": "good"},
    }
    path = write_jsonl([record])  # type: ignore[operator]

    preset, mapping = _guess(path)

    assert preset == "zendesk"
    assert mapping["text"] == ["subject", "description"]
    assert mapping["csat"] == ["satisfaction_rating.score"]
    assert "via.channel" not in {c for cols in mapping.values() for c in cols}


def test_a_freshdesk_ticket_export_is_recognised_and_mapped(write_csv: WriteCsv) -> None:
    path = write_csv(FRESHDESK_CSV, [{"Ticket ID": "7", "Subject": "Login"}])

    preset, mapping = _guess(path)

    assert preset == "freshdesk"
    assert mapping == {
        "text": ["Subject", "Description"],
        "external_id": ["Ticket ID"],
        "occurred_at": ["Created time"],
        "customer_email": ["Email"],
        "customer_name": ["Full name"],
        "tags": ["Tags", "Type"],
    }


def test_the_cfpb_complaint_layout_is_recognised_and_its_categories_are_tags(
    write_csv: WriteCsv,
) -> None:
    path = write_csv(CFPB_CSV, [{"Complaint ID": "1"}])

    preset, mapping = _guess(path)

    assert preset == "cfpb"
    assert mapping == {
        "text": ["Consumer complaint narrative"],
        "external_id": ["Complaint ID"],
        "occurred_at": ["Date received"],
        "region": ["State"],
        "tags": ["Product", "Sub-product", "Issue", "Sub-issue"],
    }


def test_a_generic_file_is_mapped_by_common_names(write_csv: WriteCsv) -> None:
    header = ["Comment", "Date", "Customer ID", "E-mail", "NPS", "Stars", "SKU", "Lot", "Notes"]
    path = write_csv(header, [{"Comment": "ok"}])

    preset, mapping = _guess(path)

    assert preset is None
    assert mapping == {
        "text": ["Comment"],
        "occurred_at": ["Date"],
        "customer_external_id": ["Customer ID"],
        "customer_email": ["E-mail"],
        "nps": ["NPS"],
        "rating": ["Stars"],
        "product": ["SKU"],
        "batch": ["Lot"],
    }


def test_a_workbook_header_is_read_from_its_first_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.append(["Review", "Rating", "Review date"])
    sheet.append(["Lovely", 5, "2024-05-01"])
    path = tmp_path / "reviews.xlsx"
    book.save(path)

    preset, mapping = _guess(path)

    assert preset is None
    assert mapping == {"text": ["Review"], "rating": ["Rating"], "occurred_at": ["Review date"]}


def test_cleaning_a_mapping_names_each_problem_by_field() -> None:
    header = ["Text", "When", "Mail"]

    mapping, problems = clean_mapping(
        {"occurred_at": ["Nope"], "customer_email": "Mail", "region": "Mail", "colour": "Text"},
        header,
    )

    assert mapping == {"customer_email": ["Mail"]}
    assert problems == {
        "occurred_at": 'no column "Nope" in the file',
        "region": 'column "Mail" is already used for customer_email',
        "colour": problems["colour"],
        "text": "choose the column that holds the text (or the scores or tags)",
    }
    assert problems["colour"].startswith('unknown field "colour"')
