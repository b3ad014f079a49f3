"""The street office's other duties (DOMAIN.md §4): revocation of a filing (取消备案) with its public
announcement (公告), deregistration announcements, plain notices, and the review of dormant
organizations (僵尸型, in ``dormancy``).

Announcements are public: their text is generated from the decision and names the organization,
its filing number, the ground, the reason, the date and the issuing office — never the leader or
any other personal data. The investigation record stays internal, on the Revocation.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.errors import Code
from core.trail import record
from core.uploads import stored_name, validate_document
from registry.choices import OrganizationStatus, RegionLevel, Role, Tier
from registry.errors import RegistryCode
from registry.models import Organization, Region, User
from registry.services import organization_end

from ..certificates import issuing_authority
from ..choices import AnnouncementKind, DormancyState, FilingAction, RevocationGround
from ..errors import FilingCode
from ..models import Announcement, Certificate, DormancyFlag, Revocation

EVIDENCE_KINDS = ("pdf", "jpg", "png", "docx")
# The tiers the street office manages; registered organizations are the bureau's (登记管理机关).
STREET_TIERS = (Tier.FILED, Tier.GUIDED)
ACTIVITY_WINDOW = datetime.timedelta(days=365)
# A flag the street dismissed after review is not raised again by the scan for this long.
DISMISSAL_QUIET_PERIOD = datetime.timedelta(days=180)


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def require_street_staff(actor: User, street_code: str | None = None) -> None:
    """Only the street office (or a superuser) acts here, and only for its own street."""
    if actor.is_superuser:
        return
    if actor.role != Role.STREET or actor.region_id is None:
        raise PermissionDenied("只有街道办事处（乡镇人民政府）可以办理")
    if street_code is not None and actor.region_id != street_code:
        raise PermissionDenied("只能办理本街道（乡镇）的事项")


def required_text(value: str | None, field: str, message: str) -> dict[str, list[ValidationError]]:
    if (value or "").strip():
        return {}
    return {field: [ValidationError(message, code=Code.REQUIRED)]}


def _filing_number(organization: Organization) -> str:
    number = (
        Certificate.objects.unrestricted()
        .filter(organization=organization)
        .values_list("filing_number", flat=True)
        .first()
    )
    return number or ""


def _designation(organization: Organization, community: Region) -> tuple[str, str]:
    """How an announcement names the organization — name, community and filing number, nothing
    personal — and what it says of the certificate (only a filed organization has one)."""
    number = _filing_number(organization)
    particulars = f"所属社区/村：{community.name}" + (f"；备案编号：{number}" if number else "")
    certificate = "其备案证书同时失效，" if number else ""
    return f"“{organization.name}”（{particulars}）", certificate


def announce(
    *,
    actor: User | None,
    kind: str,
    region: Region,
    title: str,
    body: str,
    organization: Organization | None = None,
    attachment: File | None = None,
    ip: str | None = None,
) -> Announcement:
    """Publish one announcement in the name of the body sitting at ``region`` and note it in the
    trail; callers have checked who may publish what."""
    announcement = Announcement.objects.create(
        kind=kind,
        region=region,
        organization=organization,
        title=title,
        body=body,
        attachment=attachment or "",
        attachment_name=stored_name(attachment.name) if attachment else "",
        published_by=actor if actor and actor.pk else None,
    )
    record(
        actor=actor,
        action=FilingAction.ANNOUNCEMENT_PUBLISHED,
        subject=announcement,
        region=region,
        organization=organization,
        label=title,
        to_state=kind,
        ip=ip,
    )
    return announcement


# -- revocation (取消备案) ------------------------------------------------------------------------


REVOCATION_CONFIRMATION = "请确认已知悉取消备案的后果：组织即不在册、证书失效、公告公开发布，不能撤回"


def _revocation_errors(
    *, ground: str, investigation: str, reason: str, evidence: File | None, confirmed: bool
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if not confirmed:
        errors["confirmed"] = [ValidationError(REVOCATION_CONFIRMATION, code=Code.CONFIRMATION_REQUIRED)]
    if ground not in RevocationGround.values:
        errors["ground"] = [ValidationError("请选择取消备案的事由", code=Code.INVALID_CHOICE)]
    errors.update(required_text(investigation, "investigation", "请填写调查核实情况"))
    errors.update(required_text(reason, "reason", "请填写取消备案的理由"))
    if evidence:
        try:
            validate_document(evidence, kinds=EVIDENCE_KINDS)
        except ValidationError as error:
            errors["evidence"] = [error]
    return errors


def _revocation_body(
    *, organization: Organization, community: Region, ground: str, reason: str, authority: str, day: str
) -> str:
    designation, certificate = _designation(organization, community)
    return "\n\n".join(
        [
            f"{designation}，经{authority}调查核实，存在“{RevocationGround(ground).label}”的情形。",
            f"决定理由：{reason.strip()}",
            f"依据社区社会组织备案管理的有关规定，{authority}决定自{day}起取消该组织的备案，"
            f"{certificate}该组织不得再以社区社会组织名义开展活动。",
            "特此公告。",
            f"{authority}\n{day}",
        ]
    )


@transaction.atomic
def organization_revoke(
    *,
    actor: User,
    organization_id: int,
    ground: str,
    investigation: str,
    reason: str,
    evidence: File | None = None,
    confirmed: bool = True,
    ip: str | None = None,
) -> Revocation:
    """Revoke the filing of an active filed or community-guided organization of the actor's street,
    after investigation, and announce it publicly.

    In one transaction: the organization ends (status revoked, history, audit), the decision is
    recorded with its evidence, a revocation announcement is published and any open dormancy
    flag of the organization is closed. The pages ask the street to confirm first (``confirmed``);
    every problem is reported at once. Raises Organization.DoesNotExist outside the actor's
    jurisdiction, PermissionDenied for anyone but the street office, ValidationError with code
    ``registered_by_bureau`` or ``not_active``, or field errors (ground, investigation, reason,
    evidence).
    """
    require_street_staff(actor)
    organization = (
        Organization.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("community__parent")
        .get(pk=organization_id)
    )
    require_street_staff(actor, organization.street_code)
    if organization.tier == Tier.REGISTERED:
        raise ValidationError(
            "依法登记的组织由登记管理机关（民政局）处理，街道不能取消其备案",
            code=FilingCode.REGISTERED_BY_BUREAU,
        )
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            "该组织已不在册（%(status)s）",
            code=RegistryCode.NOT_ACTIVE,
            params={"status": organization.get_status_display()},
        )
    errors = _revocation_errors(
        ground=ground, investigation=investigation, reason=reason, evidence=evidence, confirmed=confirmed
    )
    if errors:
        raise ValidationError(errors)

    ground_label = RevocationGround(ground).label
    organization_end(
        actor=actor,
        organization_id=organization.pk,
        status=OrganizationStatus.REVOKED,
        reason=f"{ground_label}：{reason.strip()}",
        ip=ip,
    )
    community = organization.community
    street = community.parent
    authority = issuing_authority(street)
    now = timezone.now()
    announcement = announce(
        actor=actor,
        kind=AnnouncementKind.REVOCATION,
        region=street,
        organization=organization,
        title=f"关于取消“{organization.name}”备案的公告",
        body=_revocation_body(
            organization=organization,
            community=community,
            ground=ground,
            reason=reason,
            authority=authority,
            day=_chinese_date(timezone.localdate(now)),
        ),
        ip=ip,
    )
    revocation = Revocation.objects.create(
        organization=organization,
        street=street,
        ground=ground,
        investigation=investigation.strip(),
        reason=reason.strip(),
        evidence=evidence or "",
        evidence_name=stored_name(evidence.name) if evidence else "",
        announcement=announcement,
        decided_by=actor,
        decided_at=now,
    )
    DormancyFlag.objects.unrestricted().filter(organization=organization, state=DormancyState.OPEN).update(
        state=DormancyState.REVOKED,
        reviewed_by=actor,
        reviewed_at=now,
        review_note=f"已取消备案：{ground_label}",
    )
    return revocation


# -- announcements (公告) --------------------------------------------------------------------------


@transaction.atomic
def announcement_for_deregistration(
    *, actor: User, organization: Organization, ip: str | None = None
) -> Announcement:
    """The public announcement of a deregistration (注销备案) the street has approved."""
    community = Region.objects.unrestricted().select_related("parent").get(pk=organization.community_id)
    street = community.parent
    require_street_staff(actor, street.code)
    authority = issuing_authority(street)
    day = _chinese_date(timezone.localdate())
    designation, certificate = _designation(organization, community)
    body = "\n\n".join(
        [
            f"{designation}已申请注销备案，经{authority}审核，准予注销。",
            f"自{day}起，{certificate}该组织不得再以社区社会组织名义开展活动。",
            "特此公告。",
            f"{authority}\n{day}",
        ]
    )
    return announce(
        actor=actor,
        kind=AnnouncementKind.DEREGISTRATION,
        region=street,
        organization=organization,
        title=f"关于“{organization.name}”注销备案的公告",
        body=body,
        ip=ip,
    )


# Who publishes notices in their own name: a street office, a civil-affairs bureau (Beijing: 市区民政部门
# 应及时将…相关政策及配套文件进行公示公告).
PUBLISHING_ROLES = (Role.STREET, Role.BUREAU)
NOTICE_KINDS = (AnnouncementKind.NOTICE, AnnouncementKind.POLICY)
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "jpg", "png")


def _notice_errors(
    *, kind: str, title: str, body: str, attachment: File | None
) -> dict[str, list[ValidationError]]:
    errors = {
        **required_text(title, "title", "请填写标题"),
        **required_text(body, "body", "请填写正文"),
    }
    if kind not in NOTICE_KINDS:
        errors["kind"] = [ValidationError("请选择公告类型", code=Code.INVALID_CHOICE)]
    if len((title or "").strip()) > 200:
        errors["title"] = [ValidationError("标题不能超过200个字", code=Code.TOO_LONG)]
    if attachment:
        try:
            validate_document(attachment, kinds=ATTACHMENT_KINDS)
        except ValidationError as error:
            errors["attachment"] = [error]
    return errors


@transaction.atomic
def announcement_publish(
    *,
    actor: User,
    region: Region,
    title: str,
    body: str,
    kind: str = AnnouncementKind.NOTICE,
    attachment: File | None = None,
    ip: str | None = None,
) -> Announcement:
    """A notice (通知公告) or a policy document (政策文件, with its supporting file) published by a
    street office or a civil-affairs bureau in its own name; every problem is reported at once."""
    if not actor.is_superuser:
        if actor.role not in PUBLISHING_ROLES or actor.region_id is None:
            raise PermissionDenied("只有街道办事处（乡镇人民政府）和民政局可以发布公告")
        if actor.region_id != region.code:
            raise PermissionDenied("只能以本机关的名义发布公告")
    if region.level == RegionLevel.COMMUNITY:
        raise ValidationError("公告须由街道/乡镇或民政局发布", code=RegistryCode.NOT_A_STREET)
    errors = _notice_errors(kind=kind, title=title, body=body, attachment=attachment)
    if errors:
        raise ValidationError(errors)
    return announce(
        actor=actor,
        kind=kind,
        region=region,
        title=title.strip(),
        body=body.strip(),
        attachment=attachment,
        ip=ip,
    )
