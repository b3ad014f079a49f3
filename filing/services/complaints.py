"""Complaints from the public (投诉举报): one table of allowed transitions and one function along it.

    received ─investigate→ investigating ─close→ closed
        └──────────────────────close──────────────↗   (a duplicate, or a matter outside the street's remit)

Anyone may file a complaint about an active organization, without signing in; the street office of the
organization's community handles it and closes it with feedback the complainant reads by lookup code.
Every step is appended to the audit trail of the street.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.trail import record
from core.workflow import Place, StepContext, Transition, Workflow
from registry.choices import OrganizationStatus
from registry.errors import RegistryCode
from registry.identifiers import validate_mobile
from registry.models import Organization, User

from ..choices import ComplaintState as S
from ..choices import FilingAction
from ..errors import FilingCode
from ..models import Complaint
from ..permissions import STREET, complaint_parts

CONTENT_MIN, CONTENT_MAX = 10, 2000
NAME_MAX = 50
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # the alphabet of duties.new_lookup_code
LOOKUP_PATTERN = re.compile(f"TS[{LOOKUP_ALPHABET}]{{10}}")


def _close(context: StepContext) -> list[str]:
    complaint = context.obj
    complaint.feedback = context.reason
    complaint.closed_at = timezone.now()
    return ["feedback", "closed_at"]


def _handled(step: Callable[[StepContext], list[str]] | None = None) -> Callable[[StepContext], list[str]]:
    def handle(context: StepContext) -> list[str]:
        context.obj.handled_by = context.actor
        return ["handled_by", *(step(context) if step else [])]

    return handle


def _place(complaint: Complaint) -> Place:
    return Place(
        region=complaint.street_id, organization=complaint.organization_id, label=complaint_subject(complaint)
    )


COMPLAINT = Workflow(
    name="complaint",
    title="投诉举报",
    model=Complaint,
    parts=complaint_parts,
    place=_place,
    related=("organization",),
    transitions=(
        Transition(
            "investigate",
            "开始调查",
            S.INVESTIGATING,
            {STREET: frozenset({S.RECEIVED})},
            step=_handled(),
            done="已开始调查。",
        ),
        Transition(
            "close",
            "办结",
            S.CLOSED,
            {STREET: frozenset({S.RECEIVED, S.INVESTIGATING})},
            reason_required=True,
            reason_field="feedback",
            reason_message="请填写办理结果反馈",
            reason_code=FilingCode.FEEDBACK_REQUIRED,
            step=_handled(_close),
            done="已办结，投诉人可凭查询码查看办理结果。",
        ),
    ),
)


def complaint_subject(complaint: Complaint) -> str:
    return f"投诉 {complaint.lookup_code}"


def complaint_allowed_actions(actor: User, complaint: Complaint) -> list[Transition]:
    """The steps the actor may take now, for buttons and the API's hints (the complaint is in scope)."""
    return COMPLAINT.allowed(actor, complaint)


def _check_filing(
    organization: Organization, content: str, name: str, phone: str
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if organization.status != OrganizationStatus.ACTIVE:
        errors["organization"] = [
            ValidationError("该组织已不在册，不能受理对其的投诉", code=RegistryCode.ORGANIZATION_INACTIVE)
        ]
    if len(content) < CONTENT_MIN:
        errors["content"] = [
            ValidationError(
                "投诉内容请至少填写%(min)d个字",
                code=FilingCode.CONTENT_TOO_SHORT,
                params={"min": CONTENT_MIN},
            )
        ]
    elif len(content) > CONTENT_MAX:
        errors["content"] = [
            ValidationError(
                "投诉内容不能超过%(max)d个字", code=FilingCode.CONTENT_TOO_LONG, params={"max": CONTENT_MAX}
            )
        ]
    if len(name) > NAME_MAX:
        errors["complainant_name"] = [
            ValidationError(
                "姓名不能超过%(max)d个字", code=FilingCode.NAME_TOO_LONG, params={"max": NAME_MAX}
            )
        ]
    if phone:
        try:
            validate_mobile(phone)
        except ValidationError as error:
            errors["complainant_phone"] = [error]
    return errors


@transaction.atomic
def complaint_file(
    *,
    organization: Organization,
    content: str,
    complainant_name: str = "",
    complainant_phone: str = "",
    ip: str | None = None,
) -> Complaint:
    """File a complaint from the public about an active organization; it goes to the organization's street.

    Name and phone are optional (a complaint may be anonymous); a phone, when given, must be a mobile
    number. The complainant follows the complaint by its lookup code (查询码).
    """
    content = (content or "").strip()
    name = (complainant_name or "").strip()
    phone = "".join((complainant_phone or "").split())
    errors = _check_filing(organization, content, name, phone)
    if errors:
        raise ValidationError(errors)
    complaint = Complaint.objects.create(
        organization=organization,
        street_id=organization.street_code,
        content=content,
        complainant_name=name,
        complainant_phone=phone,
    )
    # The complainant's name, phone and words stay out of the trail.
    record(
        actor=None,
        action=FilingAction.COMPLAINT_FILED,
        subject=complaint,
        region=complaint.street_id,
        organization=organization,
        label=complaint_subject(complaint),
        to_state=complaint.state,
        ip=ip,
    )
    return complaint


def complaint_investigate(
    *, actor: User, complaint_id: int, note: str = "", ip: str | None = None
) -> Complaint:
    """Start investigating (开始调查); the note, if any, goes to the trail only."""
    return COMPLAINT.move(actor=actor, pk=complaint_id, action="investigate", reason=note, ip=ip)


def complaint_close(*, actor: User, complaint_id: int, feedback: str, ip: str | None = None) -> Complaint:
    """Close (办结) with the feedback the complainant reads by lookup code."""
    return COMPLAINT.move(actor=actor, pk=complaint_id, action="close", reason=feedback, ip=ip)


def normalize_lookup_code(value: str) -> str:
    """Codes are read aloud and retyped: ignore spaces and letter case."""
    return "".join((value or "").split()).upper()


def complaint_lookup(code: str) -> Complaint | None:
    """The complaint with exactly this lookup code, for the public status page; no partial match."""
    if not LOOKUP_PATTERN.fullmatch(code or ""):
        return None
    return Complaint.objects.lookup(code)
