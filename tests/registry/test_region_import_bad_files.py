"""Region files that are empty, hostile or oversized are refused with one clear Chinese sentence,
never a traceback, and nothing is imported."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from registry import region_import
from registry.models import Region
from tests.registry.test_region_import import load_failing, write_csv

pytestmark = pytest.mark.django_db
HEADER = "区划代码,名称,城乡分类代码\n"


def nothing_imported() -> bool:
    return not Region.objects.unrestricted().exists()


def test_an_empty_file_is_refused(tmp_path):
    assert "文件为空" in load_failing(write_csv(tmp_path, ""))
    assert nothing_imported()


def test_a_header_without_rows_is_refused(tmp_path):
    assert "没有区划数据" in load_failing(write_csv(tmp_path, HEADER))


def test_a_nul_byte_is_refused(tmp_path):
    message = load_failing(write_csv(tmp_path, HEADER + "110000000000,北京\x00市,\n"))
    assert "无效字符" in message and "Traceback" not in message
    assert nothing_imported()


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(region_import, "MAX_ROWS", 2)
    rows = "".join(f"11{n:02d}00000000,区{n},\n" for n in range(1, 4))
    assert "行数过多" in load_failing(write_csv(tmp_path, HEADER + rows))
    assert nothing_imported()


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(region_import, "MAX_FILE_BYTES", 10)
    assert "文件过大" in load_failing(write_csv(tmp_path, HEADER + "110000000000,北京市,\n"))


def test_a_billion_laughs_workbook_is_refused(tmp_path):
    path = tmp_path / "regions.xlsx"
    workbook = Workbook()
    workbook.active.append(["区划代码", "名称"])
    workbook.active.append(["110000000000", "北京市"])
    workbook.save(path)
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
        )
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    rebuilt = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for item in source.infolist():
            data = bomb.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    message = load_failing(rebuilt)
    assert "无法读取Excel文件" in message and "Traceback" not in message
    assert nothing_imported()


def test_a_stray_cell_far_to_the_right_does_not_widen_every_row(tmp_path):
    path = tmp_path / "wide.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["区划代码", "名称"])
    sheet.append(["110000000000", "北京市"])
    sheet.cell(row=1, column=16000, value="备注")
    workbook.save(path)
    rows = region_import.read_region_file(path)
    assert [(row.code, row.name) for row in rows] == [("110000000000", "北京市")]
