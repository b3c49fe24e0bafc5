"""The row parser: every problem named by row, column and reason; any cell content is either
accepted or reported, never a crash. No database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from outward.imports.parsing import Catalog, ParsedRow, Plan, RowError, RowParser, read_score
from outward.imports.reader import Record

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
PRODUCT = uuid.uuid4()
BATCH = uuid.uuid4()
CATALOG = Catalog(
    touchpoints={"support": 1, "delivery": 2, "field service": 3, "field-service": 3},
    products={"KT-100": PRODUCT, "kt-100": PRODUCT},
    batches={(PRODUCT, "L42"): BATCH},
    sources={"ticket": "ticket", "review": "review", "e-mail": "email", "email": "email"},
)
MAPPING = {
    "text": ["Subject", "Body"],
    "external_id": ["Id"],
    "occurred_at": ["Date"],
    "customer_external_id": ["Customer"],
    "customer_email": ["Email"],
    "nps": ["NPS"],
    "csat": ["CSAT"],
    "ces": ["CES"],
    "rating": ["Stars"],
    "touchpoint": ["Stage"],
    "product": ["SKU"],
    "batch": ["Lot"],
    "language": ["Lang"],
    "source": ["Kind"],
}
COLUMNS = [c for cols in MAPPING.values() for c in cols] + ["Extra"]


def _parser() -> RowParser:
    return RowParser(Plan(mapping=MAPPING, source="import", id_prefix="acme"), CATALOG, NOW)


def _one(cells: dict[str, str], number: int = 2) -> tuple[list[ParsedRow], list[RowError]]:
    chunk = _parser().parse([(number, cells)])
    return chunk.rows, chunk.errors


def test_a_good_row_becomes_a_feedback_row_with_the_rest_in_raw() -> None:
    rows, errors = _one(
        {
            "Subject": " Kettle ",
            "Body": "The lid broke.",
            "Id": "981",
            "Date": "2026-04-30T08:00:00+02:00",
            "Email": "Ann@Example.COM",
            "NPS": "3",
            "Stars": "2",
            "Stage": "Field service",
            "SKU": "KT-100",
            "Lot": "L42",
            "Kind": "E-mail",
            "Extra": "vip",
        }
    )

    assert errors == []
    [row] = rows
    assert row.text == "Kettle\n\nThe lid broke."
    assert row.external_id == "acme:981"
    assert row.occurred_at == datetime(2026, 4, 30, 6, 0, tzinfo=UTC)
    assert row.customer_email == "ann@example.com"
    assert (row.nps, row.csat, row.touchpoint_id) == (3, 2, 3)
    assert (row.product_id, row.batch_id, row.source) == (PRODUCT, BATCH, "email")
    assert row.raw == {"Extra": "vip"}


def test_each_problem_names_its_row_column_and_reason() -> None:
    rows, errors = _one(
        {
            "Subject": "",
            "Date": "31/31/2024",
            "Email": "not-an-address",
            "NPS": "11",
            "CES": "2.5",
            "Stage": "Moon",
            "SKU": "NOPE",
            "Kind": "carrier pigeon",
        },
        number=7,
    )

    assert rows == []
    assert {(e.row, e.column, e.reason) for e in errors} == {
        (7, "Subject", "nothing to store: no text, score or tag"),
        (7, "Date", "unparseable date"),
        (7, "Email", "bad e-mail address"),
        (7, "NPS", "score out of range (0-10)"),
        (7, "CES", "not a whole number"),
        (7, "Stage", "unknown touchpoint"),
        (7, "SKU", "unknown product (neither a SKU nor a name)"),
        (7, "Kind", "unknown source"),
    }


def test_a_row_the_reader_could_not_split_is_an_error_of_that_row() -> None:
    chunk = _parser().parse([(2, {"Subject": "fine"}), (3, "not valid JSON (Expecting value)")])

    assert [r.row for r in chunk.rows] == [2]
    assert chunk.errors == [RowError(3, "", "not valid JSON (Expecting value)")]
    assert (chunk.read, chunk.error_rows, chunk.last_row) == (2, 1, 3)


def test_a_date_in_the_future_is_refused() -> None:
    _, errors = _one({"Subject": "hi", "Date": "2031-01-01"})

    assert [(e.column, e.reason) for e in errors] == [("Date", "date in the future")]


def test_rows_without_an_id_get_the_same_content_id_whatever_the_date_format() -> None:
    first, _ = _one({"Subject": "Late again", "Date": "2026-03-02", "Email": "a@b.co"})
    other = RowParser(
        Plan(mapping={"text": ["T"], "occurred_at": ["D"], "customer_email": ["E"]},
             source="import", id_prefix="other"),
        CATALOG,
        NOW,
    ).parse([(9, {"T": "Late again ", "D": "03/02/2026", "E": "A@B.CO"})])  # fmt: skip

    assert first[0].external_id.startswith("sha:")
    assert other.rows[0].external_id == first[0].external_id


def test_zendesk_satisfaction_words_read_as_csat() -> None:
    assert [read_score("csat", v) for v in ("Good", "bad", "Offered", "unoffered")] == [
        5,
        1,
        None,
        None,
    ]


CELL = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=5),
    st.sampled_from(["", "0", "10", "11", "-1", "nan", "inf", "1e309", "2026-02-30", "\x00"]),
    st.from_regex(r"\d{1,2}/\d{1,2}/\d{2,4}", fullmatch=True),
    st.text(alphabet="\ud800\udfff\x00 \t\n", max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(COLUMNS), CELL), min_size=1, max_size=8))
def test_random_cell_contents_never_crash_the_parser_and_every_row_is_accounted_for(
    rows: list[dict[str, str]],
) -> None:
    records: list[Record] = [(n, cells) for n, cells in enumerate(rows, start=2)]

    chunk = _parser().parse(records)

    assert chunk.read == len(rows)
    assert len(chunk.rows) + chunk.error_rows == len(rows)
    assert {e.row for e in chunk.errors} == set(range(2, len(rows) + 2)) - {
        r.row for r in chunk.rows
    }
    for row in chunk.rows:
        assert row.text.strip() or row.tags or {row.nps, row.csat, row.ces} != {None}
        assert "\x00" not in row.text + row.external_id + "".join(row.raw.values())
        assert 0 < len(row.external_id) <= 200


def _tagged(cells: dict[str, str], tags: list[str]) -> tuple[list[ParsedRow], list[RowError]]:
    mapping = {"text": ["Narrative"], "external_id": ["Id"], "tags": tags}
    parser = RowParser(Plan(mapping=mapping, source="ticket", id_prefix="cfpb"), CATALOG, NOW)
    chunk = parser.parse([(2, cells)])
    return chunk.rows, chunk.errors


def test_a_complaint_without_a_narrative_is_kept_with_its_categories_as_tags() -> None:
    rows, errors = _tagged(
        {"Narrative": "", "Id": "42", "Product": "Mortgage", "Issue": "Trouble during payment"},
        ["Product", "Issue"],
    )

    assert errors == []
    assert rows[0].text == ""
    assert rows[0].tags == ["Mortgage", "Trouble during payment"]


def test_a_category_with_commas_stays_one_tag_but_a_tags_column_is_a_list() -> None:
    product = "Credit reporting, credit repair services, or other personal consumer reports"

    rows, _ = _tagged(
        {"Narrative": "x", "Id": "1", "Product": product, "Tags": "Older American, Servicemember"},
        ["Product", "Tags"],
    )
    spaced, _ = _tagged({"Narrative": "x", "Id": "2", "Tags": "billing  refund_request"}, ["Tags"])

    assert rows[0].tags == [product, "Older American", "Servicemember"]
    assert spaced[0].tags == ["billing", "refund_request"]


def test_a_row_with_a_score_and_no_text_is_kept() -> None:
    rows, errors = _one({"Subject": "", "NPS": "3"})

    assert errors == []
    assert (rows[0].text, rows[0].nps) == ("", 3)


def test_a_product_column_may_hold_the_products_name() -> None:
    catalog = Catalog(products={"KT-100": PRODUCT, "Kettle Pro": PRODUCT, "kettle pro": PRODUCT})
    parser = RowParser(Plan(mapping=MAPPING, source="import", id_prefix="acme"), catalog, NOW)

    chunk = parser.parse([(2, {"Subject": "Lid broke", "SKU": "kettle PRO"})])

    assert chunk.errors == []
    assert chunk.rows[0].product_id == PRODUCT


def test_the_id_is_trimmed_so_a_re_export_with_padding_matches() -> None:
    rows, _ = _one({"Subject": "ok", "Id": "  981\t"})

    assert rows[0].external_id == "acme:981"
