"""Who may do what with work reports, rounds, schemes, brands, selections, projects and trainings.

Each rule answers for an object already inside the user's jurisdiction (outside it the object does
not exist). The workflows' own steps are rules too (``work_report.acknowledge``,
``evaluation_round.publish`` …), registered by their tables from the parts below.
"""

from __future__ import annotations

from typing import Any

from core.permissions import rule
from registry.choices import OrganizationStatus, Role
from registry.permissions import can_change_organization, governs, is_staff

from .choices import BrandState, RoundState

OWNER = "owner"  # the organization's own account
COMMUNITY = Role.COMMUNITY.value
STREET = Role.STREET.value

VOTING_STATES = frozenset({RoundState.OPEN, RoundState.SCORING, RoundState.RETURNED})
SCORING_STATES = frozenset({RoundState.SCORING, RoundState.RETURNED})


def _own(user: Any, organization_id: int | None) -> bool:
    return (
        user.role == Role.ORGANIZATION
        and organization_id is not None
        and user.organization_id == organization_id
    )


def _office_of(user: Any, role: str, code: str) -> bool:
    """Staff of this role whose jurisdiction holds the region code."""
    return user.role == role and governs(user, code)


# -- the parts of each workflow --------------------------------------------------------------------


def work_report_parts(user: Any, report: Any) -> set[str]:
    """The reporting organization's account, and the 两委 of its community who answer."""
    if user.is_superuser:
        return {OWNER, COMMUNITY}
    if _own(user, report.organization_id):
        return {OWNER}
    return {COMMUNITY} if _office_of(user, Role.COMMUNITY, report.organization.community_id) else set()


def round_parts(user: Any, evaluation_round: Any) -> set[str]:
    """The community's 两委 runs the round; the street above it reviews and publishes."""
    if user.is_superuser:
        return {COMMUNITY, STREET}
    for role in (Role.COMMUNITY, Role.STREET):
        if _office_of(user, role, evaluation_round.community_id):
            return {role.value}
    return set()


# -- work reports -----------------------------------------------------------------------------------


@rule("evaluation.see_work_reports")
def can_see_work_reports(user: Any, obj: Any = None) -> bool:
    """Staff read their jurisdiction's reports; an organization's account its own."""
    return is_staff(user) or _own(user, user.organization_id)


@rule("evaluation.submit_work_report")
def can_submit_work_report(user: Any, organization: Any = None) -> bool:
    """Report for an active organization: its own account, or the 两委 of its community on its behalf."""
    if organization is None:
        return user.is_superuser or user.role in (Role.ORGANIZATION, Role.COMMUNITY)
    if organization.status != OrganizationStatus.ACTIVE:
        return False
    return (
        user.is_superuser
        or _own(user, organization.pk)
        or _office_of(user, Role.COMMUNITY, organization.community_id)
    )


# -- the annual evaluation ----------------------------------------------------------------------------


@rule("evaluation.see_rounds")
def can_see_rounds(user: Any, obj: Any = None) -> bool:
    return is_staff(user)


@rule("evaluation.open_round")
def can_open_round(user: Any, obj: Any = None) -> bool:
    """A community's 两委 opens its own round."""
    return user.is_superuser or user.role == Role.COMMUNITY


@rule("evaluation.record_votes")
def can_record_votes(user: Any, evaluation_round: Any) -> bool:
    """The 两委 enters the residents' ballots while the round is open, being scored or returned."""
    return COMMUNITY in round_parts(user, evaluation_round) and evaluation_round.state in VOTING_STATES


@rule("evaluation.score")
def can_score(user: Any, evaluation_round: Any) -> bool:
    """The 两委 scores while the round is being scored or has been returned for correction."""
    return COMMUNITY in round_parts(user, evaluation_round) and evaluation_round.state in SCORING_STATES


@rule("evaluation.export_round")
def can_export_round(user: Any, evaluation_round: Any = None) -> bool:
    return is_staff(user)


@rule("evaluation.see_schemes")
def can_see_schemes(user: Any, obj: Any = None) -> bool:
    return is_staff(user)


@rule("evaluation.edit_scheme")
def can_edit_scheme(user: Any, scheme: Any = None) -> bool:
    """Bureau and street set the rubric of their own area; the platform's default is the superuser's."""
    if user.is_superuser:
        return True
    if user.role not in (Role.BUREAU, Role.STREET):
        return False
    return scheme is None or (scheme.jurisdiction_id is not None and governs(user, scheme.jurisdiction_id))


# -- brands and selections -----------------------------------------------------------------------------


@rule("evaluation.see_brands")
def can_see_brands(user: Any, obj: Any = None) -> bool:
    return is_staff(user)


@rule("evaluation.designate_brand")
def can_designate_brand(user: Any, organization: Any = None) -> bool:
    """The street (or the bureau) designates brands among the active organizations it manages
    (分类管理: the street its filed and community-guided ones, the bureau the registered ones)."""
    if organization is None:
        return user.is_superuser or user.role in (Role.STREET, Role.BUREAU)
    if organization.status != OrganizationStatus.ACTIVE:
        return False
    return user.is_superuser or (
        user.role in (Role.STREET, Role.BUREAU) and can_change_organization(user, organization)
    )


@rule("evaluation.revoke_brand")
def can_revoke_brand(user: Any, designation: Any) -> bool:
    return designation.state == BrandState.ACTIVE and (
        user.is_superuser
        or (
            user.role in (Role.STREET, Role.BUREAU)
            and can_change_organization(user, designation.organization)
        )
    )


@rule("evaluation.record_selection")
def can_record_selection(user: Any, selection: Any = None) -> bool:
    """Streets and bureaus hold selections (评选) and record their results, in their own area."""
    if user.is_superuser:
        return True
    if user.role not in (Role.STREET, Role.BUREAU):
        return False
    return selection is None or governs(user, selection.region_id)


# -- service projects and trainings ----------------------------------------------------------------------


@rule("evaluation.see_activity")
def can_see_activity(user: Any, obj: Any = None) -> bool:
    """Projects and trainings: staff of the jurisdiction, an organization's account for its own."""
    return is_staff(user) or _own(user, user.organization_id)


@rule("evaluation.record_project")
def can_record_project(user: Any, organization: Any = None) -> bool:
    """An organization's account for itself; the community's 两委 and the street for its organizations."""
    if organization is None:
        return user.is_superuser or user.role in (Role.ORGANIZATION, Role.COMMUNITY, Role.STREET)
    if organization.status != OrganizationStatus.ACTIVE:
        return False
    offices = (Role.COMMUNITY, Role.STREET)
    return (
        user.is_superuser
        or _own(user, organization.pk)
        or any(_office_of(user, role, organization.community_id) for role in offices)
    )


@rule("evaluation.change_project")
def can_change_project(user: Any, project: Any) -> bool:
    return can_record_project(user, project.organization)


@rule("evaluation.record_training")
def can_record_training(user: Any, obj: Any = None) -> bool:
    """Trainings are held and recorded by the bureau, the street or the community."""
    return user.is_superuser or user.role in (Role.BUREAU, Role.STREET, Role.COMMUNITY)


@rule("evaluation.change_training")
def can_change_training(user: Any, training: Any) -> bool:
    """The office that held the training keeps its record and its list of attendees."""
    return user.is_superuser or (can_record_training(user) and governs(user, training.region_id))
