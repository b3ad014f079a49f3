"""Trainings (能力培训): a course held by a bureau, a street or a community, and who attended it —
organizations' leaders and core members (Taicang: 负责人及其他骨干人员参加不少于1次能力培训) and the
other audiences the national plan names (街道民政助理, 社区工作者, 社区社会工作者, 志愿者 …), so that
person-times (人次) and class hours (学时) add up by area."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code
from core.permissions import require
from core.trail import record
from registry.choices import OrganizationStatus, RegionLevel
from registry.models import Organization, Region, User

from ..evaluation.choices import (
    ORGANIZATION_AUDIENCES,
    Audience,
    EvaluationAction,
    TrainingMode,
    TrainingTopic,
)
from ..evaluation.errors import EvaluationCode
from ..evaluation.rubric import decimal_of
from ..models import Training, TrainingAttendee

TRAINING_FIELDS = ("title", "organizer", "held_on", "hours", "mode", "topics")
MAX_HOURS = Decimal(200)


def clean_training(data: Mapping[str, Any], today: datetime.date) -> dict[str, Any]:
    """A training's fields checked together: held (not planned), 0.5 … 200 class hours."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    for name, label, limit in (("title", "培训名称", 200), ("organizer", "举办单位", 100)):
        text = str(data.get(name) or "").strip()
        if not text or len(text) > limit:
            errors[name] = [ValidationError(f"请填写{label}（不超过{limit}个字）", code=Code.REQUIRED)]
        cleaned[name] = text
    held_on = data.get("held_on")
    if not isinstance(held_on, datetime.date) or held_on > today:
        errors["held_on"] = [
            ValidationError("请填写已举办培训的日期（不能晚于今天）", code=EvaluationCode.FUTURE_DATE)
        ]
    cleaned["held_on"] = held_on
    hours = decimal_of(data.get("hours"))
    if hours is None or hours != hours.quantize(Decimal("0.1")) or not Decimal("0.5") <= hours <= MAX_HOURS:
        errors["hours"] = [ValidationError("学时应在0.5到200之间（至多一位小数）", code=Code.INVALID)]
    cleaned["hours"] = hours
    mode = data.get("mode") or TrainingMode.OFFLINE
    if mode not in TrainingMode.values:
        errors["mode"] = [ValidationError("请选择培训方式", code=Code.INVALID_CHOICE)]
    cleaned["mode"] = mode
    topics = list(data.get("topics") or [])
    if any(topic not in TrainingTopic.values for topic in topics):
        errors["topics"] = [ValidationError("培训内容中有未知的选项", code=Code.INVALID_CHOICE)]
    cleaned["topics"] = list(dict.fromkeys(topics))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def training_record(
    *, actor: User, data: Mapping[str, Any], region_code: str = "", ip: str | None = None
) -> Training:
    """Record a training held by the actor's office (or by an office below it)."""
    require(actor, "evaluation.record_training", message="只有民政局、街道和社区可以登记能力培训")
    code = region_code or actor.region_id or ""
    if not code:
        raise ValidationError({"region": ValidationError("请选择举办培训的辖区", code=Code.REQUIRED)})
    region = Region.objects.for_user(actor).get(pk=code)
    cleaned = clean_training(data, timezone.localdate())
    training = Training.objects.create(region=region, created_by=actor, **cleaned)
    _record(actor, training, EvaluationAction.TRAINING_RECORDED, ip)
    return training


@transaction.atomic
def training_update(
    *, actor: User, training_id: int, data: Mapping[str, Any], ip: str | None = None
) -> Training:
    training = _changeable(actor, training_id)
    current = {name: getattr(training, name) for name in TRAINING_FIELDS}
    cleaned = clean_training({**current, **data}, timezone.localdate())
    for name, value in cleaned.items():
        setattr(training, name, value)
    training.save(update_fields=list(cleaned))
    _record(actor, training, EvaluationAction.TRAINING_UPDATED, ip)
    return training


def _changeable(actor: User, training_id: int) -> Training:
    training = (
        Training.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("region")
        .get(pk=training_id)
    )
    require(actor, "evaluation.change_training", training, message="只有举办培训的单位可以修改培训记录")
    return training


# -- attendees ----------------------------------------------------------------------------------------


