"""The incubation report as an Excel workbook: one sheet per table, written in streaming mode."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .choices import TenancyState
from .reports import IncubationReport

Sheet = tuple[str, list[str], Iterable[Iterable[object]]]


def workbook(sheets: Iterable[Sheet]) -> bytes:
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_sheets(report: IncubationReport) -> list[Sheet]:
    """The report's tables, with the same figures as the page."""
    states = TenancyState.choices
    sheets: list[Sheet] = [
        (
            "入驻情况",
            ["月份", "在孵组织", "其中占用空间", "可供入驻的位置"],
            [(f"{p.month:%Y-%m}", p.tenants, p.in_spaces, report.capacity) for p in report.occupancy],
        ),
        (
            "按类别和状态",
            ["组织类别", *(label for _, label in states), "合计"],
            [
                (row["category"], *(row.get(state, 0) for state, _ in states), row["total"])
                for row in report.by_category
            ],
        ),
        (
            "出壳",
            ["年度", "出壳组织", "其中现已备案或登记"],
            [(row["year"], row["graduated"], row["filed"]) for row in report.graduations],
        ),
        (
            "孵化服务",
            ["服务类型", "次数", "时长（小时）", "参与人次"],
            [(row["label"], row["n"], float(row["hours"]), row["participants"]) for row in report.services],
        ),
        (
            "孵化补贴",
            ["补贴类型", "笔数", "金额（元）"],
            [(row["label"], row["n"], float(row["total"])) for row in report.subsidies],
        ),
    ]
    if report.bases:
        sheets.append(
            (
                "孵化基地",
                [
                    "基地",
                    "层级",
                    "所在区划",
                    "在孵组织",
                    f"{report.year}年出壳",
                    "待审核申请",
                    "服务时长",
                    "补贴金额",
                ],
                [
                    (
                        line["base"].name,
                        line["level"],
                        line["base"].region.name,
                        line["tenants"],
                        line["graduated"],
                        line["applied"],
                        float(line["hours"]),
                        float(line["subsidies"]),
                    )
                    for line in report.bases
                ],
            )
        )
    return sheets
