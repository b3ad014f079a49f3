"""Filing certificates as documents: the PDF, its QR code and how it is rendered and stored."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from django.conf import settings
from django.db import transaction
from pypdf import PdfReader

from filing import services
from filing.certificates import (
    certificate_pdf_bytes,
    certificate_qr_png,
    certificate_qr_svg,
    certificate_render,
    certificate_verification_url,
    issuing_authority,
)
from filing.models import Certificate
from filing.tasks import render_certificate
from registry.choices import RegionLevel
from registry.models import Region
from tests.filing.conftest import advance, pdf_text, stored_bytes
from tests.filing.conftest import reload_certificate as reload

# -- the PDF -------------------------------------------------------------------------------------


def test_it_prints_the_particulars_and_no_personal_data(certificate):
    organization = certificate.organization
    data = certificate_pdf_bytes(certificate)

    text = pdf_text(data)
    assert data.startswith(b"%PDF")
    assert "社区社会组织备案证书" in text
    for shown in (
        organization.name,
        certificate.filing_number,
        organization.category.name,
        "江滨街道幸福里社区",
        organization.leader_name,
        "2021年3月1日",
        "江滨街道办事处",
        "扫码核验证书真伪及当前状态",
        f"{certificate.valid_until.year}年{certificate.valid_until.month}月{certificate.valid_until.day}日",
    ):
        assert shown in text, shown
    assert organization.leader_id_number not in text
    assert organization.leader_phone not in text
    assert "版）" not in text  # the first version carries no version note


def test_it_is_one_a4_landscape_page(certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf_bytes(certificate)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (297, 210)


def test_it_notes_the_version_from_the_second_on(certificate):
    certificate.version = 2
    assert "（第2版）" in pdf_text(certificate_pdf_bytes(certificate))


def test_the_issuer_is_the_street_office_or_the_town_government(tree):
    assert issuing_authority(tree.street_a) == "江滨街道办事处"
    assert issuing_authority(tree.street_c) == "松林镇人民政府"
    assert issuing_authority(Region(code="990102002000", name="石门乡", level=RegionLevel.STREET)) == (
        "石门乡人民政府"
    )


def test_a_town_certificate_is_issued_by_the_town_government(world):
    certificate = services.certificate_issue(organization=world.orgs["c_filed"])
    assert "发证机关：松林镇人民政府" in pdf_text(certificate_pdf_bytes(certificate))


# -- the QR code -----------------------------------------------------------------------------------


def test_the_qr_code_in_the_pdf_opens_the_public_verification_page(client, certificate):
    images = PdfReader(io.BytesIO(certificate_pdf_bytes(certificate))).pages[0].images
    assert len(images) == 1

    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(images[0].image)]

    url = certificate_verification_url(certificate)
    assert decoded == [url]
    assert url == settings.PUBLIC_BASE_URL.rstrip("/") + f"/public/verify/{certificate.verification_code}/"
    assert client.get(url.removeprefix(settings.PUBLIC_BASE_URL.rstrip("/"))).status_code == 200


def test_the_qr_code_helpers_encode_the_same_url(certificate):
    from PIL import Image

    png = Image.open(io.BytesIO(certificate_qr_png(certificate)))
    assert [b.text for b in zxingcpp.read_barcodes(png)] == [certificate_verification_url(certificate)]
    assert certificate_qr_svg(certificate).startswith("<svg")


def test_the_verification_code_is_long_and_random(world):
    first = services.certificate_issue(organization=world.orgs["a_filed"])
    second = services.certificate_issue(organization=world.orgs["b_filed"])
    assert len(first.verification_code) >= 16
    assert first.verification_code != second.verification_code
    assert first.filing_number not in first.verification_code


# -- rendering -------------------------------------------------------------------------------------


def test_render_stores_the_pdf_under_a_random_name(certificate):
    name = certificate_render(certificate_id=certificate.pk)

    stored = reload(certificate)
    assert stored.pdf.name == name
    assert re.fullmatch(r"certificates/[0-9a-f]{32}\.pdf", name)
    assert stored.rendered_at is not None
    assert certificate.organization.name in pdf_text(stored_bytes(stored))


def test_render_again_replaces_the_file_and_deletes_the_old_one(
    certificate, django_capture_on_commit_callbacks
):
    first = certificate_render(certificate_id=certificate.pk)
    with django_capture_on_commit_callbacks(execute=True):
        second = certificate_render(certificate_id=certificate.pk)

    storage = reload(certificate).pdf.storage
    assert second != first
    assert reload(certificate).pdf.name == second
    assert storage.exists(second)
    assert not storage.exists(first)


def test_approval_renders_the_certificate_through_the_task(
    personas, draft, render_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = advance(personas, draft, "approved")

    certificate = Certificate.objects.unrestricted().get(organization=application.organization)
    assert render_tasks == [certificate.pk]
    assert certificate.filing_number in pdf_text(stored_bytes(certificate))


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_renders_the_certificate(celery_worker_process, vocabularies, world):
    with transaction.atomic():
        certificate = services.certificate_issue(organization=world.orgs["a_filed"])

    result = render_certificate.apply_async(args=[certificate.pk], queue=celery_worker_process.queue)
    name = result.get(timeout=60)

    stored = reload(certificate)
    assert stored.pdf.name == name
    assert stored.rendered_at is not None
