"""Workbooks that unpack to far more than they weigh are refused before openpyxl parses them,
on the upload page (a 400, nothing kept) and on the command line, and quickly."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from outward.accounts.models import User
from outward.analytics.io import InputError
from outward.core.roles import Role
from outward.imports import reader
from outward.imports.models import ImportJob
from outward.imports.reader import check_workbook, open_table

SHARED = "xl/sharedStrings.xml"


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": f"""<Types xmlns="{PKG}/content-types">
<Default Extension="rels"
 ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SML}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SML}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{SML}.sharedStrings+xml"/>
</Types>""",
    "_rels/.rels": f"""<Relationships xmlns="{PKG}/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
    "xl/workbook.xml": f"""<workbook xmlns="{MAIN}" xmlns:r="{REL}">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""",
    "xl/_rels/workbook.xml.rels": f"""<Relationships xmlns="{PKG}/relationships">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""",
    "xl/worksheets/sheet1.xml": f"""<worksheet xmlns="{MAIN}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>9</v></c></row></sheetData></worksheet>""",
}
TEXTS = b"<si><t>Comment</t></si><si><t>NPS</t></si><si><t>Great service</t></si>"


def _sst(body: bytes, count: int) -> bytes:
    return f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode() + body + b"</sst>"


def _workbook(path: Path, shared_strings: bytes = _sst(TEXTS, 3)) -> Path:
    """A workbook with shared strings (as Excel writes them; openpyxl writes inline ones)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for name, xml in PARTS.items():
            book.writestr(name, xml)
        book.writestr(SHARED, shared_strings)
    return path


def _bomb(path: Path, megabytes: int = 24) -> Path:
    cell = b"<si><t>" + b"A" * 200 + b"</t></si>"
    count = megabytes * (1 << 20) // len(cell)
    return _workbook(path, _sst(TEXTS + cell * count, count + 3))


def test_a_decompression_bomb_is_refused_naming_the_part_and_the_ratio(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1 << 20

    started = time.perf_counter()
    with pytest.raises(InputError, match=r"sharedStrings\.xml unpacks [\d,]+ times larger"):
        open_table(bomb)

    assert time.perf_counter() - started < 2  # the zip directory only, not the XML


def test_a_workbook_declaring_too_many_texts_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "XLSX_MAX_SHARED_STRINGS", 1)
    path = _workbook(tmp_path / "many.xlsx")

    with pytest.raises(InputError, match="declares 3 distinct texts"):
        check_workbook(path)


def test_a_workbook_unpacking_past_the_total_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "XLSX_MAX_UNPACKED_BYTES", 1000)
    path = _workbook(tmp_path / "big.xlsx")

    with pytest.raises(InputError, match="unpacks to"):
        check_workbook(path)


def test_an_ordinary_workbook_passes_the_check(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "fine.xlsx")

    with open_table(path) as table:
        assert table.header == ["Comment", "NPS"]


@pytest.mark.django_db
def test_a_bomb_uploaded_on_the_page_is_a_400_and_nothing_is_kept(
    client: Client, login: Callable[[str], User], settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    login(Role.ANALYST)
    bomb = _bomb(tmp_path / "bomb.xlsx").read_bytes()

    response = client.post(
        reverse("imports:new"), {"file": SimpleUploadedFile("survey.xlsx", bomb)}
    )

    assert response.status_code == 400
    assert b"decompression bomb" in response.content
    assert b"survey.xlsx" in response.content
    assert not ImportJob.objects.exists()
    assert not any((tmp_path / "media" / "imports").iterdir())
