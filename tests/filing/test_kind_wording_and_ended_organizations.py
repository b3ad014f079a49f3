"""Each kind of application speaks its own words; an ended organization offers no action that cannot
apply; the charter filed with an application becomes the organization's; its edit page never fails
on stored files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Event
from filing import services
from filing.choices import ApplicationKind, ApplicationState, MaterialKind
from filing.models import Certificate
from registry.choices import OrganizationStatus
from registry.models import Organization
from tests.filing.conftest import PDF, advance, deregistration_draft

DOCX_HEAD = b"PK\x03\x04"


def reload(organization: Organization) -> Organization:
    return Organization.objects.unrestricted().get(pk=organization.pk)


@pytest.fixture
def deregistered(personas, world):
    """a_filed with its certificate, deregistered on request through the whole workflow."""
    organization = world.orgs["a_filed"]
    certificate = services.certificate_issue(organization=organization)
    application = advance(personas, deregistration_draft(personas, organization), "approved")
    return organization, certificate, application


# -- wording per kind ------------------------------------------------------------------------------


def test_a_deregistration_is_worded_as_a_deregistration_at_every_step(client, personas, world):
    application = advance(personas, deregistration_draft(personas, world.orgs["a_filed"]), "submitted")
    detail = reverse("application-detail", args=[application.pk])

    client.force_login(personas["community_a"])
    page = client.get(detail).content.decode()
    assert "同意注销" in page and "同意备案" not in page
    client.post(reverse("application-action", args=[application.pk, "opinion"]), {"opinion": "agree"})

    client.force_login(personas["street_a"])
    page = client.get(detail).content.decode()
    assert "准予注销备案" in page and "准予备案" not in page and "社区意见：同意注销" in page
    approve = reverse("application-action", args=[application.pk, "approve"])
    asked = client.post(approve, {"reason": ""}).content.decode()
    assert "确认准予注销备案" in asked and "向社会发布注销备案公告" in asked
    response = client.post(approve, {"reason": "", "confirmed": "yes"}, follow=True)
    page = response.content.decode()
    assert "已准予注销备案，注销公告已发布。" in page
    assert 'data-state="approved">已注销<' in page and "已备案" not in page

    event = Event.objects.unrestricted().get(action="filing.approve", subject_id=str(application.pk))
    assert (event.action_label, event.to_label) == ("备案申请：准予注销备案", "已注销")
    assert reload(world.orgs["a_filed"]).status == OrganizationStatus.DEREGISTERED


@pytest.mark.parametrize(
    ("kind", "approved", "rejected", "agree"),
    [
        (ApplicationKind.NEW, "已备案", "不予备案", "同意备案"),
        (ApplicationKind.CHANGE, "已变更", "不予变更", "同意变更"),
        (ApplicationKind.DEREGISTRATION, "已注销", "不予注销", "同意注销"),
    ],
)
def test_each_kind_names_its_states_and_opinions(kind, approved, rejected, agree):
    from filing.models import FilingApplication

    application = FilingApplication(kind=kind, state=ApplicationState.APPROVED, opinion="agree")
    assert (application.get_state_display(), application.get_opinion_display()) == (approved, agree)
    application.state = ApplicationState.REJECTED
    assert application.get_state_display() == rejected
    assert application.state_reason_label == f"{rejected}理由"


def test_a_refused_deregistration_says_so_on_the_public_status_page(client, personas, world):
    application = advance(personas, deregistration_draft(personas, world.orgs["a_filed"]), "submitted")
    services.application_reject(
        actor=personas["street_a"], application_id=application.pk, reason="尚有未结事项"
    )
    application.refresh_from_db()
    page = client.get(reverse("public-status"), {"receipt": application.receipt_number}).content.decode()
    assert "决定不予注销备案" in page and "不予注销" in page
    assert "不予备案" not in page


def test_a_wrong_state_is_refused_in_the_kinds_own_words(personas, world):
    from django.core.exceptions import ValidationError

    application = advance(personas, deregistration_draft(personas, world.orgs["a_filed"]), "submitted")
    with pytest.raises(ValidationError) as refused:
        services.application_approve(actor=personas["street_a"], application_id=application.pk)
    assert refused.value.messages == ["当前状态为“已提交”，不能办理“准予注销备案”"]


# -- an ended organization offers nothing that cannot apply ------------------------------------------


def test_a_deregistered_organization_offers_neither_renewal_nor_editing(client, personas, deregistered):
    organization, certificate, _ = deregistered
    client.force_login(personas["street_a"])
    page = client.get(reverse("organization-detail", args=[organization.pk])).content.decode()
    assert reverse("certificate-renew", args=[certificate.pk]) not in page
    assert reverse("organization-update", args=[organization.pk]) not in page
    assert reverse("organization-revoke", args=[organization.pk]) not in page
    assert "变更备案" not in page
    # and the pages behind those buttons refuse too
    assert client.get(reverse("organization-update", args=[organization.pk])).status_code == 403
    before = Certificate.objects.unrestricted().get(pk=certificate.pk).version
    client.post(reverse("certificate-renew", args=[certificate.pk]), {"confirmed": "yes"})
    assert Certificate.objects.unrestricted().get(pk=certificate.pk).version == before


def test_the_permission_table_says_an_ended_organization_cannot_be_changed(personas, deregistered):
    from core.permissions import can

    organization, certificate, _ = deregistered
    organization = Organization.objects.for_user(personas["street_a"]).get(pk=organization.pk)
    certificate = (
        Certificate.objects.for_user(personas["street_a"])
        .select_related("organization")
        .get(pk=certificate.pk)
    )
    for rule, obj in (
        ("registry.change_organization", organization),
        ("filing.renew", certificate),
        ("filing.revoke", organization),
        ("filing.apply_for", organization),
    ):
        assert not can(personas["street_a"], rule, obj), rule


def test_an_active_organization_still_offers_them(client, personas, world):
    organization = world.orgs["a_filed"]
    certificate = services.certificate_issue(organization=organization)
    client.force_login(personas["street_a"])
    page = client.get(reverse("organization-detail", args=[organization.pk])).content.decode()
    assert reverse("certificate-renew", args=[certificate.pk]) in page
    assert reverse("organization-update", args=[organization.pk]) in page


# -- the charter filed with the application ----------------------------------------------------------


def test_the_charter_filed_with_a_new_application_becomes_the_organizations(client, personas, draft):
    services.material_add(
        actor=personas["street_a"],
        application_id=draft.pk,
        kind=MaterialKind.CHARTER,
        upload=SimpleUploadedFile("章程定稿.pdf", PDF + b"% final\n"),
    )
    application = advance(personas, draft, "approved")
    organization = reload(application.organization)
    assert organization.charter.name.startswith("charters/")
    with organization.charter.open("rb") as handle:
        assert handle.read() == PDF + b"% final\n"  # the latest charter uploaded, not the first
    client.force_login(personas["community_a"])
    response = client.get(reverse("organization-charter", args=[organization.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF + b"% final\n"


# -- the edit page with every kind of file -----------------------------------------------------------


def test_the_edit_page_opens_and_saves_an_organization_with_every_kind_of_file(client, personas, draft):
    application = advance(personas, draft, "approved")  # charter from the application, a certificate
    organization = reload(application.organization)
    certificate = Certificate.objects.unrestricted().get(organization=organization)
    from filing.certificates import certificate_render

    certificate_render(certificate_id=certificate.pk)
    assert organization.charter and Certificate.objects.unrestricted().get(pk=certificate.pk).pdf

    client.force_login(personas["street_a"])
    edit = reverse("organization-update", args=[organization.pk])
    response = client.get(edit)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已上传章程" in page and reverse("organization-charter", args=[organization.pk]) in page

    form = response.context["form"]
    payload = {name: value for name, value in form.initial.items() if value not in (None, "")}
    payload.update(
        category=organization.category_id,
        community=organization.community_id,
        founded_on=organization.founded_on.isoformat(),
        member_count=31,
        domains=[d.pk for d in organization.domains.all()],
        target_groups=[t.pk for t in organization.target_groups.all()],
    )
    payload.pop("charter", None)
    payload.pop("is_brand", None)
    saved = client.post(edit, payload)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    after = reload(organization)
    assert after.member_count == 31 and after.charter.name == organization.charter.name

    replaced = client.post(edit, {**payload, "charter": SimpleUploadedFile("新章程.pdf", PDF)})
    assert replaced.status_code == 302
    assert reload(organization).charter.name != organization.charter.name
