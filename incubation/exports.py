"""Incubation in Excel, written by the platform's one writer (``core.exports``): the incubation report (one
sheet per table) and the lists of bases, tenancies, services, subsidies and evaluations, exported in the
background with the list's filters."""

from __future__ import annotations

from collections.abc import Iterable

from core.exports import Column, ExportSpec, Sheet, plain_columns, register, sheets_bytes
from registry.identifiers import mask_phone

from .choices import (
    BASE_LEVELS,
    BaseFunding,
    BaseState,
    EvaluationGrade,
    ServiceType,
    SubsidyKind,
    TenancyState,
)
from .filtersets import (
    BaseFilterSet,
    EvaluationFilterSet,
    ServiceRecordFilterSet,
    SubsidyFilterSet,
    TenancyFilterSet,
)
from .models import BaseEvaluation, IncubationBase, ServiceRecord, Subsidy, Tenancy
from .reports import IncubationReport

SheetTuple = tuple[str, list[str], Iterable[Iterable[object]]]


def workbook(sheets: Iterable[SheetTuple]) -> bytes:
    return sheets_bytes([Sheet(title, plain_columns(header), rows) for title, header, rows in sheets])


def report_sheets(report: IncubationReport) -> list[SheetTuple]:
    """The report's tables, with the same figures as the page."""
    states = TenancyState.choices
    sheets: list[SheetTuple] = [
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


# -- the lists ----------------------------------------------------------------------------------------

BASES = ExportSpec(
    name="incubation.bases",
    title="孵化基地",
    model=IncubationBase,
    columns=(
        Column("基地名称", "name", width=30),
        Column("层级", "region__level", labels=BASE_LEVELS, width=12),
        Column("所在区划", "region__name", width=16),
        Column("区划代码", "region_id", width=14),
        Column("状态", "state", labels=dict(BaseState.choices), width=10),
        Column("运营机构", "operator_name", group="运营", width=24),
        Column("地址", "address", group="运营", width=30),
        Column("联系人", "contact_name", group="运营", width=10),
        Column("服务电话", "phone", group="运营", width=14),
        Column("启用日期", "opened_on", group="运营", width=11),
        Column("停止运营日期", "closed_on", group="运营", width=12),
        Column("经费来源", "funding", labels=dict(BaseFunding.choices), group="规模", width=16),
        Column("面积（平方米）", "area", group="规模"),
        Column("专职工作人员（人）", "staff_count", group="规模"),
    ),
    filterset_class=BaseFilterSet,
    ordering=("region_id", "name"),
    permission="incubation.see",
    list_url="incubation-base-list",
)

TENANCIES = ExportSpec(
    name="incubation.tenancies",
    title="入驻组织",
    model=Tenancy,
    columns=(
        Column("组织名称", "group_name", width=30),
        Column("孵化基地", "base__name", width=28),
        Column("组织类别", "category__name", width=12),
        Column("社区/村", "community__name", width=16),
        Column("联系人", "contact_name", group="联系", width=10),
        Column("联系电话", "contact_phone", group="联系", mask=mask_phone, width=13),
        Column("状态", "state", labels=dict(TenancyState.choices), group="入驻", width=10),
        Column("申请时间", "applied_at", group="入驻", width=16),
        Column("审核期限", "decision_due", group="入驻", width=11),
        Column("计划入驻日期", "planned_start", group="入驻", width=12),
        Column("计划出壳日期", "planned_end", group="入驻", width=12),
        Column("空间", "space__name", group="入驻", width=14),
        Column("入驻日期", "started_on", group="入驻", width=11),
        Column("离开日期", "ended_on", group="入驻", width=11),
        Column("延期次数", "extensions", group="入驻"),
        Column("成长评估总分", "growth_total", group="入驻"),
    ),
    filterset_class=TenancyFilterSet,
    ordering=("-applied_at", "-id"),
    permission="incubation.see_tenancies",
    list_url="tenancy-list",
)

SERVICES = ExportSpec(
    name="incubation.services",
    title="孵化服务记录",
    model=ServiceRecord,
    columns=(
        Column("孵化基地", "base__name", width=28),
        Column("入驻组织", "tenancy__group_name", width=30),
        Column("服务类型", "kind", labels=dict(ServiceType.choices), width=12),
        Column("服务日期", "given_on", width=11),
        Column("时长（小时）", "hours"),
        Column("参与人次", "participants"),
        Column("服务内容", "notes", width=40),
    ),
    filterset_class=ServiceRecordFilterSet,
    ordering=("-given_on", "-id"),
    permission="incubation.see",
    list_url="incubation-service-list",
)

SUBSIDIES = ExportSpec(
    name="incubation.subsidies",
    title="孵化补贴",
    model=Subsidy,
    columns=(
        Column("孵化基地", "base__name", width=28),
        Column("入驻组织", "tenancy__group_name", width=30),
        Column("补贴类型", "kind", labels=dict(SubsidyKind.choices), width=14),
        Column("金额（元）", "amount", width=12),
        Column("补贴期间起", "period_start", group="补贴期间", width=11),
        Column("补贴期间止", "period_end", group="补贴期间", width=11),
        Column("审批单位", "approver", group="审批", width=20),
        Column("审批日期", "approved_on", group="审批", width=11),
        Column("备注", "notes", width=30),
    ),
    filterset_class=SubsidyFilterSet,
    ordering=("-approved_on", "-id"),
    permission="incubation.see",
    list_url="incubation-subsidy-list",
)

EVALUATIONS = ExportSpec(
    name="incubation.evaluations",
    title="孵化基地评估",
    model=BaseEvaluation,
    columns=(
        Column("孵化基地", "base__name", width=28),
        Column("所在区划", "base__region__name", width=16),
        Column("评估年度", "year"),
        Column("总分", "total"),
        Column("评估结果", "grade", labels=dict(EvaluationGrade.choices)),
        Column("评估日期", "evaluated_on", width=11),
        Column("评估意见", "narrative", width=40),
    ),
    filterset_class=EvaluationFilterSet,
    ordering=("-year", "base__name"),
    permission="incubation.see",
    list_url="incubation-evaluation-list",
)

register(BASES, TENANCIES, SERVICES, SUBSIDIES, EVALUATIONS)
