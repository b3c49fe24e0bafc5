"""Reading feedback files: column guessing, formats, and a clear InputError for bad files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outward.analytics.io import (
    ColumnMap,
    InputError,
    guess_columns_for,
    load,
    load_file,
    parse_dates,
    read_table,
)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_plain_file_columns_are_guessed_from_common_names(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "plain.csv",
        "customer_id,submitted_at,comment,rating,channel\n"
        "c1,2024-05-01,Slow refund,2,email\nc2,2024-05-02,Great help,5,chat\n",
    )

    table, columns = load(path)

    assert columns == ColumnMap(
        text=("comment",),
        customer="customer_id",
        date="submitted_at",
        score="rating",
        touchpoint="channel",
    )
    assert len(table) == 2
    assert str(table["submitted_at"].dt.tz) == "UTC"


def test_zendesk_export_joins_subject_and_description(tmp_path: Path) -> None:
    header = [
        "Id",
        "Requester",
        "Created at",
        "Subject",
        "Description",
        "Satisfaction Score",
        "Via",
    ]

    columns = guess_columns_for(header)

    assert columns.text == ("Subject", "Description")
    assert (columns.customer, columns.date, columns.score) == (
        "Requester",
        "Created at",
        "Satisfaction Score",
    )
    assert (columns.touchpoint, columns.id) == ("Via", "Id")


def test_cfpb_export_is_recognised(tmp_path: Path) -> None:
    header = [
        "Date received",
        "Product",
        "Sub-product",
        "Issue",
        "Consumer complaint narrative",
        "Company",
        "Submitted via",
        "Complaint ID",
    ]

    columns = guess_columns_for(header)

    assert columns.text == ("Consumer complaint narrative",)
    assert (columns.date, columns.product, columns.id) == (
        "Date received",
        "Product",
        "Complaint ID",
    )
    assert columns.touchpoint == "Submitted via"


def test_a_named_column_that_does_not_exist_is_reported_with_the_available_ones(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "a.csv", "text,score\nhello,5\n")

    with pytest.raises(InputError, match=r'missing column "Comment".*"text", "score"'):
        load(path, {"text": ["Comment"]})


def test_a_file_without_any_text_column_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "alpha,beta\n1,2\n")

    with pytest.raises(InputError, match="no text column found"):
        load(path)


def test_undecodable_bytes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"text\nfine\n\x81\x8d broken\n")

    with pytest.raises(InputError, match=r"cannot decode.*0x81 on line 3"):
        load(path)


def test_binary_content_is_reported_as_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"text\nhello\x00\x01world\n")

    with pytest.raises(InputError, match=r"cannot decode.*line 2"):
        load(path)


def test_windows_1252_files_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "w.csv", "text\ncaf\u00e9 \u2013 fine\n", encoding="cp1252")

    table, _ = load(path)

    assert table["text"].tolist() == ["caf\u00e9 \u2013 fine"]


@pytest.mark.parametrize("content", ["", "   \n\n"])
def test_an_empty_file_is_reported(tmp_path: Path, content: str) -> None:
    path = _write(tmp_path / "empty.csv", content)

    with pytest.raises(InputError, match="is empty"):
        load(path)


def test_a_header_without_rows_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", "text,score\n")

    with pytest.raises(InputError, match="no data rows"):
        load(path)


def test_an_unparseable_date_leaves_its_row_out_with_a_note_naming_it(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.csv",
        "text,date\na,2024-01-01\nb,2024-01-02\nc,not a date\nd,2024-01-04\n",
    )

    loaded = load_file(path)

    assert loaded.table["text"].tolist() == ["a", "b", "d"]
    assert len(loaded.notes) == 1
    assert loaded.notes[0].startswith("1 row left out for an unparseable date")
    assert 'unparseable date "not a date" in row 3' in loaded.notes[0]


def test_parse_dates_still_names_the_first_bad_value() -> None:
    with pytest.raises(InputError, match=r'unparseable date "soon" in row 2'):
        parse_dates(pd.Series(["2024-01-01", "soon"]), "date")


def test_a_headerless_tsv_has_its_columns_named_by_position(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.tsv", "1\tThe app crashes\t2024-01-02\n2\tLove it\t2024-01-03\n")

    loaded = load_file(path, {"text": ["2"], "date": "3"}, header=False)

    assert loaded.table["2"].tolist() == ["The app crashes", "Love it"]
    assert loaded.columns.text == ("2",)
    assert loaded.table["3"].notna().all()


def test_no_header_is_refused_for_formats_that_name_their_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.jsonl", '{"text": "hi"}\n')

    with pytest.raises(InputError, match="must be CSV or TSV"):
        load_file(path, header=False)


def test_twitter_dates_are_parsed(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", "text,created_at\nhi,Tue Oct 31 23:36:20 +0000 2017\n")

    table, _ = load(path)

    assert table["created_at"].iloc[0] == pd.Timestamp("2017-10-31 23:36:20", tz="UTC")


def test_an_unsupported_extension_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.pdf", "text\nhello\n")

    with pytest.raises(InputError, match=r'unsupported file type "\.pdf"'):
        load(path)


def test_jsonl_xlsx_and_parquet_give_the_same_table(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": ["a b", "c d"], "score": ["1", "5"]})
    frame.to_json(tmp_path / "f.jsonl", orient="records", lines=True)
    frame.to_excel(tmp_path / "f.xlsx", index=False)
    frame.to_parquet(tmp_path / "f.parquet")

    tables = [load(tmp_path / f"f.{ext}")[0] for ext in ("jsonl", "xlsx", "parquet")]

    for table in tables:
        assert table["text"].tolist() == ["a b", "c d"]
        assert [str(v) for v in table["score"]] == ["1", "5"]


def test_a_bad_jsonl_line_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.jsonl", '{"text": "ok"}\n{"text": broken}\n')

    with pytest.raises(InputError, match=r"line 2 .* not valid JSON"):
        load(path)


def test_semicolon_separated_files_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", "text;score\nnice, really;4\n")

    table = read_table(path)

    assert table["text"].tolist() == ["nice, really"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=300)
    | st.text(alphabet=st.sampled_from('ab,;\t"\n\r\x00é1-:'), max_size=200).map(
        lambda s: s.encode("utf-8")
    )
)
def test_any_csv_content_gives_a_table_or_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "random.csv"
    path.write_bytes(content)

    outcome: object
    try:
        outcome = read_table(path)
    except InputError as error:
        outcome = error.message
    assert isinstance(outcome, pd.DataFrame | str)
    assert len(outcome) > 0
