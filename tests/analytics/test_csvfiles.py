"""The one CSV writer of every export: text a spreadsheet would run is neutralised."""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from outward.analytics.csvfiles import FORMULA_STARTS, SafeWriter, safe_cell, safe_frame


def test_formula_text_gets_a_leading_apostrophe() -> None:
    for text in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text


def test_numbers_and_number_text_are_left_alone() -> None:
    for value in (-0.4, 3, "-0.40", "+3", "-1e5", ".5", "-.5"):
        assert safe_cell(value) == value


def test_plain_text_is_left_alone() -> None:
    assert safe_cell("Still waiting = annoyed") == "Still waiting = annoyed"


@given(st.text())
def test_no_cell_ever_starts_a_formula_unless_it_is_a_number(text: str) -> None:
    cell = safe_cell(text)

    if cell.startswith(FORMULA_STARTS):
        float(cell)  # only a plain number may start with + or -


def test_the_writer_neutralises_every_row() -> None:
    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\n")

    writer.writerows([["=cmd", -2], ["ok", "@x"]])

    assert out.getvalue() == "'=cmd,-2\nok,'@x\n"


def test_a_table_is_neutralised_column_by_column_and_kept_otherwise() -> None:
    frame = pd.DataFrame({"text": ["=x", "fine", None, "-3"], "score": [-1.0, 2.0, 3.0, 4.0]})

    safe = safe_frame(frame)

    assert safe["text"].tolist()[:2] == ["'=x", "fine"]
    assert safe["text"].isna().tolist()[2]
    assert safe["text"].tolist()[3] == "-3"
    assert safe["score"].tolist() == [-1.0, 2.0, 3.0, 4.0]
    assert frame["text"].tolist()[0] == "=x"
