"""The dashboard's tables as Excel workbooks: the child regions, the region's own line, or its trend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.exports import workbook_bytes, xlsx_response
from registry.choices import UrbanRural

from .. import selectors
from ..choices import Outcome
from ..models import QuotaReportRow
from ..quota.rules import percent
from .dashboard import results_of, rules_of, select

EXPORT_TABLES = ("children", "trend", "region")


def _rule_header(rules: Iterable[dict[str, Any]]) -> list[str]:
    return [f"{rule['label']}·{part}" for rule in rules for part in ("结果", "判定", "数值", "目标")]


def _value_and_target(result: dict[str, Any]) -> tuple[Any, Any]:
    """A result's figure and target as the policy states them: a rule with separate urban and rural
    targets shows each (城市 15，农村 8), never a blend of the two that the policy does not name."""
    detail = result.get("detail") or {}
    parts = [
        (label, detail[kind]) for kind, label in (("urban", "城市"), ("rural", "农村")) if kind in detail
    ]
    if parts:
        return (
            "，".join(f"{label} {part['average']}" for label, part in parts),
            "，".join(f"{label} {part['target']}" for label, part in parts),
        )
    return result.get("value"), result.get("target")


def _rule_cells(results: Iterable[dict[str, Any] | None]) -> list[Any]:
    labels = dict(Outcome.choices)
    cells: list[Any] = []
    for result in results:
        if result is None:
            cells.extend(["", "", None, None])
        else:
            cells.extend([result["text"], labels.get(result["outcome"], ""), *_value_and_target(result)])
    return cells


def _row_cells(row: QuotaReportRow, rules: list[dict[str, Any]]) -> list[Any]:
    urban_rural = dict(UrbanRural.choices).get(row.urban_rural, "")
    return [
        row.region.name,
        row.region_id,
        row.get_level_display(),
        urban_rural,
        row.organizations,
        row.counts.get("communities", 0),
        row.passed,
        row.failed,
        percent(row.shortfall, 1),
        *_rule_cells(results_of(row, rules)),
    ]


ROW_HEADER = [
    "区划",
    "区划代码",
    "层级",
    "城乡分类",
    "组织数",
    "社区数",
    "达标指标数",
    "未达标指标数",
    "差距（%）",
]


@login_required
@require_GET
def quota_export(request: HttpRequest) -> HttpResponse:
    """The table on screen as a workbook: the child regions (default), the region's own line or
    its trend across snapshots; every rule's result text, outcome, value and target."""
    user = request.user
    selection = select(user, request.GET)
    table = request.GET.get("table") or "children"
    if selection.row is None or table not in EXPORT_TABLES:
        raise Http404("没有可导出的表格")
    report, region, rules = selection.report, selection.region, rules_of(selection.report)
    if table == "trend":
        points = selectors.trend(selection.policy, region, user, rules=rules)
        header = ["统计日期", "组织数", *_rule_header(rules)]
        rows: list[list[Any]] = [
            [point.as_of, point.organizations, *_rule_cells(results_of(point, rules))] for point in points
        ]
        suffix = "趋势"
    else:
        if table == "region":
            lines = [selection.row]
        else:
            lines = selectors.sorted_children_rows(
                report, user, region, by_shortfall=request.GET.get("sort") == "shortfall"
            )
        header, rows = [*ROW_HEADER, *_rule_header(rules)], [_row_cells(line, rules) for line in lines]
        suffix = "下级区划" if table == "children" else "本级"
    content = workbook_bytes("指标报告", header, rows)
    filename = f"{report.policy.name}-{region.name}-{suffix}-{report.as_of:%Y%m%d}.xlsx"
    return xlsx_response(content, filename)
