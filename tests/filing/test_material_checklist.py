"""The materials step as a checklist: what is needed, what is in, the blank forms to fill, several
files uploaded at once, and 提交申请 after the materials."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from filing import services
from filing.blank_forms import BLANK_FORMS, ROSTER_HEADER
from filing.choices import MaterialKind
from filing.models import ApplicationMaterial
from filing.services.proposals import REQUIRED_MATERIALS
from registry.models import Category
from tests.filing.conftest import PDF, pdf


def detail(client, user, application):
    client.force_login(user)
    return client.get(reverse("application-detail", args=[application.pk]))


def test_the_checklist_lists_every_required_material_with_its_blank_form_before_any_upload(
    client, personas, bare_draft
):
    response = detail(client, personas["street_a"], bare_draft)
    checklist = response.context["checklist"]
    assert [item.kind for item in checklist if item.required] == list(REQUIRED_MATERIALS["new"])
    assert all(not item.files for item in checklist)
    page = response.content.decode()
    assert page.count("未上传") == len(REQUIRED_MATERIALS["new"])
    for kind in REQUIRED_MATERIALS["new"]:
        assert f'href="{BLANK_FORMS[kind].url}"' in page, kind
    # 提交申请 comes after the materials, not before them.
    assert page.index('id="materials"') < page.index('type="submit">提交申请</button>')


def test_several_files_of_a_kind_go_up_in_one_post(client, personas, bare_draft):
    client.force_login(personas["street_a"])
    files = [
        SimpleUploadedFile(f"成员名册第{n}页.pdf", PDF, content_type="application/pdf") for n in (1, 2, 3)
    ]
    response = client.post(
        reverse("material-upload", args=[bare_draft.pk]), {"kind": "roster", "file": files}, follow=True
    )
    assert "已上传成员名册 3 个文件。" in response.content.decode()
    roster = next(item for item in response.context["checklist"] if item.kind == MaterialKind.ROSTER)
    assert sorted(m.original_name for m in roster.files) == [f"成员名册第{n}页.pdf" for n in (1, 2, 3)]


def test_one_bad_file_among_several_uploads_none_and_names_it(client, personas, bare_draft):
    client.force_login(personas["street_a"])
    files = [
        pdf("章程.pdf"),
        SimpleUploadedFile("章程附件.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    ]
    response = client.post(
        reverse("material-upload", args=[bare_draft.pk]), {"kind": "charter", "file": files}, follow=True
    )
    page = response.content.decode()
    assert "章程附件.pdf：" in page
    assert not ApplicationMaterial.objects.unrestricted().filter(application=bare_draft).exists()


def test_more_files_than_the_cap_at_once_are_refused(client, personas, bare_draft):
    client.force_login(personas["street_a"])
    files = [pdf(f"{n}.pdf") for n in range(11)]
    response = client.post(
        reverse("material-upload", args=[bare_draft.pk]), {"kind": "other", "file": files}, follow=True
    )
    assert "一次最多上传 10 个文件" in response.content.decode()
    assert not ApplicationMaterial.objects.unrestricted().filter(application=bare_draft).exists()


def test_a_submitted_application_shows_its_materials_without_upload_or_submit(client, personas, draft):
    services.application_submit(actor=personas["street_a"], application_id=draft.pk, commitment_accepted=True)
    page = detail(client, personas["street_a"], draft).content.decode()
    assert "已上传 1 份" in page
    assert 'type="file"' not in page and "我已阅读并签署上述信用承诺" not in page


@pytest.mark.parametrize("kind", [k for k, form in BLANK_FORMS.items() if form.template])
def test_every_blank_form_prints_without_signing_in(client, db, kind):
    form = BLANK_FORMS[kind]
    response = client.get(form.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert form.title in page and "data-print" in page


def test_the_filing_form_offers_the_configured_categories_and_the_commitment(client, db):
    retired = Category.objects.filter(is_active=True).first()
    retired.is_active = False
    retired.save()
    page = client.get(BLANK_FORMS[MaterialKind.FILING_FORM].url).content.decode()
    for name in Category.objects.filter(is_active=True).values_list("name", flat=True):
        assert f"□{name}" in page
    assert f"□{retired.name}" not in page
    assert "所提交的备案材料真实、合法、有效" in page


def test_the_roster_template_is_a_workbook_with_the_columns_and_numbered_rows(client, db):
    response = client.get(BLANK_FORMS[MaterialKind.ROSTER].url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert tuple(cell.value for cell in sheet[3]) == ROSTER_HEADER
    assert sheet.cell(row=4, column=1).value == 1 and sheet.cell(row=33, column=1).value == 30


def test_an_unknown_blank_form_is_not_found(client, db):
    assert client.get(reverse("blank-form", args=["no-such-form"])).status_code == 404