def _organizations(actor: User, training: Training, ids: Iterable[Any]) -> list[Organization]:
    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    found = list(
        Organization.objects.for_user(actor)
        .filter(
            pk__in=wanted,
            status=OrganizationStatus.ACTIVE,
            community__code__startswith=training.region.prefix,
        )
        .order_by("name_pinyin")
    )
    if not wanted or len(found) != len(set(wanted)):
        raise ValidationError(
            {
                "organizations": ValidationError(
                    "请选择本次培训范围内的在册组织", code=EvaluationCode.OUTSIDE_TRAINING
                )
            }
        )
    return found


@transaction.atomic
def training_add_leaders(
    *, actor: User, training_id: int, organization_ids: Iterable[Any], ip: str | None = None
) -> int:
    """The leaders of the chosen organizations attended (one 人次 each, placed in their community);
    those already listed are skipped. Returns how many were added."""
    training = _changeable(actor, training_id)
    organizations = _organizations(actor, training, organization_ids)
    listed = set(
        TrainingAttendee.objects.unrestricted()
        .filter(training=training, organization__isnull=False)
        .values_list("organization_id", "name")
    )
    new = [
        TrainingAttendee(
            training=training,
            audience=Audience.LEADER,
            name=organization.leader_name,
            organization=organization,
            region_id=organization.community_id,
        )
        for organization in organizations
        if (organization.pk, organization.leader_name) not in listed
    ]
    if new:  # all of them listed already: nothing changed, nothing to record
        TrainingAttendee.objects.bulk_create(new)
        _record(actor, training, EvaluationAction.ATTENDEES_ADDED, ip, {"leaders": len(new)})
    return len(new)


def _clean_person(actor: User, training: Training, data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    audience = data.get("audience")
    if audience not in Audience.values:
        raise ValidationError({"audience": ValidationError("请选择人员类别", code=Code.INVALID_CHOICE)})
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 50:
        errors["name"] = [ValidationError("请填写姓名（不超过50个字）", code=Code.REQUIRED)]
    person: dict[str, Any] = {"audience": audience, "name": name, "organization": None}
    if audience in ORGANIZATION_AUDIENCES:
        try:
            person["organization"] = _organizations(actor, training, [data.get("organization")])[0]
        except ValidationError:
            errors["organization"] = [
                ValidationError(
                    "组织负责人和骨干须选择所在组织（本次培训范围内）",
                    code=EvaluationCode.ORGANIZATION_REQUIRED,
                )
            ]
        else:
            person["region"] = Region.objects.unrestricted().get(pk=person["organization"].community_id)
    else:
        region = Region.objects.for_user(actor).filter(pk=str(data.get("region") or "")).first()
        if region is None or region.level < RegionLevel.STREET or not training.region.contains(region.code):
            errors["region"] = [
                ValidationError(
                    "请选择本次培训范围内的街道（乡镇）或社区（村）", code=EvaluationCode.OUTSIDE_TRAINING
                )
            ]
        person["region"] = region
    if errors:
        raise ValidationError(errors)
    return person


@transaction.atomic
def training_add_attendee(
    *, actor: User, training_id: int, data: Mapping[str, Any], ip: str | None = None
) -> TrainingAttendee:
    """One more attendee: a core member of an organization, or a civil-affairs assistant, community
    worker, social worker, child director or volunteer of a street or community."""
    training = _changeable(actor, training_id)
    person = _clean_person(actor, training, data)
    if (
        TrainingAttendee.objects.unrestricted()
        .filter(training=training, region=person["region"], name=person["name"])
        .exists()
    ):
        raise ValidationError(
            {"name": ValidationError("该人员已登记参加本次培训", code=EvaluationCode.DUPLICATE_ATTENDEE)}
        )
    attendee = TrainingAttendee.objects.create(training=training, **person)
    _record(actor, training, EvaluationAction.ATTENDEES_ADDED, ip, {"attendee": attendee.pk})
    return attendee


@transaction.atomic
def training_remove_attendee(*, actor: User, attendee_id: int, ip: str | None = None) -> Training:
    """Take a wrongly listed attendee off a training's list."""
    attendee = TrainingAttendee.objects.for_user(actor).select_related("training").get(pk=attendee_id)
    training = _changeable(actor, attendee.training_id)
    TrainingAttendee.objects.unrestricted().filter(pk=attendee.pk).delete()
    _record(actor, training, EvaluationAction.ATTENDEE_REMOVED, ip, {"name": attendee.name})
    return training


def _record(
    actor: User, training: Training, action: str, ip: str | None, details: dict[str, Any] | None = None
) -> None:
    record(
        actor=actor,
        action=action,
        subject=training,
        region=training.region_id,
        label=f"能力培训：{training.title}"[:100],
        ip=ip,
        details=details,
    )
