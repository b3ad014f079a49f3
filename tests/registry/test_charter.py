"""The charter upload: type judged by content, size capped, served only inside the jurisdiction."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from core.models import Event
from registry import services

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def attach(personas, org, file):
    return services.organization_update(
        actor=personas["street_a"], organization_id=org.pk, data={"charter": file}
    )


def test_it_stores_a_pdf_under_a_random_name_and_serves_it_in_scope(client, personas, world):
    org = attach(personas, world.orgs["a_filed"], upload("章程-王建国.pdf", PDF))
    assert "王建国" not in org.charter.name and org.charter.name.startswith("charters/")
    client.force_login(personas["community_a"])
    response = client.get(reverse("organization-charter", args=[org.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert (
        Event.objects.unrestricted().filter(organization_id=org.pk, action="charter.downloaded").count() == 1
    )


def test_it_answers_404_for_a_charter_outside_scope(client, personas, world):
    org = attach(personas, world.orgs["a_filed"], upload("charter.pdf", PDF))
    client.force_login(personas["street_b"])
    assert client.get(reverse("organization-charter", args=[org.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("charter.pdf", b"MZ\x90\x00 this is an executable", "file_type"),
        ("charter.docx", PDF, "file_extension"),
        ("charter.pdf", b"PK\x03\x04not really a zip", "file_type"),
    ],
)
def test_it_rejects_files_whose_content_is_not_an_accepted_document(personas, world, name, content, code):
    with pytest.raises(ValidationError) as raised:
        attach(personas, world.orgs["a_filed"], upload(name, content))
    assert raised.value.error_dict["charter"][0].code == code
    world.orgs["a_filed"].refresh_from_db()
    assert not world.orgs["a_filed"].charter


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_it_rejects_oversize_files_with_the_limit_in_the_message(personas, world):
    with pytest.raises(ValidationError) as raised:
        attach(personas, world.orgs["a_filed"], upload("charter.pdf", PDF + b"0" * 2048))
    error = raised.value.error_dict["charter"][0]
    assert error.code == "file_too_large"
    assert "不能超过 1.0\xa0KB" in error.message % error.params
