"""The filing certificate as a document: its verification URL, QR code and PDF.

The PDF is rendered by a Celery task after approval, renewal or a change; the download view
renders it on the spot when the worker has not got to it yet.
"""

from __future__ import annotations

import base64
import io
import uuid

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from registry.choices import RegionLevel
from registry.models import Region

from .models import Certificate

PDF_TEMPLATE = "filing/certificate_pdf.html"
# Pixels per QR module: the PNG maps whole pixels to modules, so it prints sharp at any size.
QR_SCALE = 10


def certificate_verification_url(certificate: Certificate) -> str:
    """The public page the QR code opens: the certificate's live status, no login."""
    path = reverse("certificate-verify", args=[certificate.verification_code])
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def _qr(certificate: Certificate) -> segno.QRCode:
    return segno.make(certificate_verification_url(certificate), error="m", micro=False)


def certificate_qr_svg(certificate: Certificate) -> str:
    """The QR code as an inline SVG element, for pages that show it."""
    buffer = io.BytesIO()
    _qr(certificate).save(buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=QR_SCALE)
    return buffer.getvalue().decode()


def certificate_qr_png(certificate: Certificate) -> bytes:
    """The QR code as a PNG, as embedded in the PDF."""
    buffer = io.BytesIO()
    _qr(certificate).save(buffer, kind="png", scale=QR_SCALE)
    return buffer.getvalue()


def issuing_authority(street: Region) -> str:
    """The body that files organizations: a street's office, a town's or township's government; above
    the street, the civil-affairs bureau (民政局) that registers them."""
    name = street.name
    if street.level < RegionLevel.STREET:
        return f"{name}民政局"
    if name.endswith("街道"):
        return f"{name}办事处"
    if name.endswith(("镇", "乡", "苏木")):
        return f"{name}人民政府"
    return name


def _pdf_context(certificate: Certificate) -> dict[str, object]:
    organization = certificate.organization
    community = organization.community
    street = community.parent
    district = street.parent if street is not None else None
    qr = base64.b64encode(certificate_qr_png(certificate)).decode()
    return {
        "certificate": certificate,
        "organization": organization,
        "community": community,
        "street": street,
        "district": district,
        "issuer": issuing_authority(street) if street is not None else "",
        "qr_data_uri": f"data:image/png;base64,{qr}",
    }


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF; no personal data beyond the leader's name."""
    from weasyprint import HTML  # heavy import, needed only where PDFs are made

    html = render_to_string(PDF_TEMPLATE, _pdf_context(certificate))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def certificate_render(*, certificate_id: int) -> str:
    """Render the certificate's PDF under a new random name and drop the previous file.

    Safe to run again at any time (a retried task, a download racing the worker): each run
    leaves exactly one current file. Returns the stored name.
    """
    with transaction.atomic():
        certificate = Certificate.objects.unrestricted().select_for_update().get(pk=certificate_id)
        previous = certificate.pdf.name
        content = certificate_pdf_bytes(certificate)
        certificate.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
        stored = certificate.pdf.name
        storage = certificate.pdf.storage
        try:
            certificate.rendered_at = timezone.now()
            certificate.save(update_fields=["pdf", "rendered_at"])
        except BaseException:
            storage.delete(stored)
            raise
        if previous and previous != stored:
            # Only once the new name is committed: a rollback must not leave the row pointing at nothing.
            transaction.on_commit(lambda: storage.delete(previous), robust=True)
    return stored
