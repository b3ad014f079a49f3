"""Writes of the networks around organizations: street federations and the social-work talent register."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import Code
from core.permissions import require
from core.trail import record

from ..choices import AuditAction, OrganizationStatus, RegionLevel
from ..errors import RegistryCode
from ..models import Federation, Organization, Region, SocialWorker, User

SOCIAL_WORKER_FIELDS = (
    "name",
    "community",
    "qualification",
    "certificate_number",
    "certified_on",
    "is_active",
)


def _region_in_scope(actor: User, region: Region | None, *, level: RegionLevel, field: str) -> None:
    if region is None or region.level != level:
        raise ValidationError(
            {field: ValidationError(f"请选择{level.label}", code=RegistryCode(f"not_a_{level.name.lower()}"))}
        )
    if not Region.objects.for_user(actor).filter(pk=region.pk).exists():
        raise ValidationError(
            {field: ValidationError("所选区划不在您的辖区内", code=Code.OUTSIDE_JURISDICTION)}
        )


@transaction.atomic
def social_worker_create(*, actor: User, data: dict[str, Any], ip: str | None = None) -> SocialWorker:
    """Add a person to the talent register of a community in the actor's jurisdiction."""
    require(actor, "registry.add_social_worker", message="您的角色不能登记社会工作人才")
    worker = SocialWorker(**{name: data[name] for name in SOCIAL_WORKER_FIELDS if name in data})
    _region_in_scope(actor, data.get("community"), level=RegionLevel.COMMUNITY, field="community")
    worker.full_clean()
    worker.save()
    record(
        actor=actor,
        action=AuditAction.SOCIAL_WORKER_CREATED,
        region=worker.community_id,
        subject=worker,
        label=worker.name,
        ip=ip,
    )
    return worker


@transaction.atomic
def social_worker_update(
    *, actor: User, social_worker_id: int, data: dict[str, Any], ip: str | None = None
) -> SocialWorker:
    """Change a register entry; raises SocialWorker.DoesNotExist outside what the actor may change."""
    worker = SocialWorker.objects.for_user(actor, "change").select_for_update().get(pk=social_worker_id)
    if "community" in data:
        _region_in_scope(actor, data["community"], level=RegionLevel.COMMUNITY, field="community")
    changed = [name for name in SOCIAL_WORKER_FIELDS if name in data and getattr(worker, name) != data[name]]
    for name in changed:
        setattr(worker, name, data[name])
    if changed:
        worker.full_clean()
        worker.save(update_fields=changed)
        record(
            actor=actor,
            action=AuditAction.SOCIAL_WORKER_UPDATED,
            region=worker.community_id,
            subject=worker,
            label=worker.name,
            ip=ip,
            details={"fields": changed},
        )
    return worker


def _check_members(*, hub: Organization, street: Region, members: list[Organization]) -> None:
    strays = [org.name for org in members if not org.community_id.startswith(street.prefix)]
    if strays:
        raise ValidationError(
            {
                "members": ValidationError(
                    "会员组织须属于本街道（乡镇）：%(names)s",
                    code=RegistryCode.MEMBER_OUTSIDE_STREET,
                    params={"names": "、".join(strays)},
                )
            }
        )
    if any(org.pk == hub.pk for org in members):
        raise ValidationError(
            {"members": ValidationError("联合会本身不能作为会员", code=RegistryCode.HUB_AS_MEMBER)}
        )
    inactive = [org.name for org in members if org.status != OrganizationStatus.ACTIVE]
    if inactive:
        raise ValidationError(
            {
                "members": ValidationError(
                    "只有在册组织可以入会：%(names)s",
                    code=RegistryCode.MEMBER_INACTIVE,
                    params={"names": "、".join(inactive)},
                )
            }
        )


@transaction.atomic
def federation_create(
    *,
    actor: User,
    organization: Organization,
    founded_on: Any,
    members: list[Organization],
    ip: str | None = None,
) -> Federation:
    """Designate an organization as its street's federation (联合会), with its member organizations."""
    require(actor, "registry.add_federation", message="您的角色不能设立联合会")
    hub = Organization.objects.for_user(actor).select_for_update().filter(pk=organization.pk).first()
    if hub is None or hub.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            {"organization": ValidationError("请选择辖区内的在册组织", code=RegistryCode.INVALID_HUB)}
        )
    street = Region.objects.unrestricted().get(pk=hub.street_code)
    _region_in_scope(actor, street, level=RegionLevel.STREET, field="organization")
    if Federation.objects.unrestricted().filter(street=street).exists():
        raise ValidationError(
            {
                "organization": ValidationError(
                    "%(street)s已有联合会",
                    code=RegistryCode.FEDERATION_EXISTS,
                    params={"street": street.name},
                )
            }
        )
    _check_members(hub=hub, street=street, members=members)
    federation = Federation(organization=hub, street=street, founded_on=founded_on)
    federation.full_clean()
    federation.save()
    federation.members.add(*members)  # a new federation has no members to replace
    record(
        actor=actor,
        action=AuditAction.FEDERATION_CREATED,
        region=street,
        organization=hub,
        subject=federation,
        label=hub.name,
        ip=ip,
        details={"members": len(members)},
    )
    return federation


@transaction.atomic
def federation_update(
    *, actor: User, federation_id: int, data: dict[str, Any], ip: str | None = None
) -> Federation:
    """Change a federation's founding date or members; raises Federation.DoesNotExist outside scope."""
    federation = (
        Federation.objects.for_user(actor, "change")
        .select_for_update(of=("self",))  # the row itself, not the regions and organizations joined in
        .select_related("street", "organization")
        .get(pk=federation_id)
    )
    details: dict[str, Any] = {}
    if "founded_on" in data and data["founded_on"] != federation.founded_on:
        federation.founded_on = data["founded_on"]
        federation.save(update_fields=["founded_on"])
        details["founded_on"] = str(data["founded_on"])
    if "members" in data:
        members = list(data["members"])
        _check_members(hub=federation.organization, street=federation.street, members=members)
        before = set(federation.members.values_list("pk", flat=True))
        after = {org.pk for org in members}
        if before != after:
            federation.members.set(members)
            details.update(joined=len(after - before), left=len(before - after))
    if details:
        record(
            actor=actor,
            action=AuditAction.FEDERATION_UPDATED,
            region=federation.street,
            organization=federation.organization,
            subject=federation,
            label=federation.organization.name,
            ip=ip,
            details=details,
        )
    return federation
