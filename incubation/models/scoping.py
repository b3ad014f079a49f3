"""Who sees and changes incubation data.

An operator's scope is by base, not by region: the bases its account is bound to (``BaseOperator``),
and everything recorded at them, wherever its own region lies. Bureau and street staff see the bases
located in their jurisdiction and change them; other staff read within their jurisdiction. An
organization's account sees its own tenancies (and what was given to them); an applicant account
(a group not yet filed) the tenancies it applied for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from core.scoping import NOTHING, Action
from registry.choices import Role

# Staff who manage the bases of their jurisdiction (a district bureau its district's, a street its own).
MANAGING_ROLES = frozenset({Role.BUREAU, Role.STREET})


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def base_rule(user: Any, action: Action, base: str = "") -> Q:
    """Rows of the bases the user may see or change, ``base`` being the lookup path to the base."""
    if user.role == Role.OPERATOR:
        return Q(**{_path(base, "operators__user_id"): user.pk})
    prefix = user.jurisdiction_prefix
    if prefix is None or (action == "change" and user.role not in MANAGING_ROLES):
        return NOTHING
    return Q(**{_path(base, "region__code__startswith"): prefix})


def own_tenancy_rule(user: Any, tenancy: str = "") -> Q:
    """Tenancies an organization's or an applicant's account applied for, or of its organization."""
    own = Q(**{_path(tenancy, "applicant_id"): user.pk})
    if user.organization_id:
        own |= Q(**{_path(tenancy, "organization_id"): user.organization_id})
    return own


def tenant_rule(user: Any, action: Action, tenancy: str = "", base: str = "base") -> Q:
    """Tenancies and what hangs from them: the base's rule, the tenant's own account, and for staff
    reading, the tenancies of organizations of their jurisdiction (at a base elsewhere too)."""
    if user.jurisdiction_prefix is None:
        return own_tenancy_rule(user, tenancy) if action == "view" else NOTHING
    rule = base_rule(user, action, base)
    if action == "view" and user.role != Role.OPERATOR:
        rule |= Q(**{_path(tenancy, "community__code__startswith"): user.jurisdiction_prefix})
    return rule
