"""The filing certificate as a document: its verification URL, QR code and PDF.

The PDF is rendered by a Celery task after approval, renewal or a change; the download view
renders it on the spot when the worker has not got to it yet, or when the stored file is stale:
made with another layout or font than today's (``RENDERER``), e.g. with boxes for every Chinese
character on a machine that had no Chinese font.
"""

from __future__ import annotations

import atexit
import base64
import io
import logging
import re
import threading
import uuid
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from registry.choices import RegionLevel
from registry.models import Region

from . import certificate_font
from .models import Certificate

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "filing/certificate_pdf.html"
# Raise when the PDF's layout changes, so stored PDFs of the old layout are rendered again.
LAYOUT_REVISION = 2
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


def current_renderer() -> str:
    """What a PDF rendered now is made with: the layout revision and the shipped font's digest."""
    return f"layout{LAYOUT_REVISION}-font{certificate_font.font_version()}"


def certificate_is_current(certificate: Certificate) -> bool:
    """Whether the stored PDF exists and was made the way a PDF would be made now."""
    return bool(certificate.pdf) and certificate.renderer == current_renderer()


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
        "verification_url": certificate_verification_url(certificate),
        "font_family": certificate_font.family_stack(),
    }


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    missing_characters: str  # those drawn as a box (.notdef) because no font had them


# WeasyPrint says which characters no font could draw, one warning each.
_NOTDEF = re.compile(r"\.notdef glyph rendered for Unicode string unsupported by fonts: \"(.+?)\"")


class _MissingGlyphs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        match = _NOTDEF.search(record.getMessage())
        if match:
            self.characters.extend(c for c in match.group(1) if c not in self.characters)


# The shipped faces are loaded once per process and reused by every render (loading and
# registering them costs more than laying out a certificate); the lock serialises renders in
# a process, as WeasyPrint's font configuration is not meant to be shared between threads.
_render_lock = threading.Lock()
_fonts: tuple[object, object] | None = None


def _font_setup() -> tuple[object, object]:
    global _fonts
    if _fonts is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        _fonts = (font_config, CSS(string=certificate_font.face_css(), font_config=font_config))
        atexit.register(_drop_fonts)  # its temporary folder goes while the interpreter still can
    return _fonts


def _drop_fonts() -> None:
    global _fonts
    _fonts = None


def certificate_pdf(certificate: Certificate) -> RenderedPdf:
    """The certificate as an A4 landscape PDF, and the characters no font could draw."""
    from weasyprint import HTML  # heavy import, needed only where PDFs are made

    html = render_to_string(PDF_TEMPLATE, _pdf_context(certificate))
    watcher = _MissingGlyphs()
    weasyprint_log = logging.getLogger("weasyprint")
    with _render_lock:
        font_config, faces = _font_setup()
        weasyprint_log.addHandler(watcher)
        try:
            data = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
                stylesheets=[faces], font_config=font_config
            )
        finally:
            weasyprint_log.removeHandler(watcher)
    return RenderedPdf(data=data, missing_characters="".join(watcher.characters))


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF; no personal data beyond the leader's name."""
    return certificate_pdf(certificate).data


def certificate_render(*, certificate_id: int, only_if_stale: bool = False) -> str:
    """Render the certificate's PDF under a new random name and drop the previous file.

    Safe to run again at any time (a retried task, a download racing the worker): each run
    leaves exactly one current file. With ``only_if_stale`` a PDF that is already current is
    kept (a download that waited for the worker's lock serves the worker's file). Returns the
    stored name.
    """
    with transaction.atomic():
        certificate = Certificate.objects.unrestricted().select_for_update().get(pk=certificate_id)
        previous = certificate.pdf.name
        if only_if_stale and certificate_is_current(certificate):
            return previous
        rendered = certificate_pdf(certificate)
        if rendered.missing_characters:
            logger.warning(
                "certificate %s printed without a glyph for %r",
                certificate.pk,
                rendered.missing_characters,
            )
        certificate.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(rendered.data), save=False)
        stored = certificate.pdf.name
        storage = certificate.pdf.storage
        try:
            certificate.rendered_at = timezone.now()
            certificate.renderer = current_renderer()
            certificate.missing_characters = rendered.missing_characters[:64]
            certificate.save(update_fields=["pdf", "rendered_at", "renderer", "missing_characters"])
        except BaseException:
            storage.delete(stored)
            raise
        if previous and previous != stored:
            # Only once the new name is committed: a rollback must not leave the row pointing at nothing.
            transaction.on_commit(lambda: storage.delete(previous), robust=True)
    return stored
