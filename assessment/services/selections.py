"""Selections (评选): a street's or a bureau's yearly selection of brand organizations and model
project cases (Taicang: 开展品牌社区社会组织和优秀典型项目案例评选活动), and their results."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code
from core.permissions import require
from core.trail import record
from registry.models import Organization, Region, User

from ..evaluation.choices import AwardKind, EvaluationAction
from ..evaluation.errors import EvaluationCode
from ..evaluation.periods import EARLIEST_YEAR
from ..models import Selection, SelectionAward, ServiceProject


def _clean_selection(data: Mapping[str, Any], today: datetime.date) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    title = str(data.get("title") or "").strip()
    if not title or len(title) > 200:
        errors["title"] = [ValidationError("请填写评选名称（不超过200个字）", code=Code.REQUIRED)]
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST_YEAR <= year <= today.year:
        errors["year"] = [
            ValidationError(f"年度应在{EARLIEST_YEAR}年至{today.year}年之间", code=Code.INVALID)
        ]
    held_on = data.get("held_on")
    if not isinstance(held_on, datetime.date) or held_on > today:
        errors["held_on"] = [
            ValidationError("评选日期不能为空，也不能晚于今天", code=EvaluationCode.FUTURE_DATE)
        ]
    note = str(data.get("note") or "").strip()
    if len(note) > 5000:
        errors["note"] = [ValidationError("说明不能超过5000个字", code=Code.TOO_LONG)]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "year": year, "held_on": held_on, "note": note}


@transaction.atomic
def selection_record(
    *, actor: User, data: Mapping[str, Any], region_code: str = "", ip: str | None = None
) -> Selection:
    """Record a selection held by the actor's office (a superuser names the region)."""
    require(actor, "evaluation.record_selection", message="只有街道和民政局可以登记评选活动")
    code = region_code or actor.region_id or ""
    if not code:
        raise ValidationError({"region": ValidationError("请选择举办评选的辖区", code=Code.REQUIRED)})
    region = Region.objects.for_user(actor).get(pk=code)
    cleaned = _clean_selection(data, timezone.localdate())
    duplicate = Selection.objects.unrestricted().filter(
        region=region, year=cleaned["year"], title=cleaned["title"]
    )
    if duplicate.exists():
        raise ValidationError(
            {"title": ValidationError("本辖区该年度已有同名评选", code=EvaluationCode.DUPLICATE_SELECTION)}
        )
    selection = Selection.objects.create(region=region, created_by=actor, **cleaned)
    record(
        actor=actor,
        action=EvaluationAction.SELECTION_RECORDED,
        subject=selection,
        region=region.code,
        label=selection.title,
        ip=ip,
    )
    return selection


def _award_target(
    actor: User, selection: Selection, kind: str, organization_id: Any, project_id: Any
) -> tuple[Organization, ServiceProject | None]:
    if kind not in AwardKind.values:
        raise ValidationError({"kind": ValidationError("请选择表彰类别", code=Code.INVALID_CHOICE)})
    organization = (
        Organization.objects.for_user(actor)
        .filter(pk=organization_id if str(organization_id).isdigit() else None)
        .first()
    )
    if organization is None or not selection.region.contains(organization.community_id):
        raise ValidationError(
            {"organization": ValidationError("请选择本次评选范围内的组织", code=Code.OUTSIDE_JURISDICTION)}
        )
    if kind != AwardKind.PROJECT:
        return organization, None
    project = (
        ServiceProject.objects.for_user(actor)
        .filter(pk=project_id if str(project_id).isdigit() else None)
        .first()
    )
    if project is None or project.organization_id != organization.pk:
        raise ValidationError(
            {"project": ValidationError("请选择该组织实施的服务项目", code=EvaluationCode.PROJECT_MISMATCH)}
        )
    return organization, project


@transaction.atomic
def award_record(
    *, actor: User, selection_id: int, data: Mapping[str, Any], ip: str | None = None
) -> SelectionAward:
    """Record one result of a selection: a brand, a model project case (with its project) or a model."""
    selection = (
        Selection.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("region")
        .get(pk=selection_id)
    )
    require(actor, "evaluation.record_selection", selection, message="只有举办评选的街道或民政局可以登记结果")
    kind = str(data.get("kind") or "")
    organization, project = _award_target(
        actor, selection, kind, data.get("organization"), data.get("project")
    )
    title = str(data.get("title") or "").strip() or AwardKind(kind).label
    if len(title) > 100:
        raise ValidationError({"title": ValidationError("奖项名称不能超过100个字", code=Code.TOO_LONG)})
    duplicate = SelectionAward.objects.unrestricted().filter(
        selection=selection, kind=kind, organization=organization, project=project
    )
    if duplicate.exists():
        raise ValidationError(
            {
                "organization": ValidationError(
                    "该组织已在本次评选中获得此类表彰", code=EvaluationCode.DUPLICATE_AWARD
                )
            }
        )
    award = SelectionAward.objects.create(
        selection=selection,
        kind=kind,
        organization=organization,
        project=project,
        title=title,
        note=str(data.get("note") or "").strip()[:2000],
    )
    record(
        actor=actor,
        action=EvaluationAction.AWARD_RECORDED,
        subject=selection,
        region=organization.community_id,
        organization=organization,
        label=f"{selection.title}：{title}",
        ip=ip,
        details={"award": award.pk, "kind": kind, "project": project.pk if project else None},
    )
    return award
