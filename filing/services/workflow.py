"""The filing workflow's table, written on the platform's workflow engine (``core.workflow``).

    draft ─submit→ submitted ─opinion→ opinion_given ─approve→ approved
      ↑                │  └──────────────┴─return→ returned ─submit→ submitted …
      └ (edit)         └──────────────────┴─reject→ rejected

Each move locks the application row, checks the table and the actor's part in it, writes the
change with update_fields and appends one event to the trail, all in one transaction; side effects
(the certificate PDF) go out on commit.
"""

from __future__ import annotations

import secrets

from django.utils import timezone

from core.errors import field_error
from core.workdays import add_working_days
from core.workflow import Place, StepContext, Transition, Wording, Workflow
from registry.models import User

from ..choices import ApplicationState as S
from ..choices import Opinion
from ..errors import FilingCode
from ..models import FilingApplication
from ..permissions import COMMUNITY, EDITABLE_STATES, OWNER, STREET, application_parts
from ..rules import current_rules
from ..wording import WORDS

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud over the phone
COMMITMENT_TEXT = (
    "本组织（申请人）承诺：所提交的备案材料真实、合法、有效，复印件与原件一致；"
    "如有虚假，愿承担由此产生的一切后果，并接受取消备案等处理。"
)


def new_receipt_number() -> str:
    return "BA" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


# -- the steps ---------------------------------------------------------------------------------


def _submit(context: StepContext) -> list[str]:
    from .applications import check_complete

    application = context.obj
    if not context.extra.get("commitment_accepted"):
        raise field_error("commitment", "请阅读并签署信用承诺", FilingCode.COMMITMENT_REQUIRED)
    check_complete(application)
    now = timezone.now()
    application.commitment_accepted_at = now
    application.commitment_text = COMMITMENT_TEXT
    application.submitted_at = now
    application.receipt_number = application.receipt_number or new_receipt_number()
    application.opinion_due = add_working_days(timezone.localdate(), current_rules().opinion_working_days)
    application.decision_due = None
    return [
        "commitment_accepted_at",
        "commitment_text",
        "submitted_at",
        "receipt_number",
        "opinion_due",
        "decision_due",
    ]


def _opinion(context: StepContext) -> list[str]:
    application, extra = context.obj, context.extra
    opinion = extra.get("opinion")
    if opinion not in Opinion.values:
        raise field_error("opinion", "请选择社区意见", FilingCode.OPINION_REQUIRED)
    if application.shared_venue and opinion == Opinion.AGREE and not extra.get("venue_certified"):
        raise field_error(
            "venue_certified",
            "该组织与其他组织共用活动场所（一址多社），须由社区确认",
            FilingCode.VENUE_NOT_CERTIFIED,
        )
    application.opinion = opinion
    application.opinion_note = context.reason
    application.venue_certified = bool(extra.get("venue_certified"))
    application.decision_due = add_working_days(timezone.localdate(), current_rules().decision_working_days)
    return ["opinion", "opinion_note", "venue_certified", "decision_due"]


def _return(context: StepContext) -> list[str]:
    context.obj.returned_at = timezone.now()
    context.obj.return_reason = context.reason
    return ["returned_at", "return_reason"]


def _decide(context: StepContext) -> list[str]:
    context.obj.decided_at = timezone.now()
    context.obj.decision_reason = context.reason
    return ["decided_at", "decision_reason"]


def _approve(context: StepContext) -> list[str]:
    from .approval import apply_approval

    changed = apply_approval(
        context.actor, context.obj, ip=context.ip, account=context.extra.get("account", "")
    )
    return [*changed, *_decide(context)]


def _place(application: FilingApplication) -> Place:
    label = f"{application.get_kind_display()} {application.receipt_number or ''}".strip()
    return Place(region=application.community_id, organization=application.organization_id, label=label)


def _kind(application: FilingApplication) -> str:
    return application.kind


APPROVE_WORDS = {kind: Wording(w.approve, w.approved, w.approve_done) for kind, w in WORDS.items()}
REJECT_WORDS = {kind: Wording(w.reject, w.rejected, w.reject_done) for kind, w in WORDS.items()}

APPLICATION = Workflow(
    name="filing",
    title="备案申请",
    model=FilingApplication,
    parts=application_parts,
    place=_place,
    related=("community",),
    variant=_kind,
    transitions=(
        Transition(
            "submit",
            "提交",
            S.SUBMITTED,
            {OWNER: EDITABLE_STATES, STREET: EDITABLE_STATES},
            step=_submit,
            done="已提交，回执号 {obj.receipt_number}，可打印回执。",
        ),
        Transition(
            "opinion",
            "社区初审",
            S.OPINION_GIVEN,
            {COMMUNITY: frozenset({S.SUBMITTED})},
            step=_opinion,
            done="社区意见已提交。",
        ),
        Transition(
            "approve",
            "准予备案",
            S.APPROVED,
            {STREET: frozenset({S.OPINION_GIVEN})},
            step=_approve,
            done="已准予备案。",
            variants=APPROVE_WORDS,
        ),
        Transition(
            "return",
            "退回补正",
            S.RETURNED,
            {COMMUNITY: frozenset({S.SUBMITTED}), STREET: frozenset({S.SUBMITTED, S.OPINION_GIVEN})},
            reason_required=True,
            step=_return,
            done="已退回申请人补正。",
        ),
        Transition(
            "reject",
            "不予备案",
            S.REJECTED,
            {STREET: frozenset({S.SUBMITTED, S.OPINION_GIVEN})},
            reason_required=True,
            step=_decide,
            done="已作出不予备案决定。",
            variants=REJECT_WORDS,
        ),
    ),
)


def allowed_actions(actor: User, application: FilingApplication) -> list[Transition]:
    """The steps the actor may take now, for buttons and the API's hints."""
    return APPLICATION.allowed(actor, application)


def application_submit(
    *, actor: User, application_id: int, commitment_accepted: bool, ip: str | None = None
) -> FilingApplication:
    """Submit (or resubmit after correction); issues the receipt number (回执号) on the first submission."""
    return APPLICATION.move(
        actor=actor, pk=application_id, action="submit", ip=ip, commitment_accepted=commitment_accepted
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
    return APPLICATION.move(
        actor=actor,
        pk=application_id,
        action="opinion",
        reason=note,
        ip=ip,
        opinion=opinion,
        venue_certified=venue_certified,
    )


def application_approve(
    *, actor: User, application_id: int, note: str = "", account: str = "", ip: str | None = None
) -> FilingApplication:
    """Approve: a new filing creates the organization with its filing number and certificate and
    makes the applicant's account (or the applicant account named by ``account``) the organization's;
    a change updates it, a deregistration ends it."""
    return APPLICATION.move(
        actor=actor, pk=application_id, action="approve", reason=note, ip=ip, account=account
    )


def application_return(
    *, actor: User, application_id: int, reason: str, ip: str | None = None
) -> FilingApplication:
    """Return for correction (退回补正): back to the applicant, who edits and resubmits."""
    return APPLICATION.move(actor=actor, pk=application_id, action="return", reason=reason, ip=ip)


def application_reject(
    *, actor: User, application_id: int, reason: str, ip: str | None = None
) -> FilingApplication:
    """Refuse the filing (不予备案), with the reason the applicant will read."""
    return APPLICATION.move(actor=actor, pk=application_id, action="reject", reason=reason, ip=ip)
