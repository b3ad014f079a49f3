"""What approval does to the registry: a new filing creates the organization with its filing number
and certificate, a change updates it (its history keeps the old values), a deregistration ends it."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils import timezone

from core.background import run_after_commit
from core.trail import record
from registry import services as registry
from registry.choices import OrganizationStatus
from registry.models import Organization, User

from ..choices import ApplicationKind, FilingAction, MaterialKind
from ..models import ApplicationMaterial, Certificate, FilingApplication, FilingNumberSequence
from ..rules import current_rules
from .duties import announcement_for_deregistration
from .proposals import organization_data


def next_filing_number(*, street_code: str, year: int) -> str:
    """The street's next number of the year, e.g. ``110102001-2026-0007``.

    The sequence row stays locked until the approving transaction ends, so concurrent approvals
    in one street queue up, and a rolled-back approval gives its number back: no gaps, no repeats.
    """
    sequences = FilingNumberSequence.objects.unrestricted()  # numbering is the platform's, not a user's
    sequences.get_or_create(street_id=street_code, year=year)
    sequence = sequences.select_for_update().get(street_id=street_code, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{street_code[:9]}-{year}-{sequence.last_value:04d}"


def certificate_term(issued_on: datetime.date) -> datetime.date:
    years = current_rules().certificate_years
    try:
        return issued_on.replace(year=issued_on.year + years) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return issued_on.replace(year=issued_on.year + years, day=28)


def certificate_issue(
    *, organization: Organization, actor: User | None = None, ip: str | None = None
) -> Certificate:
    """Number and date the organization's filing certificate; the PDF is rendered separately."""
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        organization=organization,
        filing_number=next_filing_number(street_code=organization.street_code, year=today.year),
        issued_on=today,
        valid_until=certificate_term(today),
    )
    record(
        actor=actor,
        action=FilingAction.CERTIFICATE_ISSUED,
        subject=certificate,
        region=organization.community_id,
        organization=organization,
        ip=ip,
    )
    return certificate


def render_after_commit(certificate_id: int) -> None:
    """Render the certificate's PDF in the background once the change commits: approving
    answers at once, the pages say "证书生成中" until the file is there, and a broker hiccup
    is only logged (the PDF then renders on its first download)."""
    from ..tasks import render_certificate

    run_after_commit(render_certificate, certificate_id)


CHARTER_KINDS = ("pdf", "docx", "jpg", "png")  # what an organization's charter may be


def _charter_from(application: FilingApplication) -> dict[str, File]:
    """The charter filed with the application (the latest, if several), as the organization's own
    copy: the application keeps its material, the organization gets a file of its own."""
    material = (
        ApplicationMaterial.objects.unrestricted()
        .filter(application=application, kind=MaterialKind.CHARTER, content_kind__in=CHARTER_KINDS)
        .order_by("-uploaded_at", "-id")
        .first()
    )
    if material is None:
        return {}
    with material.file.open("rb") as handle:
        content = handle.read()
    return {"charter": ContentFile(content, name=f"charter{PurePath(material.file.name).suffix}")}


def apply_approval(
    actor: User, application: FilingApplication, *, ip: str | None, account: str = ""
) -> list[str]:
    """Returns the application fields it changed. A new filing's organization gets its account: the
    applicant's own, or the one named by ``account`` (a username)."""
    if application.kind == ApplicationKind.NEW:
        data = {**organization_data(application.kind, application.proposal), **_charter_from(application)}
        organization = registry.organization_file(
            actor=actor, data={**data, "community": application.community}, ip=ip
        )
        render_after_commit(certificate_issue(organization=organization, actor=actor, ip=ip).pk)
        registry.organization_account_provision(
            actor=actor,
            organization=organization,
            applicant_id=application.applicant_id,
            username=account,
            ip=ip,
        )
        application.organization = organization
        return ["organization"]
    if application.kind == ApplicationKind.CHANGE:
        data = {**organization_data(application.kind, application.proposal), **_charter_from(application)}
        organization = registry.organization_update(
            actor=actor, organization_id=application.organization_id, data=data, ip=ip
        )
        certificate = Certificate.objects.unrestricted().filter(organization=organization).first()
        if certificate is not None:  # the certificate shows the new particulars
            certificate.version += 1
            certificate.renderer = ""  # the stored PDF shows the old particulars
            certificate.save(update_fields=["version", "renderer"])
            render_after_commit(certificate.pk)
        return []
    registry.organization_end(
        actor=actor,
        organization_id=application.organization_id,
        status=OrganizationStatus.DEREGISTERED,
        reason=f"申请注销（回执号 {application.receipt_number}）",
        ip=ip,
    )
    announcement_for_deregistration(actor=actor, organization=application.organization, ip=ip)
    return []
