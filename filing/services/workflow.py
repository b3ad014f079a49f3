"""The filing workflow: one table of allowed transitions and one function that moves along it.

    draft ─submit→ submitted ─opinion→ opinion_given ─approve→ approved
      ↑                │  └──────────────┴─return→ returned ─submit→ submitted …
      └ (edit)         └──────────────────┴─reject→ rejected

Each move locks the application row, checks the table and the actor's part in it, writes the
change with update_fields and appends an ApplicationEvent, all in one transaction; side effects
(the certificate PDF, notifications) go out on commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from registry.choices import Role
from registry.models import User
from registry.services import audit_record

from ..choices import ApplicationState as S
from ..models import ApplicationEvent, FilingApplication
from ..rules import current_rules
from ..workdays import add_working_days

OWNER = "owner"  # the application's own applicant (or its organization's account)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    target: str
    # Which part may take this step, from which states.
    by: Mapping[str, frozenset[str]]
    reason_required: bool = False
    fields: tuple[str, ...] = field(default=())

    @property
    def sources(self) -> frozenset[str]:
        return frozenset().union(*self.by.values())


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            "提交",
            S.SUBMITTED,
            {OWNER: frozenset({S.DRAFT, S.RETURNED}), Role.STREET: frozenset({S.DRAFT, S.RETURNED})},
        ),
        Transition("opinion", "社区初审", S.OPINION_GIVEN, {Role.COMMUNITY: frozenset({S.SUBMITTED})}),
        Transition("approve", "准予备案", S.APPROVED, {Role.STREET: frozenset({S.OPINION_GIVEN})}),
        Transition(
            "return",
            "退回补正",
            S.RETURNED,
            {
                Role.COMMUNITY: frozenset({S.SUBMITTED}),
                Role.STREET: frozenset({S.SUBMITTED, S.OPINION_GIVEN}),
            },
            reason_required=True,
        ),
        Transition(
            "reject",
            "不予备案",
            S.REJECTED,
            {Role.STREET: frozenset({S.SUBMITTED, S.OPINION_GIVEN})},
            reason_required=True,
        ),
    )
}
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud over the phone


def parts_of(actor: User, application: FilingApplication) -> set[str]:
    """The parts the actor plays for this application (it is already inside their scope)."""
    if actor.is_superuser:
        return {OWNER, Role.STREET, Role.COMMUNITY}
    parts = set()
    if actor.pk == application.applicant_id or (
        actor.organization_id and actor.organization_id == application.organization_id
    ):
        parts.add(OWNER)
    if (
        actor.role in (Role.STREET, Role.COMMUNITY)
        and actor.region
        and actor.region.contains(application.community_id)
    ):
        parts.add(actor.role)
    return parts


def allowed_actions(actor: User, application: FilingApplication) -> list[Transition]:
    """The transitions the actor may take now, for buttons and the API's hints."""
    parts = parts_of(actor, application)
    return [t for t in TRANSITIONS.values() if any(application.state in t.by.get(part, ()) for part in parts)]


def new_receipt_number() -> str:
    return "BA" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


Step = Callable[[User, FilingApplication, dict[str, Any]], list[str]]


@transaction.atomic
def transition(
    *,
    actor: User,
    application_id: int,
    action: str,
    reason: str = "",
    ip: str | None = None,
    step: Step | None = None,
    **extra: Any,
) -> FilingApplication:
    """Move an application one step along TRANSITIONS.

    Raises FilingApplication.DoesNotExist outside the actor's scope, PermissionDenied when the
    actor plays no part that may take the step, and ValidationError (code ``invalid_transition``)
    when the application is not in a state the step starts from.
    """
    spec = TRANSITIONS[action]
    application = (
        FilingApplication.objects.for_user(actor)
        .select_for_update(of=("self",))  # the row itself, not the regions and organizations joined in
        .select_related("community")
        .get(pk=application_id)
    )
    parts = parts_of(actor, application)
    if not any(part in spec.by for part in parts):
        raise PermissionDenied(f"您无权办理“{spec.label}”")
    if not any(application.state in spec.by[part] for part in parts if part in spec.by):
        raise ValidationError(
            "当前状态为“%(state)s”，不能办理“%(action)s”",
            code="invalid_transition",
            params={"state": application.get_state_display(), "action": spec.label},
        )
    reason = (reason or "").strip()
    if spec.reason_required and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    "请填写%(action)s的理由", code="reason_required", params={"action": spec.label}
                )
            }
        )
    previous = application.state
    changed = step(actor, application, {"reason": reason, "ip": ip, **extra}) if step else []
    application.state = spec.target
    application.save(update_fields=["state", "updated_at", *changed])
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        actor_label=actor.get_username(),
        action=action,
        from_state=previous,
        to_state=spec.target,
        reason=reason,
        ip_address=ip,
    )
    # The platform-wide trail too, so the organization's page shows its filings' every step.
    audit_record(
        actor=actor,
        action=f"filing.{action}",
        region=application.community_id,
        organization=application.organization,
        subject=f"{application.get_kind_display()} {application.receipt_number or ''}".strip(),
        from_state=previous,
        to_state=spec.target,
        reason=reason,
        ip=ip,
    )
    return application


