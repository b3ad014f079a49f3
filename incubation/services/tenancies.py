"""The tenancy workflow (入驻): one table of allowed transitions on the platform's workflow engine.

    (apply) → applied ─admit→ admitted ─move_in→ active ─extend→ extended ─┐
                 │  └─reject→ rejected      │            │        ↺ extend │
                 └─withdraw→ withdrawn      │            ├─graduate→ graduated (出壳)
                                            └────────────┴─exit→ exited (提前退出)

The base's operators (and the staff managing the base) decide an application within the working
days the rules give, admit it with a planned term and a space (or none: virtual incubation), take the
tenant in, extend its term, and see it graduate with a growth assessment or leave early; the
applicant may withdraw an application not yet decided. Each step locks the tenancy, checks the table
and the actor's part, writes with update_fields and appends one event to the trail.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from core.workflow import Place, StepContext, Transition, Workflow
from registry.models import User

from ..choices import OCCUPYING_STATES, TenancyState
from ..errors import IncubationCode
from ..models import Tenancy
from ..permissions import MANAGER, OPERATOR, OWNER, tenancy_parts
from ..rules import current_rules
from . import checks
from .checks import Errors
from .occupancy import ONE_DAY, check_space

S = TenancyState
RUNNERS = (OPERATOR, MANAGER)
IN_INCUBATION = frozenset({S.ACTIVE, S.EXTENDED})


def tenancy_label(tenancy: Tenancy) -> str:
    return f"{tenancy.name}入驻{tenancy.base.name}"


def _place(tenancy: Tenancy) -> Place:
    return Place(
        region=tenancy.base.region_id, organization=tenancy.organization_id, label=tenancy_label(tenancy)
    )


# -- the steps ----------------------------------------------------------------------------------------


def _decided(context: StepContext) -> list[str]:
    tenancy = context.obj
    tenancy.decided_at, tenancy.decided_by, tenancy.decision_note = (
        timezone.now(),
        context.actor,
        context.reason,
    )
    return ["decided_at", "decided_by", "decision_note"]


def _admit(context: StepContext) -> list[str]:
    tenancy, errors, rules = context.obj, Errors(), current_rules()
    start = checks.date(errors, context.extra, "planned_start", "计划入驻日期")
    end = checks.date(errors, context.extra, "planned_end", "计划出壳日期")
    checks.ordered(errors, "planned_end", start, end, "计划出壳日期应晚于计划入驻日期")
    if start is not None and start < tenancy.base.opened_on:
        errors.add("planned_start", "计划入驻日期不能早于基地启用日期", IncubationCode.BEFORE_OPENING)
    if start and end and end > checks.add_months(start, rules.max_term_months):
        errors.add(
            "planned_end",
            "入驻期限不超过%(months)d个月",
            IncubationCode.TERM_TOO_LONG,
            months=rules.max_term_months,
        )
    space_id = context.extra.get("space")
    space = None
    if space_id and start and end and "planned_end" not in errors:
        space = check_space(errors, tenancy, getattr(space_id, "pk", space_id), start, end)
    errors.raise_if_any()
    tenancy.planned_start, tenancy.planned_end, tenancy.space = start, end, space
    return ["planned_start", "planned_end", "space", *_decided(context)]


def _move_in(context: StepContext) -> list[str]:
    tenancy, errors = context.obj, Errors()
    started = checks.date(errors, context.extra, "started_on", "入驻日期")
    checks.not_in_future(errors, "started_on", "入驻日期", started)
    if started and "started_on" not in errors and not tenancy.planned_start <= started <= tenancy.planned_end:
        errors.add(
            "started_on",
            "入驻日期应在计划入驻期限（%(start)s至%(end)s）内",
            IncubationCode.OUTSIDE_TERM,
            start=f"{tenancy.planned_start:%Y-%m-%d}",
            end=f"{tenancy.planned_end:%Y-%m-%d}",
        )
    errors.raise_if_any()
    tenancy.started_on = started
    return ["started_on"]


def _extend(context: StepContext) -> list[str]:
    tenancy, errors, rules = context.obj, Errors(), current_rules()
    old_end = tenancy.planned_end
    end = checks.date(errors, context.extra, "planned_end", "延期后的出壳日期")
    checks.ordered(errors, "planned_end", old_end, end, "延期后的出壳日期应晚于原计划出壳日期")
    if end and "planned_end" not in errors and end > checks.add_months(old_end, rules.max_extension_months):
        errors.add(
            "planned_end",
            "每次延期不超过%(months)d个月",
            IncubationCode.EXTENSION_TOO_LONG,
            months=rules.max_extension_months,
        )
    if end and "planned_end" not in errors and tenancy.space_id:
        check_space(errors, tenancy, tenancy.space_id, old_end + ONE_DAY, end, field="planned_end")
    errors.raise_if_any()
    tenancy.planned_end, tenancy.extensions = end, tenancy.extensions + 1
    return ["planned_end", "extensions"]


def _ended(context: StepContext, errors: Errors) -> datetime.date | None:
    tenancy = context.obj
    ended = checks.date(errors, context.extra, "ended_on", "离开日期")
    checks.not_in_future(errors, "ended_on", "离开日期", ended)
    if ended and tenancy.started_on and ended < tenancy.started_on:
        errors.add("ended_on", "离开日期不能早于入驻日期", IncubationCode.ENDS_BEFORE_START)
    return ended


def _graduate(context: StepContext) -> list[str]:
    tenancy, errors, rules = context.obj, Errors(), current_rules()
    ended = _ended(context, errors)
    scores = _growth_scores(errors, context.extra.get("scores") or {})
    if len(context.reason) < rules.narrative_min_length:
        errors.add(
            "growth_narrative",
            "成长评估意见至少填写%(min)d个字",
            IncubationCode.NARRATIVE_TOO_SHORT,
            min=rules.narrative_min_length,
        )
    errors.raise_if_any()
    tenancy.ended_on, tenancy.growth_scores = ended, scores
    tenancy.growth_total = sum(item["score"] for item in scores)
    tenancy.growth_narrative = context.reason
    return ["ended_on", "growth_scores", "growth_total", "growth_narrative"]


def _growth_scores(errors: Errors, given: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each dimension's score (0 to its points), kept with the checklist as it was when scored."""
    if not isinstance(given, Mapping):
        given = {}
    scored = []
    for item in current_rules().growth_dimensions:
        field = f"score_{item.code}"
        value = checks.integer(
            errors,
            {field: given.get(item.code)},
            field,
            item.label.split("（")[0],
            minimum=0,
            maximum=item.points,
            codes=(IncubationCode.SCORE_RANGE, IncubationCode.SCORE_RANGE),
        )
        scored.append({"code": item.code, "label": item.label, "points": item.points, "score": value or 0})
    return scored


