"""Applying to enter a base (申请入驻), and a group's tenancy following it onto the register.

An organization's account applies for itself; an applicant account (备案申请人) for a group not yet
filed, named with its community; an operator for either, at one of its bases. When the group is
filed, its tenancy follows it: the operator names the organization (``tenancy_link_organization``),
or the nightly job finds it by name in the same community (``tenancies_follow_filings``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code
from core.permissions import require
from core.trail import record
from core.workdays import add_working_days
from registry.choices import OrganizationStatus, RegionLevel, Role
from registry.identifiers import validate_mobile
from registry.models import Category, Organization, Region, User

from ..choices import ONGOING_STATES, IncubationAction, ServiceType, TenancyState
from ..errors import IncubationCode
from ..models import IncubationBase, Tenancy
from ..rules import current_rules
from . import checks
from .checks import Errors
from .tenancies import tenancy_label


def _base(errors: Errors, actor: User, base: Any) -> IncubationBase | None:
    """An operating base: one of the operator's own, or any base open to the public."""
    key = getattr(base, "pk", base)
    bases = (
        IncubationBase.objects.for_user(actor).open_on(timezone.localdate())
        if actor.role == Role.OPERATOR or actor.is_superuser
        else IncubationBase.objects.open_to_public()
    )
    found = bases.filter(pk=key).first() if str(key or "").isdigit() else None
    if found is None:
        errors.add("base", "请选择正在运营的孵化基地", IncubationCode.BASE_NOT_OPEN)
    return found


def _organization(errors: Errors, actor: User, data: Mapping[str, Any]) -> Organization | None:
    """An organization's account applies for its own; an operator may name one; an applicant has none."""
    if actor.role == Role.ORGANIZATION:
        key: Any = actor.organization_id
    elif actor.role == Role.APPLICANT:
        return None
    else:
        key = getattr(data.get("organization"), "pk", data.get("organization"))
    if key in (None, ""):
        return None
    found = Organization.objects.for_user(actor).filter(pk=key).first() if str(key).isdigit() else None
    if found is None:
        errors.add("organization", "未找到该组织，或不在您的辖区内", Code.NOT_FOUND)
    elif found.status != OrganizationStatus.ACTIVE:
        errors.add("organization", "该组织已不在册，不能申请入驻", IncubationCode.ORGANIZATION_INACTIVE)
        return None
    return found


def _group(errors: Errors, data: Mapping[str, Any]) -> tuple[str, Region | None, Category | None]:
    """A group not yet on the register: its name, community and category, as the applicant gives them."""
    name = checks.text(errors, data, "group_name", "组织名称", 100)
    key = getattr(data.get("community"), "pk", data.get("community"))
    community = (
        Region.objects.public_tree().filter(pk=key, level=RegionLevel.COMMUNITY).first() if key else None
    )
    if community is None:
        errors.add("community", "请选择组织所在的社区/村", IncubationCode.NOT_A_COMMUNITY)
    value = data.get("category")
    category = None
    if value not in (None, ""):
        lookup = {"pk": value.pk} if isinstance(value, Category) else {"code": str(value)}
        category = Category.objects.filter(is_active=True, **lookup).first()
    if category is None:
        errors.add("category", "请选择组织类别", Code.INVALID_CHOICE)
    return name, community, category


def _who(
    errors: Errors, organization: Organization | None, data: Mapping[str, Any]
) -> tuple[str, Region | None, Category | None]:
    """The applicant's name, community and category: the organization's own once it is on the
    register, the group's as given otherwise."""
    if organization is not None:
        return organization.name, organization.community, organization.category
    if "organization" in errors:
        return "", None, None
    return _group(errors, data)


def _ongoing(organization: Organization | None, name: str, community: Region | None) -> Tenancy | None:
    """The organization's (or the group's) tenancy still under way, at any base."""
    tenancies = Tenancy.objects.unrestricted().filter(state__in=ONGOING_STATES).select_related("base")
    if organization is not None:
        return tenancies.filter(organization=organization).first()
    if community is None or not name:
        return None
    return tenancies.filter(organization__isnull=True, group_name=name, community=community).first()


