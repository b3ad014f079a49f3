"""The quarterly statistics table as an Excel workbook."""

from __future__ import annotations

import datetime

from core.exports import workbook_bytes

from .table import NO_DATA, QuarterlyStatistics

# -- the workbook ---------------------------------------------------------------------------------


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def quarterly_statistics_workbook(statistics: QuarterlyStatistics) -> bytes:
    """The table as an Excel workbook: a title line, the period, the table, then the notes."""
    columns = statistics.columns
    lead = ["区划", "区划代码"]
    lines: list[list[object]] = [
        [f"统计期间：{_chinese_date(statistics.start)}至{_chinese_date(statistics.end)}"],
        [f"统计范围：{statistics.region.name}（区划代码 {statistics.region.code}）"],
        ["本季度尚未结束，数据截至导出时，仍可能变化"] if statistics.in_progress else [],
        [],
        [*lead, *(column.group for column in columns)],
        [*lead, *(column.label for column in columns)],
    ]
    for row, cells in statistics.table:
        code = "" if row is statistics.total else row.code
        lines.append([row.name, code, *(NO_DATA if cell is None else cell for cell in cells)])
    lines += [[], ["说明："], *([text] for text in statistics.definitions)]
    lines += [[f"{label}：{NO_DATA}（{reason}）"] for label, reason in statistics.missing.items()]
    return workbook_bytes("季度统计表", [statistics.title], lines)


def workbook_filename(statistics: QuarterlyStatistics) -> str:
    return f"季度统计表-{statistics.region.name}-{statistics.quarter.code}.xlsx"