def _exit(context: StepContext) -> list[str]:
    tenancy, errors = context.obj, Errors()
    ended = _ended(context, errors)
    errors.raise_if_any()
    # The space is handed back: a tenancy that has ended holds no space (see OCCUPYING_STATES).
    tenancy.ended_on, tenancy.end_reason = ended, context.reason
    return ["ended_on", "end_reason"]


TENANCY = Workflow(
    name="tenancy",
    title="入驻",
    model=Tenancy,
    parts=tenancy_parts,
    place=_place,
    related=("base",),
    transitions=(
        Transition(
            "admit",
            "准予入驻",
            S.ADMITTED,
            {part: frozenset({S.APPLIED}) for part in RUNNERS},
            step=_admit,
            done="已准予入驻。",
        ),
        Transition(
            "reject",
            "不予入驻",
            S.REJECTED,
            {part: frozenset({S.APPLIED}) for part in RUNNERS},
            reason_required=True,
            step=_decided,
            done="已作出不予入驻的决定。",
        ),
        Transition(
            "withdraw", "撤回申请", S.WITHDRAWN, {OWNER: frozenset({S.APPLIED})}, done="已撤回入驻申请。"
        ),
        Transition(
            "move_in",
            "入驻",
            S.ACTIVE,
            {part: frozenset({S.ADMITTED}) for part in RUNNERS},
            step=_move_in,
            done="已入驻，开始孵化。",
        ),
        Transition(
            "extend",
            "延期孵化",
            S.EXTENDED,
            {part: IN_INCUBATION for part in RUNNERS},
            reason_required=True,
            step=_extend,
            done="已延期，计划出壳日期为 {obj.planned_end:%Y-%m-%d}。",
        ),
        Transition(
            "graduate",
            "出壳",
            S.GRADUATED,
            {part: IN_INCUBATION for part in RUNNERS},
            reason_required=True,
            reason_field="growth_narrative",
            reason_message="请填写成长评估意见",
            step=_graduate,
            done="已出壳，成长评估总分 {obj.growth_total} 分。",
        ),
        Transition(
            "exit",
            "提前退出",
            S.EXITED,
            {part: frozenset(OCCUPYING_STATES) for part in RUNNERS},
            reason_required=True,
            step=_exit,
            done="已办理退出，所用空间已交回。",
        ),
    ),
)


