"""Importing files through the service and the command: customers upserted, re-imports add
nothing, every row accounted for, errors reported by row, column and reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from outward.customers.models import Customer
from outward.customers.services import create_customer
from outward.feedback.models import FeedbackItem
from outward.imports import services
from outward.imports.choices import JobStatus
from outward.imports.models import ImportJob
from tests.factories import ProductFactory
from tests.imports.conftest import CFPB_CSV, FRESHDESK_CSV, ZENDESK_CSV, WriteCsv

pytestmark = pytest.mark.django_db
HEADER = ["Id", "Comment", "Date", "Customer ID", "Email", "Name", "Segment", "Region", "NPS"]


def _import(path: Path, **kwargs: object) -> ImportJob:
    return services.import_file(path, **kwargs)  # type: ignore[arg-type]


def _adds_up(job: ImportJob) -> bool:
    return job.rows_read == job.rows_created + job.rows_duplicate + job.rows_error


def test_a_known_external_id_finds_the_customer_and_fills_in_only_what_is_missing(
    write_csv: WriteCsv,
) -> None:
    ann = create_customer(name="Ann Lee", external_id="C1", region="north")
    path = write_csv(
        HEADER,
        [{"Id": "1", "Comment": "Fine", "Customer ID": "C1", "Name": "A. Lee", "Segment": "smb",
          "Region": ""}],
    )  # fmt: skip

    job = _import(path)

    ann.refresh_from_db()
    assert (ann.name, ann.segment, ann.region) == ("Ann Lee", "smb", "north")
    assert FeedbackItem.objects.get().customer == ann
    assert (job.customers_created, job.customers_updated) == (0, 1)


def test_a_known_email_finds_the_customer_whatever_its_case(write_csv: WriteCsv) -> None:
    bo = create_customer(name="Bo", email="bo@example.com", segment="enterprise")
    path = write_csv(
        HEADER, [{"Id": "1", "Comment": "Hi", "Email": "BO@Example.com", "Segment": "smb"}]
    )

    _import(path)

    bo.refresh_from_db()
    assert Customer.objects.count() == 1
    assert bo.segment == "enterprise"  # never overwritten
    assert FeedbackItem.objects.get().customer == bo


def test_unknown_customers_are_created_once_and_named_from_the_file(write_csv: WriteCsv) -> None:
    path = write_csv(
        HEADER,
        [
            {"Id": "1", "Comment": "One", "Customer ID": "C9", "Email": "cy@example.com"},
            {"Id": "2", "Comment": "Two", "Customer ID": "C9", "Name": "Cy Young"},
            {"Id": "3", "Comment": "Three", "Email": "dee@example.com", "Region": "west"},
        ],
    )

    job = _import(path)

    cy = Customer.objects.get(external_id="C9")
    dee = Customer.objects.get(email="dee@example.com")
    assert (cy.name, cy.email) == ("Cy Young", "cy@example.com")
    assert (dee.name, dee.region, dee.external_id) == ("dee@example.com", "west", None)
    assert job.customers_created == 2
    assert FeedbackItem.objects.filter(customer=cy).count() == 2


def test_an_email_found_on_a_customer_without_an_id_gets_the_id(write_csv: WriteCsv) -> None:
    eve = create_customer(name="Eve", email="eve@example.com")
    path = write_csv(
        HEADER, [{"Id": "1", "Comment": "x", "Customer ID": "E5", "Email": "eve@example.com"}]
    )

    _import(path)

    eve.refresh_from_db()
    assert eve.external_id == "E5"
    assert Customer.objects.count() == 1


def test_importing_the_same_file_twice_adds_nothing(write_csv: WriteCsv) -> None:
    rows = [{"Id": str(i), "Comment": f"Text {i}", "Customer ID": f"C{i % 3}"} for i in range(7)]
    path = write_csv(HEADER, rows)
    first = _import(path, chunk_size=3)

    second = _import(path, chunk_size=3)

    assert (first.rows_created, second.rows_created, second.rows_duplicate) == (7, 0, 7)
    assert FeedbackItem.objects.count() == 7
    assert Customer.objects.count() == 3
    assert first.pk != second.pk


def test_the_same_rows_in_another_file_without_ids_are_recognised(
    write_csv: WriteCsv,
) -> None:
    rows = [
        {"Comment": "Slow delivery", "Date": "2025-03-02", "Email": "a@example.com", "NPS": "4"},
        {"Comment": "Great", "Date": "2025-03-03", "Email": "b@example.com", "NPS": "10"},
    ]
    one = write_csv(["Comment", "Date", "Email", "NPS"], rows, name="one.csv")
    as_words = {"2025-03-02": "2 March 2025", "2025-03-03": "3 March 2025"}
    other_rows = [{**r, "Date": as_words[r["Date"]], "Email": r["Email"].upper()} for r in rows]
    other = write_csv(["NPS", "Email", "Date", "Comment"], other_rows, name="two.csv")
    _import(one)

    again = _import(other)

    assert (again.rows_created, again.rows_duplicate) == (0, 2)
    assert FeedbackItem.objects.count() == 2


def test_the_same_id_from_two_help_desks_is_two_tickets(write_csv: WriteCsv) -> None:
    zendesk = write_csv(ZENDESK_CSV, [{"Id": "123", "Subject": "Refund"}], name="z.csv")
    freshdesk = write_csv(FRESHDESK_CSV, [{"Ticket ID": "123", "Subject": "Login"}], name="f.csv")

    _import(zendesk)
    _import(freshdesk)

    items = FeedbackItem.objects.order_by("external_id")
    assert [(i.source, i.external_id) for i in items] == [
        ("ticket", "freshdesk:123"),
        ("ticket", "zendesk:123"),
    ]


def test_every_row_is_created_a_duplicate_or_an_error(write_csv: WriteCsv) -> None:
    _import(write_csv(HEADER, [{"Id": "1", "Comment": "old"}], name="before.csv"))
    rows = [
        {"Id": "1", "Comment": "old"},  # stored before
        {"Id": "2", "Comment": "new"},
        {"Id": "2", "Comment": "new"},  # repeated within the file
        {"Id": "3", "Comment": ""},  # error
        {"Id": "4", "Comment": "x", "NPS": "12"},  # error
        {"Comment": "no id"},
    ]

    job = _import(write_csv(HEADER, rows), chunk_size=4)

    assert (job.rows_read, job.rows_created, job.rows_duplicate, job.rows_error) == (6, 2, 2, 2)
    assert _adds_up(job)
    assert job.status == JobStatus.DONE
    assert FeedbackItem.objects.count() == 3


def test_errors_name_the_file_row_the_column_and_the_reason(
    write_csv: WriteCsv, tmp_path: Path
) -> None:
    rows = [
        {"Id": "1", "Comment": "ok"},
        {"Id": "2", "Comment": ""},
        {"Id": "3", "Comment": "x", "Date": "yesterday-ish"},
        {"Id": "4", "Comment": "x", "Email": "nobody@"},
        {"Id": "5", "Comment": "x", "NPS": "-1"},
    ]
    path = write_csv(HEADER, rows)
    report = tmp_path / "errors.csv"
    out = io.StringIO()

    call_command("import", str(path), "--no-progress", "--errors", str(report), stdout=out)

    with report.open(encoding="utf-8", newline="") as handle:
        listed = [(r["row"], r["column"], r["reason"]) for r in csv.DictReader(handle)]
    assert listed == [
        ("3", "Comment", "nothing to store: no text, score or tag"),
        ("4", "Date", "unparseable date"),
        ("5", "Email", "bad e-mail address"),
        ("6", "NPS", "score out of range (0-10)"),
    ]
    assert "5 rows read, 1 created, 0 duplicates, 4 with errors" in out.getvalue()


def test_the_command_takes_a_mapping_and_a_preset(write_csv: WriteCsv) -> None:
    path = write_csv(["Remark", "When"], [{"Remark": "Lovely staff", "When": "2025-01-05"}])
    out = io.StringIO()

    call_command(
        "import", str(path), "--no-progress", "--map", "text=Remark", "--map",
        "occurred_at=When", "--source", "review", stdout=out,
    )  # fmt: skip

    item = FeedbackItem.objects.get()
    assert (item.text, item.source, item.occurred_at.date().isoformat()) == (
        "Lovely staff",
        "review",
        "2025-01-05",
    )


def test_the_command_explains_a_file_it_cannot_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    latin = tmp_path / "bad.csv"
    latin.write_bytes(b"text\n\x81\x8d\x90 caf\xe9\n")

    with pytest.raises(CommandError, match=r'"empty\.csv" is empty'):
        call_command("import", str(empty), "--no-progress")
    with pytest.raises(CommandError, match="neither UTF-8 nor Windows-1252"):
        call_command("import", str(latin), "--no-progress")
    good = tmp_path / "good.csv"
    good.write_text("text\nfine\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r'text: no column "Nope" in the file'):
        call_command("import", str(good), "--no-progress", "--map", "text=Nope")
    with pytest.raises(CommandError, match=r'--map "colour=text": unknown field'):
        call_command("import", str(good), "--no-progress", "--map", "colour=text")


def test_workbooks_and_json_lines_import_like_csv(
    tmp_path: Path, write_jsonl: Callable[..., Path]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.append(["Review", "Rating", "Review date"])
    sheet.append(["Lovely", 5, "2024-05-01"])
    sheet.append([None, None, None])
    sheet.append(["Too small", 1.0, "2024-05-02"])
    workbook = tmp_path / "reviews.xlsx"
    book.save(workbook)
    lines = write_jsonl([{"text": "From JSON", "id": 1, "meta": {"lang": "fr"}}])
    lines.write_text(lines.read_text() + "{not json\n", encoding="utf-8")

    from_book = _import(workbook)
    from_lines = _import(lines)

    assert (from_book.rows_read, from_book.rows_created) == (2, 2)
    scored = FeedbackItem.objects.filter(csat__isnull=False).order_by("csat")
    assert list(scored.values_list("csat", flat=True)) == [1, 5]
    assert (from_lines.rows_created, from_lines.rows_error) == (1, 1)
    assert from_lines.row_errors.get().row == 2
    assert FeedbackItem.objects.get(text="From JSON").raw == {"meta.lang": "fr"}


def test_a_cfpb_extract_keeps_complaints_without_a_narrative_with_product_and_issue_as_tags(
    write_csv: WriteCsv,
) -> None:
    # Given a CFPB extract where most complaints withheld their narrative
    rows = [
        {"Complaint ID": "101", "Date received": "2024-03-01", "Product": "Mortgage",
         "Issue": "Trouble during payment process", "Consumer complaint narrative": "",
         "State": "TX"},
        {"Complaint ID": "102", "Date received": "2024-03-02", "Product": "Debt collection",
         "Sub-product": "Medical debt", "Issue": "Attempts to collect debt not owed",
         "Consumer complaint narrative": "They keep calling about a bill I paid."},
        {"Complaint ID": "103", "Date received": "2024-03-03"},
    ]  # fmt: skip
    path = write_csv(CFPB_CSV, rows)

    # When it is imported with the recognised preset
    job = _import(path)

    # Then both complaints are stored with their categories; the empty row is refused
    assert (job.rows_created, job.rows_error) == (2, 1)
    quiet = FeedbackItem.objects.get(external_id="cfpb:101")
    assert quiet.text == ""
    assert quiet.tags == ["Mortgage", "Trouble during payment process"]
    told = FeedbackItem.objects.get(external_id="cfpb:102")
    assert told.tags == ["Debt collection", "Medical debt", "Attempts to collect debt not owed"]


def test_a_product_column_of_names_matches_products_by_name(write_csv: WriteCsv) -> None:
    kettle = ProductFactory.create(sku="KT-100", name="Kettle Pro")
    path = write_csv(["Comment", "Product"], [{"Comment": "Lid broke", "Product": "Kettle Pro"}])

    job = _import(path, overrides={"text": ["Comment"], "product": ["Product"]})

    assert job.rows_error == 0
    assert FeedbackItem.objects.get().product == kettle
