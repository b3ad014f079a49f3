"""Who may do what in filing (备案) and the street's other duties: the app's permission table.

Each rule answers for an object already inside the user's jurisdiction (outside it the object does
not exist). The workflows' own steps are rules too, registered by ``filing.workflows``
(``filing.approve``, ``complaint.close`` …); the parts below are what those tables are written in.
"""

from __future__ import annotations

from typing import Any

from core.permissions import rule
from registry.choices import OrganizationStatus, Role, Tier
from registry.permissions import can_see_organizations, governs

from .choices import ApplicationState

OWNER = "owner"  # the application's own applicant, or its organization's account
STREET = Role.STREET.value
COMMUNITY = Role.COMMUNITY.value

APPLYING_ROLES = frozenset({Role.STREET, Role.ORGANIZATION, Role.APPLICANT})
REPORTING_ROLES = frozenset({Role.ORGANIZATION, Role.STREET})
EDITABLE_STATES = frozenset({ApplicationState.DRAFT, ApplicationState.RETURNED})
# The tiers the street office manages; registered organizations are the bureau's (登记管理机关).
STREET_TIERS = frozenset({Tier.FILED, Tier.GUIDED})


def _street_of(user: Any, code: str) -> bool:
    """Street staff of the street this region code lies in."""
    return user.role == Role.STREET and user.region_id is not None and user.region.contains(code)


# -- the parts of each workflow --------------------------------------------------------------------


def application_parts(user: Any, application: Any) -> set[str]:
    """The parts the user plays for an application: its owner, the street that decides, the community
    that gives the first opinion."""
    if user.is_superuser:
        return {OWNER, STREET, COMMUNITY}
    parts = set()
    if user.pk == application.applicant_id or (
        user.organization_id and user.organization_id == application.organization_id
    ):
        parts.add(OWNER)
    if (
        user.role in (Role.STREET, Role.COMMUNITY)
        and user.region_id
        and user.region.contains(application.community_id)
    ):
        parts.add(user.role)
    return parts


def complaint_parts(user: Any, complaint: Any) -> set[str]:
    """Only the street office of the complaint's street handles it."""
    return {STREET} if user.is_superuser or _street_of(user, complaint.street_id) else set()


def event_report_parts(user: Any, report: Any) -> set[str]:
    """The reporting organization's account, and the street that acknowledges (and may report for it)."""
    if user.is_superuser:
        return {OWNER, STREET}
    if user.role == Role.ORGANIZATION and user.organization_id == report.organization_id:
        return {OWNER}
    return {STREET} if _street_of(user, report.organization.community_id) else set()


# -- rules -----------------------------------------------------------------------------------------


@rule("filing.apply")
def can_apply(user: Any, obj: Any = None) -> bool:
    """Start a filing application: street staff on an organization's behalf, an organization's own
    account, or an applicant preparing a new organization."""
    return user.is_superuser or user.role in APPLYING_ROLES


@rule("filing.apply_new")
def can_apply_new(user: Any, obj: Any = None) -> bool:
    """Start a new filing (新设备案): the street on the group's behalf, or an applicant; an
    organization's account files only changes and deregistration of itself."""
    return user.is_superuser or user.role in (Role.STREET, Role.APPLICANT)


@rule("filing.edit")
def can_edit(user: Any, application: Any) -> bool:
    """Edit a draft or returned application, and its materials: its owner or the street."""
    return application.state in EDITABLE_STATES and bool(
        application_parts(user, application) & {OWNER, STREET}
    )


@rule("filing.apply_for")
def can_apply_for(user: Any, organization: Any) -> bool:
    """File a change or deregistration of an organization: a filed, active one, by the street of its
    community or by its own account."""
    if organization.tier != Tier.FILED or organization.status != OrganizationStatus.ACTIVE:
        return False
    own = user.role == Role.ORGANIZATION and user.organization_id == organization.pk
    return user.is_superuser or own or _street_of(user, organization.community_id)


@rule("filing.revoke")
def can_revoke(user: Any, organization: Any) -> bool:
    """Revoke a filing (取消备案): the street, for an active filed or community-guided organization of
    its own street."""
    if organization.tier not in STREET_TIERS or organization.status != OrganizationStatus.ACTIVE:
        return False
    return user.is_superuser or _street_of(user, organization.community_id)


@rule("filing.street_duties")
def can_do_street_duties(user: Any, obj: Any = None) -> bool:
    """The street office's own work: dormancy review, certificate renewal."""
    return user.is_superuser or user.role == Role.STREET


@rule("filing.own_street")
def can_act_for_own_street(user: Any, obj: Any = None) -> bool:
    """What a street office does in its own name (a notice, an unreachable organization): street staff."""
    return user.role == Role.STREET


@rule("filing.publish_announcement")
def can_publish_announcement(user: Any, obj: Any = None) -> bool:
    """Publish a notice or a policy document in one's own name: a street office or a bureau."""
    return user.role in (Role.STREET, Role.BUREAU) and user.region_id is not None


@rule("filing.open_registration_case")
def can_open_registration_case(user: Any, organization: Any) -> bool:
    """Change, deregister or revoke a registered organization: the bureau over it, while it is active
    (登记管理机关; the street files, it does not register)."""
    if organization.tier != Tier.REGISTERED or organization.status != OrganizationStatus.ACTIVE:
        return False
    return user.is_superuser or (user.role == Role.BUREAU and governs(user, organization.community_id))


@rule("filing.see_street_cases")
def can_see_street_cases(user: Any, obj: Any = None) -> bool:
    """Complaints, announcements, dormancy flags and renewals are staff matters."""
    return user.is_superuser or bool(user.jurisdiction_prefix)


@rule("filing.see_event_reports")
def can_see_event_reports(user: Any, obj: Any = None) -> bool:
    """Major-event reports are read by whoever reads the organizations: staff of the jurisdiction, and
    an organization's account for its own."""
    return can_see_organizations(user)


@rule("filing.report_event")
def can_report_event(user: Any, organization: Any = None) -> bool:
    """Report a major event: an organization's account for itself, the street for one of its own."""
    if organization is None:
        return user.is_superuser or user.role in REPORTING_ROLES
    if organization.status != OrganizationStatus.ACTIVE:
        return False
    own = user.role == Role.ORGANIZATION and user.organization_id == organization.pk
    return user.is_superuser or own or _street_of(user, organization.community_id)


@rule("filing.renew")
def can_renew(user: Any, certificate: Any) -> bool:
    """Renew (换发) the certificate of an organization still on the register: its street."""
    if certificate.organization.status != OrganizationStatus.ACTIVE:
        return False
    return user.is_superuser or _street_of(user, certificate.organization.community_id)
