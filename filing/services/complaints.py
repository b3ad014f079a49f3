"""Complaints from the public (投诉举报): one table of allowed transitions and one function along it.

    received ─investigate→ investigating ─close→ closed
        └──────────────────────close──────────────↗   (a duplicate, or a matter outside the street's remit)

Anyone may file a complaint about an active organization, without signing in; the street office of the
organization's community handles it and closes it with feedback the complainant reads by lookup code.
Every step is appended to the audit trail of the street.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from registry.choices import OrganizationStatus, Role
from registry.identifiers import validate_mobile
from registry.models import Organization, User
from registry.services import audit_record

from ..choices import ComplaintState as S
from ..models import Complaint

CONTENT_MIN, CONTENT_MAX = 10, 2000
NAME_MAX = 50
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # the alphabet of duties.new_lookup_code
LOOKUP_PATTERN = re.compile(f"TS[{LOOKUP_ALPHABET}]{{10}}")


@dataclass(frozen=True)
class ComplaintTransition:
    action: str
    label: str
    target: str
    sources: frozenset[str]
    feedback_required: bool = False


TRANSITIONS: dict[str, ComplaintTransition] = {
    t.action: t
    for t in (
        ComplaintTransition("investigate", "开始调查", S.INVESTIGATING, frozenset({S.RECEIVED})),
        ComplaintTransition(
            "close", "办结", S.CLOSED, frozenset({S.RECEIVED, S.INVESTIGATING}), feedback_required=True
        ),
    )
}
# Only the street office moves a complaint; the table names no other part.
HANDLING_ROLES = frozenset({Role.STREET})

M = TypeVar("M", bound=Model)


def lock_for_change(model: type[M], actor: User, pk: int) -> M:
    """Lock a row the actor may change. A row outside the actor's scope does not exist
    (``DoesNotExist``); one the actor may see but not change is ``PermissionDenied``."""
    try:
        return (
            model.objects.for_user(actor, "change")  # type: ignore[attr-defined]
            .select_for_update(of=("self",))  # the row itself, not the organization joined in
            .select_related("organization")
            .get(pk=pk)
        )
    except model.DoesNotExist:  # type: ignore[attr-defined]
        if model.objects.for_user(actor, "view").filter(pk=pk).exists():  # type: ignore[attr-defined]
            raise PermissionDenied("您无权办理此事项") from None
        raise


def complaint_subject(complaint: Complaint) -> str:
    return f"投诉 {complaint.lookup_code}"


def complaint_allowed_actions(actor: User, complaint: Complaint) -> list[ComplaintTransition]:
    """The steps the actor may take now, for buttons and the API's hints (the complaint is in scope)."""
    if not (actor.is_superuser or actor.role in HANDLING_ROLES):
        return []
    return [t for t in TRANSITIONS.values() if complaint.state in t.sources]


def _check_filing(
    organization: Organization, content: str, name: str, phone: str
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if organization.status != OrganizationStatus.ACTIVE:
        errors["organization"] = [
            ValidationError("该组织已不在册，不能受理对其的投诉", code="organization_inactive")
        ]
    if len(content) < CONTENT_MIN:
        errors["content"] = [
            ValidationError(
                "投诉内容请至少填写%(min)d个字", code="content_too_short", params={"min": CONTENT_MIN}
            )
        ]
    elif len(content) > CONTENT_MAX:
        errors["content"] = [
            ValidationError(
                "投诉内容不能超过%(max)d个字", code="content_too_long", params={"max": CONTENT_MAX}
            )
        ]
    if len(name) > NAME_MAX:
        errors["complainant_name"] = [
            ValidationError("姓名不能超过%(max)d个字", code="name_too_long", params={"max": NAME_MAX})
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
    # The complainant's name, phone and words stay out of the trail: it is shown on the organization's page.
    audit_record(
        actor=None,
        action="complaint.filed",
        region=complaint.street_id,
        organization=organization,
        subject=complaint_subject(complaint),
        to_state=complaint.state,
        ip=ip,
        details={"complaint": complaint.pk},
    )
    return complaint


@transaction.atomic
def complaint_transition(
    *, actor: User, complaint_id: int, action: str, reason: str = "", ip: str | None = None
) -> Complaint:
    """Move a complaint one step along TRANSITIONS.

    Raises Complaint.DoesNotExist outside the actor's scope, PermissionDenied when the actor may see
    but not handle it (only the street office of the complaint's street handles complaints), and
    ValidationError (code ``invalid_transition``) from a state the step does not start from.
    """
    spec = TRANSITIONS[action]
    complaint = lock_for_change(Complaint, actor, complaint_id)
    if complaint.state not in spec.sources:
        raise ValidationError(
            "当前状态为“%(state)s”，不能办理“%(action)s”",
            code="invalid_transition",
            params={"state": complaint.get_state_display(), "action": spec.label},
        )
    reason = (reason or "").strip()
    if spec.feedback_required and not reason:
        raise ValidationError({"feedback": ValidationError("请填写办理结果反馈", code="feedback_required")})
    previous = complaint.state
    changed: list[str] = ["state", "handled_by"]
    complaint.state = spec.target
    complaint.handled_by = actor
    if spec.target == S.CLOSED:
        complaint.feedback = reason
        complaint.closed_at = timezone.now()
        changed += ["feedback", "closed_at"]
    complaint.save(update_fields=changed)
    audit_record(
        actor=actor,
        action=f"complaint.{spec.target}",
        region=complaint.street_id,
        organization=complaint.organization,
        subject=complaint_subject(complaint),
        from_state=previous,
        to_state=spec.target,
        reason=reason,
        ip=ip,
        details={"complaint": complaint.pk},
    )
    return complaint


def complaint_investigate(
    *, actor: User, complaint_id: int, note: str = "", ip: str | None = None
) -> Complaint:
    """Start investigating (开始调查); the note, if any, goes to the trail only."""
    return complaint_transition(
        actor=actor, complaint_id=complaint_id, action="investigate", reason=note, ip=ip
    )


def complaint_close(*, actor: User, complaint_id: int, feedback: str, ip: str | None = None) -> Complaint:
    """Close (办结) with the feedback the complainant reads by lookup code."""
    return complaint_transition(
        actor=actor, complaint_id=complaint_id, action="close", reason=feedback, ip=ip
    )


def normalize_lookup_code(value: str) -> str:
    """Codes are read aloud and retyped: ignore spaces and letter case."""
    return "".join((value or "").split()).upper()


def complaint_lookup(code: str) -> Complaint | None:
    """The complaint with exactly this lookup code, for the public status page; no partial match."""
    if not LOOKUP_PATTERN.fullmatch(code or ""):
        return None
    return (
        Complaint.objects.unrestricted()
        .select_related("organization", "street")
        .filter(lookup_code=code)
        .first()
    )
