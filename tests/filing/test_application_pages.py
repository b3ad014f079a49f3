"""Application pages: drafting, the detail page's buttons, actions, materials, scope."""

import pytest
from django.urls import reverse

from core.models import Event
from filing.choices import ApplicationState
from filing.models import ApplicationMaterial, FilingApplication
from tests.filing.conftest import advance, new_proposal, pdf


def login(client, user):
    client.force_login(user)
    return client


def form_data(community, contact_phone="13911112222", **overrides):
    proposal = new_proposal(**overrides)
    return {**proposal, "community": community.pk, "contact_name": "刘桂兰", "contact_phone": contact_phone}


def test_it_drafts_a_new_filing_from_the_page(client, personas, tree):
    response = login(client, personas["street_a"]).post(
        reverse("application-create") + "?kind=new", form_data(tree.community_a)
    )
    application = FilingApplication.objects.unrestricted().get()
    assert response["Location"] == reverse("application-detail", args=[application.pk])
    assert (application.state, application.proposal["name"]) == ("draft", "幸福里社区银龄志愿服务队")


def test_it_shows_filing_conditions_errors_on_their_fields(client, personas, tree):
    response = login(client, personas["street_a"]).post(
        reverse("application-create") + "?kind=new",
        form_data(tree.community_a, name="幸福里小区业主委员会", member_count=5, contact_phone="12"),
    )
    errors = response.context["form"].errors
    assert "不能备案" in errors["name"][0]
    assert errors["member_count"] == ["成员应不少于10人（须附成员名册）"]
    assert errors["contact_phone"] == ["手机号码应为以1开头的11位数字"]
    assert not FilingApplication.objects.unrestricted().exists()


def test_it_offers_a_street_only_its_own_communities(client, personas, tree):
    form = (
        login(client, personas["street_a"]).get(reverse("application-create") + "?kind=new").context["form"]
    )
    assert set(form.fields["community"].queryset) == {tree.community_a, tree.village_a}


@pytest.mark.parametrize("persona", ["operator", "bureau_district", "community_a"])
def test_it_forbids_drafting_to_roles_that_do_not_apply(client, personas, persona):
    assert login(client, personas[persona]).get(reverse("application-create")).status_code == 403


def test_it_files_a_change_with_only_what_differs(client, personas, world):
    org = world.orgs["a_filed"]
    url = reverse("application-create") + f"?kind=change&organization={org.pk}"
    page = login(client, personas["street_a"]).get(url)
    assert page.context["form"].initial["venue"] == org.venue
    data = {
        **page.context["form"].initial,
        "venue": "幸福里社区文化活动室",
        "contact_name": "王建国",
        "contact_phone": "13911112222",
        "fact_date": "2026-01-05",
    }
    data = {key: value for key, value in data.items() if value is not None}
    assert client.post(url, data).status_code == 302
    assert FilingApplication.objects.unrestricted().get().proposal == {"venue": "幸福里社区文化活动室"}


def test_it_hides_other_streets_applications(client, personas, draft):
    client = login(client, personas["street_b"])
    assert client.get(reverse("application-detail", args=[draft.pk])).status_code == 404
    assert draft.proposal["name"] not in client.get(reverse("application-list")).content.decode()
    response = client.post(reverse("application-action", args=[draft.pk, "submit"]), {"commitment": "on"})
    assert response.status_code == 404


def test_it_masks_personal_data_on_the_detail_page(client, personas, draft):
    page = (
        login(client, personas["street_a"])
        .get(reverse("application-detail", args=[draft.pk]))
        .content.decode()
    )
    assert draft.proposal["leader_id_number"] not in page
    assert draft.proposal["leader_phone"] not in page and draft.contact_phone not in page
    assert draft.proposal["leader_id_number"][:6] + "********" in page


