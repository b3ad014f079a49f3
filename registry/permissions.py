"""Who may do what with the registry's records: the app's permission table.

Each rule answers for an object already inside the user's jurisdiction (outside it the object does
not exist). The rules agree with the models' ``change`` scopes, which decide what a user may load for
changing; ``tests/registry/test_permissions.py`` holds them to it.
"""

from __future__ import annotations

from typing import Any

from core.permissions import rule

from .choices import OrganizationStatus, Role
from .models.accounts import ACCOUNT_KEEPERS
from .models.ledger import LedgerImportQuerySet
from .models.organizations import FederationQuerySet, SocialWorkerQuerySet


def governs(user: Any, code: str) -> bool:
    """Whether a region code lies in the staff user's jurisdiction."""
    prefix = user.jurisdiction_prefix
    return prefix is not None and code.startswith(prefix)


@rule("registry.create_organization")
def can_create_organization(user: Any, obj: Any = None) -> bool:
    """Enter an organization directly, without an application: the bureau a registered one, the
    community committee a community-guided one; a filed organization goes through filing."""
    return bool(user.creatable_tiers)


@rule("registry.change_organization")
def can_change_organization(user: Any, organization: Any) -> bool:
    """Edit an organization still on the register, of a tier the user's role manages, in the user's
    jurisdiction; a revoked or deregistered record is kept as it ended."""
    if organization.status != OrganizationStatus.ACTIVE:
        return False
    if user.is_superuser:
        return True
    return organization.tier in user.editable_tiers and governs(user, organization.community_id)


@rule("registry.reveal_personal_data")
def can_reveal_personal_data(user: Any, organization: Any) -> bool:
    """See the leader's full ID number and phone: those who manage the record, and its own account."""
    own = user.role == Role.ORGANIZATION and user.organization_id == organization.pk
    return own or can_change_organization(user, organization)


@rule("registry.export_personal_data")
def can_export_personal_data(user: Any, obj: Any = None) -> bool:
    """Ask for leaders' ID numbers and phones in full in an export: those who manage some tier (only the
    rows of those tiers then show in full, see registry.exports)."""
    return bool(user.editable_tiers)


@rule("registry.add_federation")
def can_add_federation(user: Any, obj: Any = None) -> bool:
    return user.is_superuser or user.role in FederationQuerySet.change_roles


@rule("registry.change_federation")
def can_change_federation(user: Any, federation: Any) -> bool:
    return user.is_superuser or (can_add_federation(user) and governs(user, federation.street_id))


@rule("registry.add_social_worker")
def can_add_social_worker(user: Any, obj: Any = None) -> bool:
    return user.is_superuser or user.role in SocialWorkerQuerySet.change_roles


@rule("registry.change_social_worker")
def can_change_social_worker(user: Any, worker: Any) -> bool:
    return user.is_superuser or (can_add_social_worker(user) and governs(user, worker.community_id))


@rule("registry.import_ledger")
def can_import_ledger(user: Any, obj: Any = None) -> bool:
    """Import an Excel ledger into one's own jurisdiction: bureau and street staff (分类管理 still
    decides which rows they may write)."""
    return user.role in LedgerImportQuerySet.change_roles and user.jurisdiction_prefix is not None


@rule("registry.staff")
def is_staff(user: Any, obj: Any = None) -> bool:
    """Staff with a jurisdiction (and the superuser): figures, statistics, the trail."""
    return user.is_superuser or user.jurisdiction_prefix is not None


@rule("registry.manage_regions")
def can_manage_regions(user: Any, obj: Any = None) -> bool:
    """Correct a region's name or urban/rural class: the superuser (the tree itself comes from imports)."""
    return user.is_superuser


@rule("registry.manage_vocabularies")
def can_manage_vocabularies(user: Any, obj: Any = None) -> bool:
    """Keep the platform-wide lists of categories, service domains and target groups: the superuser."""
    return user.is_superuser


# The roles whose accounts each keeper may open: its own level and those below (one jurisdiction
# each, inside the keeper's); applicants open their own accounts.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.BUREAU: frozenset({Role.BUREAU, Role.STREET, Role.COMMUNITY, Role.OPERATOR, Role.ORGANIZATION}),
    Role.STREET: frozenset({Role.STREET, Role.COMMUNITY, Role.OPERATOR, Role.ORGANIZATION}),
}


@rule("registry.manage_accounts")
def can_manage_accounts(user: Any, obj: Any = None) -> bool:
    """Keep the accounts of a jurisdiction (open, reset passwords, deactivate): the bureau and the
    street office for theirs, the superuser for all. Platform rights (the admin site, superusers,
    groups) stay the superuser's alone."""
    return user.is_superuser or user.role in ACCOUNT_KEEPERS


@rule("registry.change_account")
def can_change_account(user: Any, account: Any) -> bool:
    """Reset the password of, deactivate or reactivate an account of the jurisdiction that the user
    could have opened: a role of its level or below; an organization's account for an organization it
    manages (分类管理). Not one's own (the password page is for that), nor a superuser's."""
    if user.is_superuser:
        return True
    if not can_manage_accounts(user) or account.pk == user.pk or account.is_superuser:
        return False
    if account.role not in grantable_roles(user):
        return False
    if account.organization_id is not None:
        return can_change_organization(user, account.organization)
    return bool(account.region_id) and governs(user, account.region_id)


def grantable_roles(user: Any) -> frozenset[str]:
    if user.is_superuser:
        return frozenset(Role.values)
    return GRANTABLE_ROLES.get(user.role, frozenset())


@rule("registry.see_organizations")
def can_see_organizations(user: Any, obj: Any = None) -> bool:
    """The organization directory: staff read their jurisdiction's, an organization's account its own
    record; an applicant preparing a new organization has none yet."""
    own = user.role == Role.ORGANIZATION and user.organization_id is not None
    return own or is_staff(user)