def tenancy_allowed_actions(actor: User, tenancy: Tenancy) -> list[Transition]:
    """The steps the actor may take now, for buttons and the API's hints (the tenancy is in scope)."""
    return TENANCY.allowed(actor, tenancy)


def tenancy_admit(
    *,
    actor: User,
    tenancy_id: int,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
    space: int | None = None,
    note: str = "",
    ip: str | None = None,
) -> Tenancy:
    """Admit (准予入驻) with a planned term of at most the rules' months and a space of the base with
    room for the whole term; no space is virtual incubation (虚拟孵化)."""
    return TENANCY.move(
        actor=actor,
        pk=tenancy_id,
        action="admit",
        reason=note,
        ip=ip,
        planned_start=planned_start,
        planned_end=planned_end,
        space=space,
    )


def tenancy_reject(*, actor: User, tenancy_id: int, reason: str, ip: str | None = None) -> Tenancy:
    """Refuse the application (不予入驻), with the reason the applicant reads."""
    return TENANCY.move(actor=actor, pk=tenancy_id, action="reject", reason=reason, ip=ip)


def tenancy_withdraw(*, actor: User, tenancy_id: int, note: str = "", ip: str | None = None) -> Tenancy:
    """The applicant withdraws an application not yet decided."""
    return TENANCY.move(actor=actor, pk=tenancy_id, action="withdraw", reason=note, ip=ip)


def tenancy_move_in(
    *, actor: User, tenancy_id: int, started_on: datetime.date | None, ip: str | None = None
) -> Tenancy:
    """The admitted organization moves in (入驻) on a day of its planned term: incubation begins."""
    return TENANCY.move(actor=actor, pk=tenancy_id, action="move_in", ip=ip, started_on=started_on)


def tenancy_extend(
    *, actor: User, tenancy_id: int, planned_end: datetime.date | None, reason: str, ip: str | None = None
) -> Tenancy:
    """Extend the term (延期孵化) by at most the rules' months; its space must have room for it."""
    return TENANCY.move(
        actor=actor, pk=tenancy_id, action="extend", reason=reason, ip=ip, planned_end=planned_end
    )


def tenancy_graduate(
    *,
    actor: User,
    tenancy_id: int,
    ended_on: datetime.date | None,
    scores: Mapping[str, Any],
    narrative: str,
    ip: str | None = None,
) -> Tenancy:
    """Graduate (出壳) with the growth assessment (成长评估): a score per dimension and a narrative."""
    return TENANCY.move(
        actor=actor,
        pk=tenancy_id,
        action="graduate",
        reason=narrative,
        ip=ip,
        ended_on=ended_on,
        scores=scores,
    )


def tenancy_exit(
    *, actor: User, tenancy_id: int, ended_on: datetime.date | None, reason: str, ip: str | None = None
) -> Tenancy:
    """End a tenancy early (提前退出): the space is handed back the day it ends."""
    return TENANCY.move(actor=actor, pk=tenancy_id, action="exit", reason=reason, ip=ip, ended_on=ended_on)
