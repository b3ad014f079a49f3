"""The blank ledger template: the ledger's columns as headers, drop-down lists where a column takes
values from a list, and a sheet that explains every column."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import ORGANIZATION_COLUMNS, Column

DATA_SHEET, NOTES_SHEET, LISTS_SHEET = "组织台账", "填写说明", "选项"
VALIDATED_ROWS = 10_000
REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")


ORGANIZATION_TEXT = ("leader_id_number", "leader_phone", "credit_code", "community_code")
ORGANIZATION_NOTES = (
    "同一街道（乡镇）内名称相同，或统一社会信用代码相同的行，视为修改已有组织。",
    "上传后平台先检查每一行并列出将新建、修改和跳过的组织及全部错误，确认后才导入。",
)


def organization_template() -> bytes:
    return ledger_template(ORGANIZATION_COLUMNS, DATA_SHEET, ORGANIZATION_TEXT, ORGANIZATION_NOTES)


def ledger_template(
    all_columns: Sequence[Column], title: str, text_keys: Sequence[str], lines: Sequence[str]
) -> bytes:
    """A blank template of any ledger kind: ``text_keys`` are columns kept as text, ``lines`` the
    kind's own explanations under the columns."""
    workbook = Workbook()
    data = workbook.active
    data.title = title
    lists = workbook.create_sheet(LISTS_SHEET)
    notes = workbook.create_sheet(NOTES_SHEET)
    columns = [column for column in all_columns if column.imported]
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = REQUIRED_FILL
        data.column_dimensions[letter].width = column.width
        if column.key in text_keys:
            # Text, so Excel neither rounds an ID number nor drops a code's leading zeros.
            for row in range(2, 202):
                data.cell(row=row, column=index).number_format = "@"
        if column.choices is not None:
            _validate(data, lists, index, column)
    data.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    _notes(notes, columns, lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _validate(data, lists, index: int, column) -> None:
    options = column.choices()
    letter = get_column_letter(index)
    for row, option in enumerate(options, start=1):
        lists.cell(row=row, column=index, value=option)
    source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${max(len(options), 1)}"
    # A column that takes several values warns instead of refusing: the list offers one at a time.
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=not column.required,
        errorStyle="warning" if column.many else "stop",
        error=f"请从列表中选择{column.header}" + ("（多个值用“、”分隔）" if column.many else ""),
        errorTitle=column.header,
    )
    data.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")


def _notes(notes, columns, lines: Sequence[str]) -> None:
    notes.append(["列名", "是否必填", "填写说明", "可选值"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in columns:
        options = "、".join(column.choices()) if column.choices is not None else ""
        notes.append([column.header, "必填" if column.required else "", column.note, options])
    notes.append([])
    notes.append(["说明", "", "第一行为表头，请勿修改列名；每条记录一行，不要合并单元格，不要使用公式。"])
    for line in lines:
        notes.append(["", "", line])
    for letter, width in zip("ABCD", (18, 10, 60, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
