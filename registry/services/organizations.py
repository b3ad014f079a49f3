"""Writes of organizations: create, update, and the audited reveal of personal data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from core.errors import Code, field_error
from core.permissions import require
from core.trail import record

from ..choices import AuditAction, OrganizationStatus, Tier
from ..errors import RegistryCode
from ..identifiers import mask_phone, mask_resident_id, normalize_credit_code, normalize_resident_id
from ..models import Organization, Region, User
from ..models.organizations import ORGANIZATION_HISTORY
from ..pinyin import romanize

M2M_FIELDS = ("domains", "target_groups")
PERSONAL_FIELDS = ("leader_id_number", "leader_phone")
EDITABLE_FIELDS = (
    "name",
    "tier",
    "category",
    "community",
    "founded_on",
    "leader_name",
    "leader_id_number",
    "leader_phone",
    "credit_code",
    "member_count",
    "party_building",
    "leader_party_member",
    "charter",
    "venue",
    "funding_sources",
    "is_brand",
)


def _placement_errors(
    *, actor: User, tier: str, community: Region | None, tiers: frozenset[str] | None = None
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if tier and tier not in (actor.editable_tiers if tiers is None else tiers):
        errors["tier"] = [
            ValidationError(
                "您无权登记或修改“%(tier)s”的组织",
                code=RegistryCode.TIER_NOT_ALLOWED,
                params={"tier": Tier(tier).label},
            )
        ]
    if community is None:
        return errors
    if not community.is_community:
        errors["community"] = [ValidationError("请选择社区或村", code=RegistryCode.NOT_A_COMMUNITY)]
    elif not Region.objects.for_user(actor).filter(pk=community.pk).exists():
        errors["community"] = [ValidationError("所选社区/村不在您的辖区内", code=Code.OUTSIDE_JURISDICTION)]
    return errors


def check_placement(*, actor: User, tier: str, community: Region) -> None:
    """The actor may only place an organization of a tier they manage in a community they govern."""
    errors = _placement_errors(actor=actor, tier=tier, community=community)
    if errors:
        raise ValidationError(errors)


# Constraint violations are reported on the field the user has to change.
CONSTRAINT_FIELDS = {
    "duplicate_name": "name",
    "duplicate_credit_code": "credit_code",
    "credit_code_tier": "credit_code",
}


def _validate(*, actor: User, organization: Organization, tiers: frozenset[str] | None = None) -> None:
    """All problems at once: the actor's placement rights and the model's own validation."""
    community = Region.objects.unrestricted().filter(pk=organization.community_id).first()
    errors = _placement_errors(actor=actor, tier=organization.tier, community=community, tiers=tiers)
    try:
        organization.full_clean()
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            for message in messages:
                target = CONSTRAINT_FIELDS.get(message.code, field) if field == NON_FIELD_ERRORS else field
                errors.setdefault(target, []).append(message)
    if errors:
        raise ValidationError(errors)


def _normalized(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "leader_id_number" in data:
        data["leader_id_number"] = normalize_resident_id(data["leader_id_number"] or "")
    if "credit_code" in data:
        data["credit_code"] = normalize_credit_code(data["credit_code"] or "")
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    return data


def _apply(organization: Organization, data: dict[str, Any]) -> list[str]:
    """Set the given fields; returns the names of those whose value changed."""
    changed = []
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        if field == "charter" and not data[field]:
            continue  # no new upload keeps the stored charter
        model_field = Organization._meta.get_field(field)
        value = data[field]
        if model_field.is_relation:
            differs = getattr(organization, model_field.attname) != getattr(value, "pk", None)
        else:
            differs = field == "charter" or getattr(organization, field) != value
        if differs:
            setattr(organization, field, value)
            changed.append(field)
    if "name" in changed or not organization.name_pinyin:
        organization.name_pinyin, organization.name_initials = romanize(organization.name)
    return changed


def _set_m2m(organization: Organization, data: dict[str, Any]) -> list[str]:
    changed = []
    for field in M2M_FIELDS:
        if field not in data:
            continue
        new = {item.pk for item in data[field]}
        manager = getattr(organization, field)
        if organization.pk and new == set(manager.values_list("pk", flat=True)):
            continue
        manager.set(new)
        changed.append(field)
    return changed


def field_labels(names: Iterable[str]) -> list[str]:
    return [str(Organization._meta.get_field(name).verbose_name) for name in names]


@contextmanager
def _one_history_row(organization: Organization, *, actor: User, history_type: str) -> Iterator[list[str]]:
    """Silence the per-signal history rows inside; afterwards write one row of the final state,
    fields and relations together, if the block named a reason."""
    reason: list[str] = []
    organization.skip_history_when_saving = True
    try:
        yield reason
    finally:
        del organization.skip_history_when_saving
    if reason:
        organization._change_reason = reason[0]
        organization._history_user = actor
        ORGANIZATION_HISTORY.create_historical_record(organization, history_type)


# Two requests can both pass the checks and race to the database; the loser's collision is the same
# field error the checks give.
COLLISIONS = {
    "org_name_unique_in_street_while_active": (
        "name",
        "本街道（乡镇）已有同名的在册组织",
        RegistryCode.DUPLICATE_NAME,
    ),
    "org_credit_code_unique": (
        "credit_code",
        "该统一社会信用代码已被其他组织使用",
        RegistryCode.DUPLICATE_CREDIT_CODE,
    ),
}


@contextmanager
def _collisions_as_field_errors() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        for constraint, (field, message, code) in COLLISIONS.items():
            if constraint in str(error):
                raise field_error(field, message, code) from None
        raise


def _create(*, actor: User, data: dict[str, Any], tiers: frozenset[str], ip: str | None) -> Organization:
    data = _normalized(data)
    organization = Organization()
    _apply(organization, data)
    _validate(actor=actor, organization=organization, tiers=tiers)
    with _one_history_row(organization, actor=actor, history_type="+") as reason:
        with _collisions_as_field_errors():
            organization.save()
        _set_m2m(organization, data)
        reason.append("新建")
    record(
        actor=actor,
        action=AuditAction.ORGANIZATION_CREATED,
        region=organization.community_id,
        organization=organization,
        subject=organization,
        to_state=organization.status,
        ip=ip,
    )
    return organization


@transaction.atomic
def organization_create(*, actor: User, data: dict[str, Any], ip: str | None = None) -> Organization:
    """Enter an organization directly, of a tier the actor may create (``creatable_tiers``), in a
    community of their jurisdiction: the bureau registers, the community records a guided group."""
    return _create(actor=actor, data=data, tiers=actor.creatable_tiers, ip=ip)


@transaction.atomic
def organization_file(*, actor: User, data: dict[str, Any], ip: str | None = None) -> Organization:
    """The organization an approved new filing brings into the register: always filed (备案), by
    the street that approved it."""
    return _create(actor=actor, data={**data, "tier": Tier.FILED}, tiers=actor.editable_tiers, ip=ip)


def _require_active(organization: Organization) -> None:
    """A revoked or deregistered organization is kept as it ended: no edits, no second ending."""
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            "该组织已不在册（%(status)s）",
            code=RegistryCode.NOT_ACTIVE,
            params={"status": organization.get_status_display()},
        )


@transaction.atomic
def organization_update(
    *, actor: User, organization_id: int, data: dict[str, Any], ip: str | None = None
) -> Organization:
    """Change an organization the actor manages; raises Organization.DoesNotExist outside scope."""
    organization = Organization.objects.for_user(actor, "change").select_for_update().get(pk=organization_id)
    _require_active(organization)
    data = _normalized(data)
    changed = _apply(organization, data)
    if changed:
        _validate(actor=actor, organization=organization)
    with _one_history_row(organization, actor=actor, history_type="~") as reason:
        if changed:
            with _collisions_as_field_errors():
                organization.save(update_fields=[*changed, "name_pinyin", "name_initials", "updated_at"])
        changed += _set_m2m(organization, data)
        if changed:
            reason.append("修改：" + "、".join(field_labels(changed)))
    if changed:
        record(
            actor=actor,
            action=AuditAction.ORGANIZATION_UPDATED,
            region=organization.community_id,
            organization=organization,
            subject=organization,
            ip=ip,
            details={"fields": changed},  # names only: the values of personal fields stay out of the trail
        )
    return organization


END_ACTIONS = {
    OrganizationStatus.REVOKED: AuditAction.ORGANIZATION_REVOKED,
    OrganizationStatus.DEREGISTERED: AuditAction.ORGANIZATION_DEREGISTERED,
}


@transaction.atomic
def organization_end(
    *, actor: User, organization_id: int, status: str, reason: str, ip: str | None = None
) -> Organization:
    """Revocation (取消备案) or deregistration (注销): the organization leaves the directory.

    Organizations are never deleted; the record, its history and its trail stay.
    """
    if status not in END_ACTIONS:
        raise ValueError(f"not an end status: {status}")
    if not reason.strip():
        raise ValidationError({"reason": ValidationError("请填写原因", code=Code.REASON_REQUIRED)})
    organization = Organization.objects.for_user(actor, "change").select_for_update().get(pk=organization_id)
    _require_active(organization)
    previous = organization.status
    with _one_history_row(organization, actor=actor, history_type="~") as history_reason:
        organization.status = status
        organization.save(update_fields=["status", "updated_at"])
        history_reason.append(f"{OrganizationStatus(status).label}：{reason.strip()}")
    record(
        actor=actor,
        action=END_ACTIONS[status],
        region=organization.community_id,
        organization=organization,
        subject=organization,
        from_state=previous,
        to_state=status,
        reason=reason.strip(),
        ip=ip,
    )
    return organization


def organization_personal_data(
    *, actor: User, organization: Organization, ip: str | None = None, reveal: bool = False
) -> dict[str, str]:
    """The leader's ID number and phone: masked, or in full for those who manage the record.

    Every full view is audited. Raises PermissionDenied when the actor may see the organization
    but not its personal data.
    """
    if not reveal:
        return {
            "leader_id_number": mask_resident_id(organization.leader_id_number),
            "leader_phone": mask_phone(organization.leader_phone),
        }
    require(actor, "registry.reveal_personal_data", organization, message="您无权查看该组织的完整个人信息")
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.PERSONAL_DATA_VIEWED,
            region=organization.community_id,
            organization=organization,
            subject=organization,
            ip=ip,
            details={"fields": list(PERSONAL_FIELDS)},
        )
    return {field: getattr(organization, field) for field in PERSONAL_FIELDS}


def record_charter_download(*, actor: User, organization: Organization, ip: str | None) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.CHARTER_DOWNLOADED,
            region=organization.community_id,
            organization=organization,
            subject=organization,
            ip=ip,
        )


def editable_tier_choices(actor: User, *, creating: bool = False) -> Iterable[tuple[str, str]]:
    tiers = actor.creatable_tiers if creating else actor.editable_tiers
    return [(value, label) for value, label in Tier.choices if value in tiers]
