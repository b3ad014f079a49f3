"""Who may do what in incubation (孵化培育): the app's permission table.

Each rule answers for an object already inside the user's scope (outside it the object does not
exist). For an operator that scope is its own bases: a base, tenancy or record an operator has
loaded is one of its bases' own, so being an operator there is being its operator. The workflows'
steps are rules too, registered by ``incubation.services`` (``incubation_base.approve``,
``tenancy.admit`` …); the parts below are what those tables are written in.
"""

from __future__ import annotations

from typing import Any

from core.permissions import rule
from registry.choices import RegionLevel, Role

from .models.scoping import MANAGING_ROLES

OWNER = "owner"  # the tenancy's applicant, or its organization's account
OPERATOR = Role.OPERATOR.value  # an account bound to the base
MANAGER = "manager"  # bureau or street staff whose jurisdiction holds the base
AUTHORITY = "authority"  # the office at the base's own level: it approves and closes the base

APPLYING_ROLES = frozenset({Role.ORGANIZATION, Role.APPLICANT, Role.OPERATOR})
# The office that approves a base of each level: a district bureau its district's, a street its own.
AUTHORITY_ROLES = {
    RegionLevel.CITY: Role.BUREAU,
    RegionLevel.DISTRICT: Role.BUREAU,
    RegionLevel.STREET: Role.STREET,
}


def manages(user: Any, base: Any) -> bool:
    """Bureau or street staff whose jurisdiction holds the base's region."""
    if user.is_superuser:
        return True
    prefix = user.jurisdiction_prefix
    return user.role in MANAGING_ROLES and prefix is not None and base.region_id.startswith(prefix)


def operates(user: Any, base: Any) -> bool:
    """An operator account, asked of a base in its scope (its scope is the bases it is bound to)."""
    return user.role == Role.OPERATOR


def runs(user: Any, base: Any) -> bool:
    """Those who run a base day to day: its operators and the staff managing it."""
    return operates(user, base) or manages(user, base)


# -- the parts of each workflow --------------------------------------------------------------------


def base_parts(user: Any, base: Any) -> set[str]:
    """The office at the base's level approves, refuses and closes it."""
    if user.is_superuser:
        return {AUTHORITY}
    at_level = AUTHORITY_ROLES.get(base.region.level) == user.role
    return {AUTHORITY} if at_level and user.region_id == base.region_id else set()


def tenancy_parts(user: Any, tenancy: Any) -> set[str]:
    """The applicant (or its organization's account), the base's operators, the staff managing it."""
    if user.is_superuser:
        return {OWNER, OPERATOR, MANAGER}
    parts = set()
    if user.pk == tenancy.applicant_id or (
        user.role == Role.ORGANIZATION and tenancy.organization_id == user.organization_id
    ):
        parts.add(OWNER)
    if operates(user, tenancy.base):
        parts.add(OPERATOR)
    if manages(user, tenancy.base):
        parts.add(MANAGER)
    return parts


# -- rules -----------------------------------------------------------------------------------------


@rule("incubation.see")
def can_see(user: Any, obj: Any = None) -> bool:
    """The bases, their tenants and records: staff read their jurisdiction's, operators their bases'."""
    return user.is_superuser or user.jurisdiction_prefix is not None


@rule("incubation.see_tenancies")
def can_see_tenancies(user: Any, obj: Any = None) -> bool:
    """Tenancies: staff and operators, and an organization's or applicant's account its own."""
    return can_see(user) or user.role in (Role.ORGANIZATION, Role.APPLICANT)


@rule("incubation.apply")
def can_apply(user: Any, obj: Any = None) -> bool:
    """Apply to enter a base: an organization's account, an applicant preparing a group not yet
    filed, or an operator on an organization's behalf."""
    return user.is_superuser or user.role in APPLYING_ROLES


@rule("incubation.register_base")
def can_register_base(user: Any, obj: Any = None) -> bool:
    """Register a base in the jurisdiction: bureau and street staff."""
    return user.is_superuser or user.role in MANAGING_ROLES


@rule("incubation.change_base")
def can_change_base(user: Any, base: Any) -> bool:
    """Keep a base's particulars and spaces, record its staff's training: those who run it."""
    return runs(user, base)


@rule("incubation.bind_operators")
def can_bind_operators(user: Any, base: Any) -> bool:
    """Choose which operator accounts run a base: the staff managing it."""
    return manages(user, base)


@rule("incubation.keep_records")
def can_keep_records(user: Any, base: Any = None) -> bool:
    """Log services and record subsidies: those who run a base (any of theirs, when no base is named)."""
    if base is None:
        return user.is_superuser or user.role in (*MANAGING_ROLES, Role.OPERATOR)
    return runs(user, base)


@rule("incubation.evaluate")
def can_evaluate(user: Any, base: Any = None) -> bool:
    """The yearly evaluation of a base: the bureau, or the street for a base of its own (never the
    operator being evaluated)."""
    if base is None:
        return user.is_superuser or user.role in MANAGING_ROLES
    return manages(user, base)


@rule("incubation.link_organization")
def can_link_organization(user: Any, tenancy: Any) -> bool:
    """Name the registered organization a group became once it is filed: those who run its base."""
    return tenancy.organization_id is None and runs(user, tenancy.base)


@rule("incubation.reveal_contact")
def can_reveal_contact(user: Any, tenancy: Any) -> bool:
    """See the contact's full phone number (audited): those who run the base, and the tenant itself."""
    return runs(user, tenancy.base) or bool(tenancy_parts(user, tenancy) & {OWNER})
