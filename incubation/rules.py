"""The configurable rules of incubation: deadlines, terms, limits and the two scored checklists.

Defaults come from the policy texts the platform ships with; a deployment changes them with the
``INCUBATION_RULES`` setting (a dict of the fields below), as filing does with ``FILING_RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    points: int  # the most the item can score


# A tenant's growth assessment (成长评估) when it graduates (出壳).
GROWTH_DIMENSIONS = (
    ChecklistItem("governance", "内部治理（章程、制度、决策）", 20),
    ChecklistItem("capacity", "服务能力（骨干队伍、专业水平）", 20),
    ChecklistItem("projects", "项目运作（设计、执行、评估）", 20),
    ChecklistItem("resources", "资源整合（资金、场地、志愿者）", 20),
    ChecklistItem("influence", "社会影响（居民认可、品牌）", 20),
)

# The bureau's yearly evaluation of a base (北京 附件 第二至九条).
EVALUATION_CHECKLIST = (
    ChecklistItem("party", "党建引领：党建活动室设置与党建工作开展", 10),
    ChecklistItem("facilities", "场地设施：功能区设置与使用效率", 15),
    ChecklistItem("rules", "制度建设：资产设备、场地使用、档案、信息系统、后勤保障制度", 15),
    ChecklistItem("staff", "运营团队：专职人员配备与培训", 15),
    ChecklistItem("incubation", "孵化成效：入驻、出壳及出壳后登记备案", 20),
    ChecklistItem("services", "服务提供：政策咨询、能力建设、品牌推广、合作交流", 15),
    ChecklistItem("funds", "经费管理：经费使用规范、绩效", 10),
)


@dataclass(frozen=True)
class IncubationRules:
    decision_working_days: int = 5  # the operator decides an application within this many working days
    due_soon_working_days: int = 2
    default_term_months: int = 12  # a planned term of 1–2 years by default
    max_term_months: int = 24
    max_extension_months: int = 12
    term_ending_days: int = 30  # a term ending this soon shows on the workbench
    max_subsidy: Decimal = Decimal("500000")  # one payment; more is a typing error
    max_service_hours: Decimal = Decimal("500")
    max_participants: int = 5000
    max_capacity: int = 500
    max_area: int = 100000  # square metres
    narrative_min_length: int = 10
    growth_dimensions: tuple[ChecklistItem, ...] = GROWTH_DIMENSIONS
    evaluation_checklist: tuple[ChecklistItem, ...] = EVALUATION_CHECKLIST
    # Lowest total score of each grade of a base's evaluation, best first; below the last: 不合格.
    grade_floors: tuple[tuple[str, int], ...] = field(default=(("excellent", 90), ("good", 75), ("pass", 60)))


def current_rules() -> IncubationRules:
    overrides = getattr(settings, "INCUBATION_RULES", {}) or {}
    return IncubationRules(**overrides)
