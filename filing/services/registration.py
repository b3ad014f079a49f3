"""The bureau's side of registered organizations (登记管理机关): change of registered particulars
(变更登记), deregistration (注销登记) and revocation of the registration (撤销登记), each a case on the
workflow engine.

    opened ─decide→ decided      (the change is written, or the organization ends, with an announcement)
       └───withdraw→ withdrawn

Only the bureau whose jurisdiction holds a registered, active organization opens and decides its cases;
the street files, it does not register. Deregistration and revocation are announced publicly in the
bureau's name, without personal data.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied
from core.workflow import Place, StepContext, Transition, Workflow
from registry import services as registry
from registry.choices import OrganizationStatus, Role, Tier
from registry.errors import RegistryCode
from registry.models import Organization, Region, User
from registry.permissions import governs

from ..certificates import issuing_authority
from ..choices import AnnouncementKind, RegistrationCaseKind
from ..choices import RegistrationCaseState as S
from ..models import RegistrationCase
from .duties import announce, required_text

BUREAU = Role.BUREAU.value
CHANGE_FIELDS = ("name", "venue", "member_count", "leader_name")
# How each ending is written into the organization's status and announced.
ENDINGS = {
    RegistrationCaseKind.DEREGISTRATION: (
        OrganizationStatus.DEREGISTERED,
        AnnouncementKind.REGISTRATION_ENDED,
        "关于准予“{name}”注销登记的公告",
        "“{name}”（统一社会信用代码：{code}）申请注销登记，经{authority}审查，准予注销登记。",
    ),
    RegistrationCaseKind.REVOCATION: (
        OrganizationStatus.REVOKED,
        AnnouncementKind.REGISTRATION_REVOKED,
        "关于撤销“{name}”登记的公告",
        "“{name}”（统一社会信用代码：{code}），经{authority}调查核实，决定撤销其登记。",
    ),
}


def case_parts(user: Any, case: RegistrationCase) -> set[str]:
    """The bureau over the organization's community decides; no one else takes part."""
    if user.is_superuser:
        return {BUREAU}
    inside = user.role == Role.BUREAU and governs(user, case.organization.community_id)
    return {BUREAU} if inside else set()


def _today() -> str:
    day = timezone.localdate()
    return f"{day.year}年{day.month}月{day.day}日"


def _publisher(actor: User, organization: Organization) -> Region:
    """The bureau that decides publishes; a superuser's decision is published by the district's."""
    if actor.role == Role.BUREAU and actor.region_id:
        return actor.region
    return Region.objects.unrestricted().get(code=organization.community_id[:6].ljust(12, "0"))


def _decide(context: StepContext) -> list[str]:
    case, actor = context.obj, context.actor
    organization = case.organization
    if case.kind == RegistrationCaseKind.CHANGE:
        registry.organization_update(
            actor=actor, organization_id=organization.pk, data=case.changes, ip=context.ip
        )
        case.decided_at = timezone.now()
        return ["decided_at"]
    status, kind, title, opening = ENDINGS[case.kind]
    reason = f"{case.get_kind_display()}：{context.reason or case.grounds}"
    registry.organization_end(
        actor=actor, organization_id=organization.pk, status=status, reason=reason, ip=context.ip
    )
    region = _publisher(actor, organization)
    authority = issuing_authority(region)
    words = {"name": organization.name, "code": organization.credit_code, "authority": authority}
    body = "\n\n".join(
        [
            opening.format(**words),
            f"决定理由：{context.reason or case.grounds}"
            if case.kind == RegistrationCaseKind.REVOCATION
            else "",
            f"自{_today()}起，该组织不得再以社会组织名义开展活动。",
            "特此公告。",
            f"{authority}\n{_today()}",
        ]
    )
    case.announcement = announce(
        actor=actor,
        kind=kind,
        region=region,
        organization=organization,
        title=title.format(**words),
        body="\n\n".join(part for part in body.split("\n\n") if part),
        ip=context.ip,
    )
    case.decided_at = timezone.now()
    return ["announcement", "decided_at"]


def _place(case: RegistrationCase) -> Place:
    return Place(
        region=case.organization.community_id,
        organization=case.organization_id,
        label=f"{case.get_kind_display()}：{case.organization.name}",
    )


REGISTRATION_CASE = Workflow(
    name="registration",
    title="登记管理",
    model=RegistrationCase,
    parts=case_parts,
    place=_place,
    related=("organization",),
    transitions=(
        Transition(
            "decide",
            "作出决定",
            S.DECIDED,
            {BUREAU: frozenset({S.OPENED})},
            step=_decide,
            done="已作出决定。",
        ),
        Transition(
            "withdraw",
            "撤回",
            S.WITHDRAWN,
            {BUREAU: frozenset({S.OPENED})},
            reason_required=True,
            done="已撤回。",
        ),
    ),
)


def _change_errors(organization: Organization, changes: dict[str, Any]) -> dict[str, list[ValidationError]]:
    cleaned = {
        name: value for name, value in changes.items() if name in CHANGE_FIELDS and value not in ("", None)
    }
    if not any(str(getattr(organization, name)) != str(value) for name, value in cleaned.items()):
        return {"changes": [ValidationError("请填写至少一项与现登记信息不同的变更事项", code=Code.REQUIRED)]}
    return {}


@transaction.atomic
def registration_case_open(
    *, actor: User, organization_id: int, kind: str, grounds: str, changes: dict[str, Any] | None = None
) -> RegistrationCase:
    """Open a case on a registered, active organization of the bureau's jurisdiction; every problem is
    reported at once. Outside the jurisdiction the organization does not exist."""
    organization = Organization.objects.for_user(actor).get(pk=organization_id)
    if not actor.is_superuser and not (
        actor.role == Role.BUREAU and governs(actor, organization.community_id)
    ):
        raise Denied("依法登记的组织由登记管理机关（民政局）办理")
    if organization.tier != Tier.REGISTERED:
        raise ValidationError("只有依法登记的组织由民政局办理登记事项", code=RegistryCode.TIER_NOT_ALLOWED)
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            "该组织已不在册（%(status)s）",
            code=RegistryCode.NOT_ACTIVE,
            params={"status": organization.get_status_display()},
        )
    changes = {
        name: value
        for name, value in (changes or {}).items()
        if name in CHANGE_FIELDS and value not in ("", None)
    }
    errors = required_text(grounds, "grounds", "请填写事由")
    if kind not in RegistrationCaseKind.values:
        errors["kind"] = [ValidationError("请选择登记事项", code=Code.INVALID_CHOICE)]
    elif kind == RegistrationCaseKind.CHANGE:
        errors.update(_change_errors(organization, changes))
    if errors:
        raise ValidationError(errors)
    return RegistrationCase.objects.create(
        organization=organization,
        kind=kind,
        grounds=grounds.strip(),
        changes=changes if kind == RegistrationCaseKind.CHANGE else {},
        opened_by=actor,
    )


def registration_case_decide(
    *, actor: User, case_id: int, note: str = "", ip: str | None = None
) -> RegistrationCase:
    """Decide: a change is written into the register (its history keeps the old values); a
    deregistration or revocation ends the organization and is announced publicly."""
    return REGISTRATION_CASE.move(actor=actor, pk=case_id, action="decide", reason=note, ip=ip)


def registration_case_withdraw(
    *, actor: User, case_id: int, reason: str, ip: str | None = None
) -> RegistrationCase:
    """Withdraw an open case, with the reason."""
    return REGISTRATION_CASE.move(actor=actor, pk=case_id, action="withdraw", reason=reason, ip=ip)
