"""Who may do what with quota policies and reports: the app's permission table."""

from __future__ import annotations

from typing import Any

from core.permissions import rule
from registry.choices import Role

REQUESTING_ROLES = frozenset({Role.BUREAU, Role.STREET})


@rule("assessment.view")
def can_view_figures(user: Any, obj: Any = None) -> bool:
    """Dashboards, policies and statistics are for staff with a jurisdiction."""
    return user.is_superuser or user.is_staff_role


@rule("assessment.copy_policy")
def can_copy_policy(user: Any, obj: Any = None) -> bool:
    """Only the civil-affairs bureau sets targets (it copies a policy for its area, then edits it)."""
    return user.is_superuser or user.role == Role.BUREAU


@rule("assessment.set_targets")
def can_set_targets(user: Any, jurisdiction: Any) -> bool:
    """Only the civil-affairs bureau sets targets, for its own area and the regions inside it."""
    if user.is_superuser:
        return True
    prefix = user.jurisdiction_prefix
    return user.role == Role.BUREAU and prefix is not None and jurisdiction.code.startswith(prefix)


@rule("assessment.change_policy")
def can_change_policy(user: Any, policy: Any) -> bool:
    """A bureau edits the policies of its own area; the shipped presets stay as shipped."""
    return not policy.is_preset and can_set_targets(user, policy.jurisdiction)


@rule("assessment.run_report")
def can_run_report(user: Any, obj: Any = None) -> bool:
    """Bureau and street staff may compute a report now."""
    return user.is_superuser or user.role in REQUESTING_ROLES