# -- the steps ---------------------------------------------------------------------------------


def _submit(actor: User, application: FilingApplication, extra: dict[str, Any]) -> list[str]:
    from .applications import check_complete

    if not extra.get("commitment_accepted"):
        raise ValidationError(
            {"commitment": ValidationError("请阅读并签署信用承诺", code="commitment_required")}
        )
    check_complete(application)
    now = timezone.now()
    today = timezone.localdate()
    application.commitment_accepted_at = now
    application.commitment_text = COMMITMENT_TEXT
    application.submitted_at = now
    application.receipt_number = application.receipt_number or new_receipt_number()
    application.opinion_due = add_working_days(today, current_rules().opinion_working_days)
    application.decision_due = None
    return [
        "commitment_accepted_at",
        "commitment_text",
        "submitted_at",
        "receipt_number",
        "opinion_due",
        "decision_due",
    ]


def _opinion(actor: User, application: FilingApplication, extra: dict[str, Any]) -> list[str]:
    from ..choices import Opinion

    opinion = extra.get("opinion")
    if opinion not in Opinion.values:
        raise ValidationError({"opinion": ValidationError("请选择社区意见", code="opinion_required")})
    if application.shared_venue and opinion == Opinion.AGREE and not extra.get("venue_certified"):
        raise ValidationError(
            {
                "venue_certified": ValidationError(
                    "该组织与其他组织共用活动场所（一址多社），须由社区确认", code="venue_not_certified"
                )
            }
        )
    application.opinion = opinion
    application.opinion_note = extra.get("reason", "")
    application.venue_certified = bool(extra.get("venue_certified"))
    application.decision_due = add_working_days(timezone.localdate(), current_rules().decision_working_days)
    return ["opinion", "opinion_note", "venue_certified", "decision_due"]


def _decide(actor: User, application: FilingApplication, extra: dict[str, Any]) -> list[str]:
    application.decided_at = timezone.now()
    application.decision_reason = extra.get("reason", "")
    return ["decided_at", "decision_reason"]


def _approve(actor: User, application: FilingApplication, extra: dict[str, Any]) -> list[str]:
    from .approval import apply_approval

    changed = apply_approval(actor, application, ip=extra.get("ip"))
    return [*changed, *_decide(actor, application, extra)]


COMMITMENT_TEXT = (
    "本组织（申请人）承诺：所提交的备案材料真实、合法、有效，复印件与原件一致；"
    "如有虚假，愿承担由此产生的一切后果，并接受取消备案等处理。"
)


def application_submit(
    *, actor: User, application_id: int, commitment_accepted: bool, ip: str | None = None
) -> FilingApplication:
    """Submit (or resubmit after correction); issues the receipt number (回执号) on the first submission."""
    return transition(
        actor=actor,
        application_id=application_id,
        action="submit",
        ip=ip,
        step=_submit,
        commitment_accepted=commitment_accepted,
    )


def application_give_opinion(
    *,
    actor: User,
    application_id: int,
    opinion: str,
    note: str = "",
    venue_certified: bool = False,
    ip: str | None = None,
) -> FilingApplication:
    """The community committee's first opinion (社区初审); starts the street's decision deadline."""
    return transition(
        actor=actor,
        application_id=application_id,
        action="opinion",
        reason=note,
        ip=ip,
        step=_opinion,
        opinion=opinion,
        venue_certified=venue_certified,
    )


def application_approve(
    *, actor: User, application_id: int, note: str = "", ip: str | None = None
) -> FilingApplication:
    """Approve: a new filing creates the organization with its filing number and certificate, a
    change updates it, a deregistration ends it."""
    return transition(
        actor=actor, application_id=application_id, action="approve", reason=note, ip=ip, step=_approve
    )


def application_return(
    *, actor: User, application_id: int, reason: str, ip: str | None = None
) -> FilingApplication:
    """Return for correction (退回补正): back to the applicant, who edits and resubmits."""
    return transition(actor=actor, application_id=application_id, action="return", reason=reason, ip=ip)


def application_reject(
    *, actor: User, application_id: int, reason: str, ip: str | None = None
) -> FilingApplication:
    """Refuse the filing (不予备案), with the reason the applicant will read."""
    return transition(
        actor=actor, application_id=application_id, action="reject", reason=reason, ip=ip, step=_decide
    )
