"""The panels this package adds to pages the registry owns (``core.panels``): on an organization's page
its grades per year, brands, projects, trainings and reports; on the workbench the work reports still
missing and the rounds waiting for the user."""

from __future__ import annotations

from typing import Any

from core.panels import register_panel
from core.permissions import can
from registry.choices import Role
from registry.models import Organization, User

from ..models import EvaluationRound, WorkReport
from .choices import RoundState
from .selectors import expected_period, organization_record, reporting_status

# The rounds that wait for each office: the community's to score and correct, the street's to review.
WAITING = {
    Role.COMMUNITY: (RoundState.OPEN, RoundState.SCORING, RoundState.RETURNED),
    Role.STREET: (RoundState.REVIEW,),
}


def organization_panel(user: User, organization: Organization) -> dict[str, Any] | None:
    if not can(user, "evaluation.see_activity"):
        return None
    return {"organization": organization, **organization_record(user, organization)}


def workbench_panel(user: User, obj: Any = None) -> dict[str, Any] | None:
    """Staff: the reports of the last period still missing, and the rounds waiting for them; an
    organization's account: whether it has reported for the last period."""
    if user.role == Role.ORGANIZATION and user.organization_id:
        period = expected_period()
        reported = (
            WorkReport.objects.for_user(user)
            .filter(year=period.year, period_kind=period.kind, period_index=period.index)
            .exists()
        )
        return {"own": True, "period": period, "reported": reported}
    if not can(user, "evaluation.see_work_reports") or user.jurisdiction_prefix is None:
        return None
    waiting = WAITING.get(user.role, ())
    rounds = EvaluationRound.objects.for_user(user).filter(state__in=waiting).count() if waiting else 0
    return {"own": False, "status": reporting_status(user), "waiting_rounds": rounds}


def register() -> None:
    register_panel(
        "organization", "evaluation", "assessment/evaluation/panels/organization.html", organization_panel
    )
    register_panel("home", "evaluation", "assessment/evaluation/panels/home.html", workbench_panel)