def test_it_walks_the_whole_workflow_through_the_buttons(client, personas, draft):
    street = login(client, personas["street_a"])
    detail = reverse("application-detail", args=[draft.pk])
    assert "提交申请" in street.get(detail).content.decode()
    street.post(reverse("application-action", args=[draft.pk, "submit"]), {"commitment": "on"})
    assert "提交社区意见" not in street.get(detail).content.decode()
    committee = login(client, personas["community_a"])
    assert "提交社区意见" in committee.get(detail).content.decode()
    committee.post(
        reverse("application-action", args=[draft.pk, "opinion"]), {"opinion": "agree", "note": "属实"}
    )
    street = login(client, personas["street_a"])
    approve = reverse("application-action", args=[draft.pk, "approve"])
    asked = street.post(approve, {"reason": "材料齐全"})
    assert asked.status_code == 200 and "确认准予备案" in asked.content.decode()
    draft.refresh_from_db()
    assert draft.state == ApplicationState.OPINION_GIVEN  # nothing happens before the confirmation
    response = street.post(approve, {"reason": "材料齐全", "confirmed": "yes"}, follow=True)
    assert "已准予备案，备案证书正在生成。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == ApplicationState.APPROVED and draft.organization is not None


def test_it_says_why_a_button_did_nothing(client, personas, draft):
    advance(personas, draft, "submitted")
    response = login(client, personas["street_a"]).post(
        reverse("application-action", args=[draft.pk, "return"]), {"reason": ""}, follow=True
    )
    assert "请填写退回补正的理由" in response.content.decode()
    response = client.post(reverse("application-action", args=[draft.pk, "approve"]), follow=True)
    assert "当前状态为“已提交”，不能办理“准予备案”" in response.content.decode()


def test_it_forbids_a_step_the_role_does_not_take(client, personas, draft):
    advance(personas, draft, "submitted")
    response = login(client, personas["community_a"]).post(
        reverse("application-action", args=[draft.pk, "approve"])
    )
    assert response.status_code == 403


def test_it_uploads_downloads_and_audits_materials(client, personas, draft):
    client = login(client, personas["street_a"])
    response = client.post(
        reverse("material-upload", args=[draft.pk]),
        {"kind": "other", "file": pdf("补充说明.pdf")},
        follow=True,
    )
    assert "已上传其他材料 1 个文件。" in response.content.decode()
    material = ApplicationMaterial.objects.unrestricted().get(original_name="补充说明.pdf")
    download = login(client, personas["community_a"]).get(reverse("material-download", args=[material.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert Event.objects.unrestricted().filter(action="material.downloaded").count() == 1
    assert (
        login(client, personas["street_b"]).get(reverse("material-download", args=[material.pk])).status_code
        == 404
    )


def test_it_refuses_a_disguised_upload_with_a_message(client, personas, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(client, personas["street_a"]).post(
        reverse("material-upload", args=[draft.pk]),
        {"kind": "other", "file": SimpleUploadedFile("名册.xlsx", b"not a spreadsheet")},
        follow=True,
    )
    assert "文件类型不符，只接受 PDF、JPG、PNG、Word（docx）、Excel（xlsx） 文件" in response.content.decode()
    assert not ApplicationMaterial.objects.unrestricted().filter(original_name="名册.xlsx").exists()


def test_a_long_file_name_keeps_its_extension_and_downloads(client, personas, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from filing.models import ApplicationMaterial
    from tests.filing.conftest import PDF

    client.force_login(personas["street_a"])
    name = "补充说明" * 80 + ".pdf"
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    client.post(reverse("material-upload", args=[draft.pk]), {"kind": "other", "file": upload})
    material = ApplicationMaterial.objects.unrestricted().get(application=draft, kind="other")
    assert len(material.original_name) == 200 and material.original_name.endswith(".pdf")
    response = client.get(reverse("material-download", args=[material.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_submitted_application_has_a_printable_receipt_saying_what_comes_next(client, personas, draft):
    receipt = reverse("application-receipt", args=[draft.pk])
    street = login(client, personas["street_a"])
    assert street.get(receipt).status_code == 404  # a draft has no receipt yet
    response = street.post(
        reverse("application-action", args=[draft.pk, "submit"]), {"commitment": "on"}, follow=True
    )
    draft.refresh_from_db()
    assert "可打印回执" in response.content.decode() and receipt in response.content.decode()
    page = street.get(receipt).content.decode()
    assert f'data-receipt="number">{draft.receipt_number}<' in page
    assert "社区社会组织新设备案申请回执" in page and "江滨街道办事处" in page
    assert f"{draft.opinion_due.year}年{draft.opinion_due.month}月{draft.opinion_due.day}日前" in page
    assert f"/public/status/?receipt={draft.receipt_number}" in page
    assert draft.proposal["leader_id_number"] not in page and draft.contact_phone not in page
    client.force_login(personas["street_b"])
    assert client.get(receipt).status_code == 404
