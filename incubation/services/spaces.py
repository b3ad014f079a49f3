"""A base's spaces (rooms, desks) and its staff's trainings: kept by those who run the base."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from core.permissions import require
from core.trail import record
from registry.models import User

from ..choices import OCCUPYING_STATES, IncubationAction, SpaceKind
from ..errors import IncubationCode
from ..models import IncubationBase, Space, StaffTraining, Tenancy
from ..rules import current_rules
from . import checks
from .checks import Errors

SPACE_FIELDS = ("name", "kind", "capacity", "area", "for_tenants", "is_active")


def _runnable_base(actor: User, base_id: int) -> IncubationBase:
    base = IncubationBase.objects.for_user(actor).select_for_update(of=("self",)).get(pk=base_id)
    require(actor, "incubation.change_base", base, message="您无权管理该孵化基地")
    return base


def _clean_space(data: Mapping[str, Any], base: IncubationBase, space: Space | None) -> dict[str, Any]:
    errors, rules = Errors(), current_rules()
    cleaned = {
        "name": checks.text(errors, data, "name", "空间名称", 50),
        "kind": checks.choice(errors, data, "kind", "空间类型", SpaceKind),
        "capacity": checks.integer(
            errors,
            data,
            "capacity",
            "容纳组织数",
            minimum=1,
            maximum=rules.max_capacity,
            codes=(IncubationCode.CAPACITY_MIN, IncubationCode.CAPACITY_MAX),
        ),
        "area": checks.integer(
            errors,
            data,
            "area",
            "面积",
            minimum=1,
            maximum=rules.max_area,
            codes=(IncubationCode.AREA_MIN, IncubationCode.AREA_MAX),
            required=False,
        ),
        "for_tenants": bool(data.get("for_tenants")),
        "is_active": bool(data.get("is_active", True)),
    }
    same_name = Space.objects.unrestricted().filter(base=base, name=cleaned["name"])
    if cleaned["name"] and same_name.exclude(pk=getattr(space, "pk", None)).exists():
        errors.add("name", "本基地已有同名的空间", IncubationCode.DUPLICATE_SPACE_NAME)
    if space is not None:
        _check_occupied(errors, space, cleaned)
    errors.raise_if_any()
    return cleaned


def _check_occupied(errors: Errors, space: Space, cleaned: Mapping[str, Any]) -> None:
    """A space cannot shrink below, or be withdrawn from, the tenants it holds."""
    held = Tenancy.objects.unrestricted().filter(space=space, state__in=OCCUPYING_STATES).count()
    if not held:
        return
    if not cleaned["for_tenants"] or not cleaned["is_active"]:
        errors.add(
            "is_active",
            "该空间仍分配给%(n)d个入驻组织，不能停用或改为公共功能区",
            IncubationCode.SPACE_OCCUPIED,
            n=held,
        )
    if "capacity" not in errors and cleaned["capacity"] < held:
        errors.add(
            "capacity",
            "该空间现有%(n)d个入驻组织，容纳组织数不能少于%(n)d",
            IncubationCode.CAPACITY_BELOW_TENANTS,
            n=held,
        )


def _space_note(space: Space) -> str:
    use = "可分配给入驻组织" if space.for_tenants else "公共功能区"
    return f"{space.name}（{space.get_kind_display()}，容纳{space.capacity}，{use}）"


@transaction.atomic
def space_add(*, actor: User, base_id: int, data: Mapping[str, Any], ip: str | None = None) -> Space:
    """Add a room or desk area to a base."""
    base = _runnable_base(actor, base_id)
    space = Space.objects.create(base=base, **_clean_space(data, base, None))
    record(
        actor=actor,
        action=IncubationAction.SPACE_ADDED,
        subject=base,
        region=base.region_id,
        label=base.name,
        reason=_space_note(space),
        ip=ip,
    )
    return space


@transaction.atomic
def space_update(*, actor: User, space_id: int, data: Mapping[str, Any], ip: str | None = None) -> Space:
    """Change a space; one still holding tenants keeps room for them."""
    space = Space.objects.for_user(actor).select_related("base").get(pk=space_id)
    base = _runnable_base(actor, space.base_id)
    space = Space.objects.unrestricted().select_for_update().get(pk=space.pk)
    merged = {**{field: getattr(space, field) for field in SPACE_FIELDS}, **data}
    cleaned = _clean_space(merged, base, space)
    changed = [field for field in SPACE_FIELDS if getattr(space, field) != cleaned[field]]
    for field in changed:
        setattr(space, field, cleaned[field])
    if changed:
        space.save(update_fields=changed)
        record(
            actor=actor,
            action=IncubationAction.SPACE_UPDATED,
            subject=base,
            region=base.region_id,
            label=base.name,
            reason=_space_note(space),
            ip=ip,
        )
    return space


@transaction.atomic
def staff_training_record(
    *, actor: User, base_id: int, data: Mapping[str, Any], ip: str | None = None
) -> StaffTraining:
    """Record a training the base's staff attended (北京 附件 第九条)."""
    base = _runnable_base(actor, base_id)
    errors, rules = Errors(), current_rules()
    held_on = checks.date(errors, data, "held_on", "培训日期")
    checks.not_in_future(errors, "held_on", "培训日期", held_on)
    cleaned = {
        "title": checks.text(errors, data, "title", "培训名称", 100),
        "organizer": checks.text(errors, data, "organizer", "举办单位", 100),
        "held_on": held_on,
        "trainees": checks.integer(
            errors,
            data,
            "trainees",
            "参训人数",
            minimum=1,
            maximum=rules.max_participants,
            codes=(IncubationCode.PARTICIPANTS_MIN, IncubationCode.PARTICIPANTS_MAX),
        ),
        "hours": checks.decimal(
            errors,
            data,
            "hours",
            "学时",
            maximum=rules.max_service_hours,
            codes=(IncubationCode.HOURS_MIN, IncubationCode.HOURS_MAX),
            places=1,
        ),
    }
    errors.raise_if_any()
    training = StaffTraining.objects.create(base=base, recorded_by=actor, **cleaned)
    record(
        actor=actor,
        action=IncubationAction.STAFF_TRAINED,
        subject=base,
        region=base.region_id,
        label=base.name,
        reason=f"{training.title}（{training.held_on:%Y-%m-%d}，{training.trainees}人，{training.hours}学时）",
        ip=ip,
    )
    return training
