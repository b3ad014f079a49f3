"""The Excel download of a round's results (评议结果), and the evaluation lists as background exports, all
through the platform's one writer (``core.exports``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count

from core.exports import Column, ExportSpec, register, workbook_bytes
from registry.exports import community_columns

from ..models import (
    BrandDesignation,
    EvaluationEntry,
    EvaluationRound,
    Selection,
    ServiceProject,
    Training,
    WorkReport,
)
from . import rubric
from .choices import BrandState, Grade, PeriodKind, ProjectFunding, RoundState, TrainingMode, WorkReportState
from .filtersets import (
    BrandFilterSet,
    EntryFilterSet,
    ProjectFilterSet,
    SelectionFilterSet,
    TrainingFilterSet,
    WorkReportFilterSet,
)
from .selectors import EntryRow


def round_filename(evaluation_round: EvaluationRound) -> str:
    return f"{evaluation_round.community.name}{evaluation_round.year}年度社区社会组织评议结果.xlsx"


def round_header(evaluation_round: EvaluationRound) -> list[str]:
    indicators = rubric.indicators_of(evaluation_round.indicators)
    scores = [
        f"{i.name}（满分{rubric.number(i.max_score)}，权重{rubric.number(i.weight)}%）" for i in indicators
    ]
    return [
        "名次",
        "组织名称",
        "组织类别",
        *scores,
        "满意票",
        "基本满意票",
        "不满意票",
        "评议得分",
        "总分",
        "等级",
        "评议意见",
    ]


def _cells(row: EntryRow) -> Iterator[object]:
    entry = row.entry
    yield entry.rank or ""
    yield entry.organization.name
    yield entry.organization.category.name
    yield from (float(score) if score is not None else "" for score in row.scores)
    yield from (entry.votes_satisfied, entry.votes_basic, entry.votes_unsatisfied)
    yield float(row.vote_rate) if row.vote_rate is not None else ""
    yield float(row.final) if row.final is not None else ""
    yield Grade(row.grade).label if row.grade else ""
    yield entry.comment


def round_workbook(evaluation_round: EvaluationRound, rows: list[EntryRow]) -> bytes:
    """One line per organization; the figures are the page's (``selectors.entry_rows``)."""
    title = f"{evaluation_round.year}年度评议结果"
    return workbook_bytes(title, round_header(evaluation_round), (list(_cells(row)) for row in rows))


# -- the lists, exported in the background with the page's filters (core.export_jobs) --------------------

WORK_REPORTS = ExportSpec(
    name="evaluation.work_reports",
    title="工作报告",
    model=WorkReport,
    columns=(
        Column("组织名称", "organization__name", width=30),
        *community_columns("organization__community", with_code=False),
        Column("年度", "year", group="报告期间"),
        Column("报告周期", "period_kind", labels=dict(PeriodKind.choices), group="报告期间"),
        Column("期次", "period_index", group="报告期间"),
        Column("期间开始", "period_start", group="报告期间", width=11),
        Column("期间结束", "period_end", group="报告期间", width=11),
        Column("志愿服务时长（小时）", "volunteer_hours", group="工作情况", width=12),
        Column("收入资金（元）", "funds_received", group="工作情况", width=12),
        Column("支出资金（元）", "funds_used", group="工作情况", width=12),
        Column("状态", "state", labels=dict(WorkReportState.choices), group="办理", width=10),
        Column("报送时间", "submitted_at", group="办理", width=16),
        Column("两委意见", "response", group="办理", width=30),
    ),
    filterset_class=WorkReportFilterSet,
    ordering=("-submitted_at", "-id"),
    permission="evaluation.see_work_reports",
    list_url="work-report-list",
)

