"""Service projects (服务项目): what an organization carries out for its community in a year, with
beneficiaries, volunteer hours and funding (government purchase, 公益创投, 福彩公益金, own funds …)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied
from core.permissions import can, require
from core.trail import record
from registry.choices import OrganizationStatus
from registry.models import Organization, ServiceDomain, TargetGroup, User

from ..evaluation.choices import EvaluationAction, ProjectFunding
from ..evaluation.errors import EvaluationCode
from ..evaluation.rubric import decimal_of
from ..models import ServiceProject

PROJECT_FIELDS = (
    "title",
    "domain",
    "starts_on",
    "ends_on",
    "beneficiaries",
    "volunteer_hours",
    "funding_source",
    "amount",
    "description",
)
NUMBERS = {
    "volunteer_hours": ("志愿服务时长", Decimal("0.1"), Decimal("9999999.9")),
    "amount": ("项目金额", Decimal("0.01"), Decimal("9999999999.99")),
}


def _clean_dates(data: Mapping[str, Any], today: datetime.date) -> tuple[dict[str, Any], dict[str, list]]:
    cleaned, errors = {}, {}
    for name, label in (("starts_on", "开始日期"), ("ends_on", "结束日期")):
        value = data.get(name)
        if not isinstance(value, datetime.date):
            errors[name] = [ValidationError(f"请填写{label}", code=Code.REQUIRED)]
        cleaned[name] = value
    if "starts_on" not in errors and cleaned["starts_on"] > today:
        errors["starts_on"] = [
            ValidationError("只登记已开始实施的项目，开始日期不能晚于今天", code=EvaluationCode.FUTURE_DATE)
        ]
    if not errors and cleaned["ends_on"] < cleaned["starts_on"]:
        errors["ends_on"] = [
            ValidationError("结束日期不能早于开始日期", code=EvaluationCode.ENDS_BEFORE_START)
        ]
    return cleaned, errors


def clean_project(data: Mapping[str, Any], today: datetime.date) -> dict[str, Any]:
    """A project's fields checked together, every error at once."""
    cleaned, errors = _clean_dates(data, today)
    title = str(data.get("title") or "").strip()
    if not title or len(title) > 200:
        errors["title"] = [ValidationError("请填写项目名称（不超过200个字）", code=Code.REQUIRED)]
    cleaned["title"] = title
    domain = data.get("domain")
    if domain is not None and not isinstance(domain, ServiceDomain):
        errors["domain"] = [ValidationError("请选择服务领域", code=Code.INVALID_CHOICE)]
    cleaned["domain"] = domain
    if data.get("funding_source") not in ProjectFunding.values:
        errors["funding_source"] = [ValidationError("请选择资金来源", code=Code.INVALID_CHOICE)]
    cleaned["funding_source"] = data.get("funding_source")
    beneficiaries = data.get("beneficiaries") or 0
    if (
        isinstance(beneficiaries, bool)
        or not str(beneficiaries).isdigit()
        or int(beneficiaries) > 100_000_000
    ):
        errors["beneficiaries"] = [ValidationError("受益人次应为不小于0的整数", code=EvaluationCode.NEGATIVE)]
    else:
        cleaned["beneficiaries"] = int(beneficiaries)
    for name, (label, step, top) in NUMBERS.items():
        value = decimal_of(data.get(name) if data.get(name) not in (None, "") else 0)
        if value is None or value != value.quantize(step) or not Decimal(0) <= value <= top:
            errors[name] = [ValidationError(f"{label}应为不小于0的数", code=EvaluationCode.NEGATIVE)]
        cleaned[name] = value
    description = str(data.get("description") or "").strip()
    if len(description) > 5000:
        errors["description"] = [ValidationError("项目内容不能超过5000个字", code=Code.TOO_LONG)]
    cleaned["description"] = description
    if errors:
        raise ValidationError(errors)
    return cleaned


def _target_groups(data: Mapping[str, Any]) -> list[TargetGroup] | None:
    groups = data.get("target_groups")
    return None if groups is None else [group for group in groups if isinstance(group, TargetGroup)]


@transaction.atomic
def project_record(
    *, actor: User, organization_id: int, data: Mapping[str, Any], ip: str | None = None
) -> ServiceProject:
    """Record a project of an active organization: its own account, or its community's 两委 or street.

    Raises Organization.DoesNotExist outside the actor's scope and Denied for other roles."""
    organization = Organization.objects.for_user(actor).get(pk=organization_id)
    if not can(actor, "evaluation.record_project"):
        raise Denied("您的角色不能登记服务项目", code=Code.ROLE_NOT_ALLOWED)
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            {
                "organization": ValidationError(
                    "该组织已不在册，不能登记服务项目", code=EvaluationCode.NOT_ACTIVE
                )
            }
        )
    require(actor, "evaluation.record_project", organization, message="您无权为该组织登记服务项目")
    cleaned = clean_project(data, timezone.localdate())
    project = ServiceProject.objects.create(
        organization=organization, year=cleaned["starts_on"].year, created_by=actor, **cleaned
    )
    project.target_groups.set(_target_groups(data) or [])
    _record(actor, project, EvaluationAction.PROJECT_RECORDED, ip)
    return project


@transaction.atomic
def project_update(
    *, actor: User, project_id: int, data: Mapping[str, Any], ip: str | None = None
) -> ServiceProject:
    """Correct a project's record: those who may record projects for its organization."""
    project = (
        ServiceProject.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=project_id)
    )
    require(actor, "evaluation.change_project", project, message="您无权修改该服务项目")
    cleaned = clean_project(
        {**{name: getattr(project, name) for name in PROJECT_FIELDS}, **data}, timezone.localdate()
    )
    for name, value in cleaned.items():
        setattr(project, name, value)
    project.year = project.starts_on.year
    project.save(update_fields=[*cleaned, "year", "updated_at"])
    groups = _target_groups(data)
    if groups is not None:
        project.target_groups.set(groups)
    _record(actor, project, EvaluationAction.PROJECT_UPDATED, ip)
    return project


def _record(actor: User, project: ServiceProject, action: str, ip: str | None) -> None:
    record(
        actor=actor,
        action=action,
        subject=project,
        region=project.organization.community_id,
        organization=project.organization_id,
        label=f"服务项目：{project.title}"[:100],
        ip=ip,
    )
