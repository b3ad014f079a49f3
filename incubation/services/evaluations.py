"""The yearly evaluation of a base (基地评估, 北京 附件 第六条): a scored checklist, its grade and a
narrative, by the bureau or by the street for a base of its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.permissions import require
from core.trail import record
from registry.models import User

from ..choices import BaseState, EvaluationGrade, IncubationAction
from ..errors import IncubationCode
from ..models import BaseEvaluation, IncubationBase
from ..rules import IncubationRules, current_rules
from . import checks
from .checks import Errors


def grade_of(total: int, rules: IncubationRules | None = None) -> str:
    """The grade a total earns: the best whose floor it reaches, 不合格 below them all."""
    for grade, floor in (rules or current_rules()).grade_floors:
        if total >= floor:
            return grade
    return EvaluationGrade.FAIL


def _scored(errors: Errors, given: Mapping[str, Any], rules: IncubationRules) -> list[dict[str, Any]]:
    """Each checklist item's score (0 to its points), kept with the item as it was when scored."""
    given = given if isinstance(given, Mapping) else {}
    items = []
    for item in rules.evaluation_checklist:
        field = f"score_{item.code}"
        value = checks.integer(
            errors,
            {field: given.get(item.code)},
            field,
            item.label.split("：")[0],
            minimum=0,
            maximum=item.points,
            codes=(IncubationCode.SCORE_RANGE, IncubationCode.SCORE_RANGE),
        )
        items.append({"code": item.code, "label": item.label, "points": item.points, "score": value or 0})
    return items


def _year(errors: Errors, base: IncubationBase, year: Any) -> int | None:
    """A year the approved base operated in, not yet evaluated."""
    if base.state not in (BaseState.OPEN, BaseState.CLOSED):
        errors.add("year", "该基地尚未批准设立，不能评估", IncubationCode.BASE_NOT_OPEN)
    first, today = base.opened_on.year, timezone.localdate()
    last = min(today.year, base.closed_on.year if base.closed_on else today.year)
    value = checks.integer(
        errors,
        {"year": year},
        "year",
        "评估年度",
        minimum=first,
        maximum=max(first, last),
        codes=(IncubationCode.YEAR_RANGE, IncubationCode.YEAR_RANGE),
    )
    if value and BaseEvaluation.objects.unrestricted().filter(base=base, year=value).exists():
        errors.add("year", "该基地%(year)d年度已评估", IncubationCode.ALREADY_EVALUATED, year=value)
    return value


@transaction.atomic
def base_evaluate(
    *,
    actor: User,
    base_id: int,
    year: Any,
    scores: Mapping[str, Any],
    narrative: str,
    ip: str | None = None,
) -> BaseEvaluation:
    """Evaluate an approved base for a year it operated in, once a year."""
    base = (
        IncubationBase.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("region")
        .get(pk=base_id)
    )
    require(actor, "incubation.evaluate", base, message="只有管理该基地的民政局或街道可以评估基地")
    errors, rules = Errors(), current_rules()
    value = _year(errors, base, year)
    items = _scored(errors, scores, rules)
    narrative = (narrative or "").strip()
    if len(narrative) < rules.narrative_min_length:
        errors.add(
            "narrative",
            "评估意见至少填写%(min)d个字",
            IncubationCode.NARRATIVE_TOO_SHORT,
            min=rules.narrative_min_length,
        )
    errors.raise_if_any()
    total = sum(item["score"] for item in items)
    evaluation = BaseEvaluation.objects.create(
        base=base,
        year=value,
        items=items,
        total=total,
        grade=grade_of(total, rules),
        narrative=narrative,
        evaluated_on=timezone.localdate(),
        evaluated_by=actor,
    )
    record(
        actor=actor,
        action=IncubationAction.EVALUATED,
        subject=base,
        region=base.region_id,
        label=base.name,
        reason=f"{value}年度：{total}分，{evaluation.get_grade_display()}",
        ip=ip,
    )
    return evaluation