@transaction.atomic
def tenancy_apply(*, actor: User, base: Any, data: Mapping[str, Any], ip: str | None = None) -> Tenancy:
    """Apply to enter an operating base; the base decides within the rules' working days.

    An organization has one tenancy under way at a time, wherever it is."""
    require(actor, "incubation.apply", message="您的角色不能申请入驻孵化基地")
    errors = Errors()
    found = _base(errors, actor, base)
    organization = _organization(errors, actor, data)
    name, community, category = _who(errors, organization, data)
    contact_phone = "".join(str(data.get("contact_phone") or "").split())
    try:
        validate_mobile(contact_phone)
    except ValidationError as error:
        errors.setdefault("contact_phone", []).extend(error.error_list)
    cleaned = {
        "contact_name": checks.text(errors, data, "contact_name", "联系人", 50),
        "needs": checks.text(errors, data, "needs", "入驻需求", 2000, required=False),
        "wanted_services": checks.choices(errors, data, "wanted_services", "服务", ServiceType),
    }
    ongoing = _ongoing(organization, name, community)
    if ongoing is not None:
        errors.add(
            "organization" if organization is not None else "group_name",
            "该组织在“%(base)s”的入驻尚在进行（%(state)s），不能重复申请",
            IncubationCode.ALREADY_IN_INCUBATION,
            base=ongoing.base.name,
            state=ongoing.get_state_display(),
        )
    errors.raise_if_any()
    tenancy = Tenancy.objects.create(
        base=found,
        organization=organization,
        group_name=name,
        community=community,
        category=category,
        contact_phone=contact_phone,
        applicant=actor,
        decision_due=add_working_days(timezone.localdate(), current_rules().decision_working_days),
        **cleaned,
    )
    record(
        actor=actor,
        action=IncubationAction.TENANCY_APPLIED,
        subject=tenancy,
        region=found.region_id,
        organization=organization,
        label=tenancy_label(tenancy),
        to_state=tenancy.state,
        ip=ip,
    )
    return tenancy


def _follow(tenancy: Tenancy, organization: Organization, actor: User | None, ip: str | None) -> None:
    tenancy.organization, tenancy.group_name = organization, organization.name
    tenancy.community_id, tenancy.category_id = organization.community_id, organization.category_id
    tenancy.save(update_fields=["organization", "group_name", "community", "category", "updated_at"])
    record(
        actor=actor,
        action=IncubationAction.TENANCY_LINKED,
        subject=tenancy,
        region=tenancy.base.region_id,
        organization=organization,
        label=tenancy_label(tenancy),
        reason=f"关联在册组织：{organization.name}",
        ip=ip,
    )


@transaction.atomic
def tenancy_link_organization(
    *, actor: User, tenancy_id: int, organization: Any, ip: str | None = None
) -> Tenancy:
    """Name the registered organization a group became (once filed): the tenancy follows it."""
    tenancy = (
        Tenancy.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("base")
        .get(pk=tenancy_id)
    )
    require(actor, "incubation.link_organization", tenancy, message="您无权为该入驻关联组织")
    errors = Errors()
    key = getattr(organization, "pk", organization)
    found = Organization.objects.for_user(actor).filter(pk=key).first() if str(key or "").isdigit() else None
    if found is None:
        errors.add("organization", "未找到该组织，或不在您的辖区内", Code.NOT_FOUND)
    elif found.status != OrganizationStatus.ACTIVE:
        errors.add("organization", "该组织已不在册", IncubationCode.ORGANIZATION_INACTIVE)
    elif found.community_id[:9] != tenancy.community_id[:9]:
        errors.add(
            "organization", "该组织与入驻时登记的组织不在同一街道（乡镇）", IncubationCode.OTHER_STREET
        )
    elif _ongoing(found, "", None) not in (None, tenancy):
        errors.add("organization", "该组织另有进行中的入驻", IncubationCode.ALREADY_IN_INCUBATION)
    errors.raise_if_any()
    _follow(tenancy, found, actor, ip)
    return tenancy


@transaction.atomic
def tenancies_follow_filings() -> int:
    """Tenancies of groups not yet on the register follow the organization of the same name filed (or
    registered) in the same community since; an internal job (nightly). Returns how many followed."""
    waiting = list(
        Tenancy.objects.unrestricted()
        .filter(organization__isnull=True)
        .exclude(state__in=(TenancyState.REJECTED, TenancyState.WITHDRAWN))
        .select_related("base")
    )
    if not waiting:
        return 0
    found = {
        (organization.name, organization.community_id): organization
        for organization in Organization.objects.unrestricted().filter(
            status=OrganizationStatus.ACTIVE,
            name__in={tenancy.group_name for tenancy in waiting},
            community_id__in={tenancy.community_id for tenancy in waiting},
        )
    }
    followed = 0
    for tenancy in waiting:
        organization = found.get((tenancy.group_name, tenancy.community_id))
        if organization is not None:
            _follow(tenancy, organization, None, None)
            followed += 1
    return followed


@transaction.atomic
def tenancy_reveal_contact(*, actor: User, tenancy_id: int, ip: str | None = None) -> Tenancy:
    """The contact's full phone number, for those who need it; each look is recorded on the trail."""
    tenancy = Tenancy.objects.for_user(actor).select_related("base").get(pk=tenancy_id)
    require(actor, "incubation.reveal_contact", tenancy, message="您无权查看完整联系电话")
    record(
        actor=actor,
        action=IncubationAction.CONTACT_REVEALED,
        subject=tenancy,
        region=tenancy.base.region_id,
        organization=tenancy.organization_id,
        label=tenancy_label(tenancy),
        ip=ip,
    )
    return tenancy
