"""Brand organizations (品牌社区社会组织): designated by the street or the bureau, revoked with a
reason, kept as records; ``Organization.is_brand`` is set through the registry's own service so the
organization's history and every report dated in the past stay right. And the yearly selections
(评选) of brands and model project cases."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied, InvalidTransition
from core.permissions import can, require
from core.trail import record
from registry import services as registry
from registry.choices import OrganizationStatus
from registry.models import Organization, User

from ..evaluation.choices import BrandState, EvaluationAction, Grade
from ..evaluation.errors import EvaluationCode
from ..evaluation.periods import EARLIEST_YEAR
from ..models import BrandDesignation, EvaluationEntry

REASON_MAX = 2000


def latest_grade(organization_id: int) -> str:
    """The organization's grade in its last published round ("" if it has none): an internal read."""
    entry = (
        EvaluationEntry.objects.unrestricted()
        .published()
        .filter(organization_id=organization_id)
        .order_by("-round__year")
        .values_list("grade", flat=True)
        .first()
    )
    return entry or ""


def _text(value: Any, field: str, message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(message, code=Code.REQUIRED)})
    if len(text) > REASON_MAX:
        raise ValidationError({field: ValidationError(f"不能超过{REASON_MAX}个字", code=Code.TOO_LONG)})
    return text


def _clean_designation(data: Mapping[str, Any], today: datetime.date) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST_YEAR <= year <= today.year:
        errors["year"] = [
            ValidationError(f"认定年度应在{EARLIEST_YEAR}年至{today.year}年之间", code=Code.INVALID)
        ]
    cleaned["year"] = year
    day = data.get("designated_on") or today
    if not isinstance(day, datetime.date) or day > today:
        errors["designated_on"] = [ValidationError("认定日期不能晚于今天", code=EvaluationCode.FUTURE_DATE)]
    cleaned["designated_on"] = day
    try:
        cleaned["reason"] = _text(data.get("reason"), "reason", "请填写认定理由")
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def brand_designate(
    *, actor: User, organization_id: int, data: Mapping[str, Any], ip: str | None = None
) -> BrandDesignation:
    """Designate an active organization the actor manages as a brand, for a year, with a reason.

    Brands come from the organizations graded 优秀, normally; one whose last published grade is
    不合格 cannot be designated. Raises Organization.DoesNotExist outside the actor's scope and
    Denied where the actor does not manage the organization."""
    organization = Organization.objects.for_user(actor).select_for_update().get(pk=organization_id)
    if not can(actor, "evaluation.designate_brand"):
        raise Denied("只有街道和民政局可以认定品牌组织", code=Code.ROLE_NOT_ALLOWED)
    if organization.status == OrganizationStatus.ACTIVE:
        require(
            actor, "evaluation.designate_brand", organization, message="该组织不由您管理，不能认定为品牌组织"
        )
    cleaned = _clean_designation(data, timezone.localdate())
    grade = latest_grade(organization.pk)
    problem = _designation_problem(organization, grade)
    if problem:
        raise ValidationError({"organization": problem})
    designation = BrandDesignation.objects.create(
        organization=organization,
        office_id=_office_code(actor, organization),
        designated_by=actor,
        grade=grade,
        **cleaned,
    )
    registry.organization_update(actor=actor, organization_id=organization.pk, data={"is_brand": True}, ip=ip)
    record(
        actor=actor,
        action=EvaluationAction.BRAND_DESIGNATED,
        subject=designation,
        region=organization.community_id,
        organization=organization,
        label=f"品牌组织：{organization.name}",
        to_state=BrandState.ACTIVE,
        reason=designation.reason,
        ip=ip,
        details={"year": designation.year, "grade": grade},
    )
    return designation


def _designation_problem(organization: Organization, grade: str) -> ValidationError | None:
    if organization.status != OrganizationStatus.ACTIVE:
        return ValidationError("该组织已不在册，不能认定为品牌组织", code=EvaluationCode.NOT_ACTIVE)
    active = BrandDesignation.objects.unrestricted().filter(
        organization=organization, state=BrandState.ACTIVE
    )
    if active.exists():
        return ValidationError("该组织已是品牌组织", code=EvaluationCode.ALREADY_BRAND)
    if grade == Grade.FAIL:
        return ValidationError(
            "该组织最近一次年度评议为“不合格”，不能认定为品牌组织", code=EvaluationCode.FAILED_EVALUATION
        )
    return None


def _office_code(actor: User, organization: Organization) -> str:
    """The designating office: the actor's jurisdiction; for the superuser, the organization's street."""
    return actor.region_id or organization.street_code


@transaction.atomic
def brand_revoke(*, actor: User, designation_id: int, reason: str, ip: str | None = None) -> BrandDesignation:
    """Revoke a designation with a reason; the organization is no longer a brand from today."""
    designation = (
        BrandDesignation.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=designation_id)
    )
    if designation.state != BrandState.ACTIVE:
        raise InvalidTransition(
            "当前状态为“%(state)s”，不能办理“%(action)s”",
            params={"state": designation.get_state_display(), "action": "撤销品牌认定"},
        )
    require(actor, "evaluation.revoke_brand", designation, message="该组织不由您管理，不能撤销其品牌认定")
    designation.revoke_reason = _text(reason, "reason", "请填写撤销理由")
    designation.state, designation.revoked_by = BrandState.REVOKED, actor
    designation.revoked_on = timezone.localdate()
    designation.save(update_fields=["state", "revoked_by", "revoked_on", "revoke_reason"])
    organization = designation.organization
    registry.organization_update(
        actor=actor, organization_id=organization.pk, data={"is_brand": False}, ip=ip
    )
    record(
        actor=actor,
        action=EvaluationAction.BRAND_REVOKED,
        subject=designation,
        region=organization.community_id,
        organization=organization,
        label=f"品牌组织：{organization.name}",
        from_state=BrandState.ACTIVE,
        to_state=BrandState.REVOKED,
        reason=designation.revoke_reason,
        ip=ip,
    )
    return designation