ROUND_RESULTS = ExportSpec(
    name="evaluation.entries",
    title="年度评议结果",
    model=EvaluationEntry,
    columns=(
        Column("评议年度", "round__year"),
        *community_columns("round__community", with_code=False),
        Column("评议状态", "round__state", labels=dict(RoundState.choices), width=10),
        Column("组织名称", "organization__name", width=30),
        Column("满意票", "votes_satisfied", group="居民评议票"),
        Column("基本满意票", "votes_basic", group="居民评议票"),
        Column("不满意票", "votes_unsatisfied", group="居民评议票"),
        Column("总分", "final_score", group="评议结果"),
        Column("等级", "grade", labels=dict(Grade.choices), group="评议结果"),
        Column("名次", "rank", group="评议结果"),
        Column("评议意见", "comment", width=30),
    ),
    filterset_class=EntryFilterSet,
    ordering=("-round__year", "round__community_id", "rank", "organization__name_pinyin"),
    permission="evaluation.see_rounds",
    list_url="evaluation-round-list",
)

BRANDS = ExportSpec(
    name="evaluation.brands",
    title="品牌组织认定",
    model=BrandDesignation,
    columns=(
        Column("组织名称", "organization__name", width=30),
        *community_columns("organization__community", with_code=False),
        Column("认定年度", "year", group="认定"),
        Column("认定日期", "designated_on", group="认定", width=11),
        Column("认定单位", "office__name", group="认定", width=16),
        Column("认定时评议等级", "grade", labels=dict(Grade.choices), group="认定", width=12),
        Column("认定理由", "reason", group="认定", width=30),
        Column("状态", "state", labels=dict(BrandState.choices), width=8),
        Column("撤销日期", "revoked_on", group="撤销", width=11),
        Column("撤销理由", "revoke_reason", group="撤销", width=24),
    ),
    filterset_class=BrandFilterSet,
    ordering=("-year", "organization__name_pinyin"),
    permission="evaluation.see_brands",
    list_url="brand-list",
)

SELECTIONS = ExportSpec(
    name="evaluation.selections",
    title="评选活动",
    model=Selection,
    columns=(
        Column("评选名称", "title", width=30),
        Column("年度", "year"),
        Column("评选日期", "held_on", width=11),
        Column("举办区划", "region__name", width=16),
        Column("说明", "note", width=40),
    ),
    filterset_class=SelectionFilterSet,
    ordering=("-held_on", "-id"),
    permission="evaluation.see_brands",
    list_url="selection-list",
)

PROJECTS = ExportSpec(
    name="evaluation.projects",
    title="服务项目",
    model=ServiceProject,
    columns=(
        Column("项目名称", "title", width=30),
        Column("组织名称", "organization__name", width=30),
        Column("社区/村", "organization__community__name", width=16),
        Column("服务领域", "domain__name", width=12),
        Column("开始日期", "starts_on", group="项目", width=11),
        Column("结束日期", "ends_on", group="项目", width=11),
        Column("受益人次", "beneficiaries", group="项目"),
        Column("志愿服务时长（小时）", "volunteer_hours", group="项目", width=12),
        Column("资金来源", "funding_source", labels=dict(ProjectFunding.choices), group="资金", width=14),
        Column("金额（元）", "amount", group="资金", width=12),
    ),
    filterset_class=ProjectFilterSet,
    ordering=("-starts_on", "-id"),
    permission="evaluation.see_activity",
    list_url="service-project-list",
)

TRAININGS = ExportSpec(
    name="evaluation.trainings",
    title="能力培训",
    model=Training,
    annotations={"attendee_count": Count("attendees")},
    columns=(
        Column("培训名称", "title", width=30),
        Column("举办单位", "organizer", width=20),
        Column("举办区划", "region__name", width=16),
        Column("培训日期", "held_on", width=11),
        Column("学时", "hours"),
        Column("形式", "mode", labels=dict(TrainingMode.choices), width=10),
        Column("参训人数", "attendee_count"),
    ),
    filterset_class=TrainingFilterSet,
    ordering=("-held_on", "-id"),
    permission="evaluation.see_activity",
    list_url="training-list",
)

register(WORK_REPORTS, ROUND_RESULTS, BRANDS, SELECTIONS, PROJECTS, TRAININGS)
