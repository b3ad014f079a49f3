"""The street office's duties: revocation (取消备案) with its announcement, the service and its page,
and the announcements of deregistrations and notices (公告)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Event
from filing import services
from filing.choices import AnnouncementKind, DormancyState, RevocationGround
from filing.models import Announcement, Revocation
from registry.choices import OrganizationStatus
from registry.models import Organization
from tests.filing.conftest import advance, deregistration_draft, pdf, personal_data, revoke, revoke_url

pytestmark = pytest.mark.usefixtures("fresh_counters")


def reload(organization: Organization) -> Organization:
    return Organization.objects.unrestricted().get(pk=organization.pk)


def announcements_of(organization: Organization) -> list[Announcement]:
    return list(Announcement.objects.unrestricted().filter(organization_id=organization.pk))


# -- revocation (service) --------------------------------------------------------------------------


def test_the_street_revokes_a_filed_organization_of_its_street(personas, world, certificate):
    organization = world.orgs["a_filed"]

    revocation = revoke(personas["street_a"], organization)

    assert reload(organization).status == OrganizationStatus.REVOKED
    assert revocation.street_id == "990101001000"
    assert revocation.decided_by == personas["street_a"]
    announcement = revocation.announcement
    assert announcement.kind == AnnouncementKind.REVOCATION
    assert announcement.organization_id == organization.pk
    assert announcement.region_id == "990101001000"
    assert announcement.title == "关于取消“幸福里社区邻里互助站”备案的公告"
    for shown in (
        organization.name,
        certificate.filing_number,
        RevocationGround.AGAINST_CHARTER.label,
        "违反章程规定的非营利宗旨",
        "江滨街道办事处",
        "备案证书同时失效",
        f"{timezone.localdate().year}年",
    ):
        assert shown in announcement.body, shown
    assert (
        Event.objects.unrestricted()
        .filter(organization_id=organization.pk, action="organization.revoked")
        .exists()
    )


def test_the_announcement_carries_no_personal_data_nor_the_investigation(personas, world, certificate):
    organization = world.orgs["a_filed"]
    announcement = revoke(personas["street_a"], organization).announcement
    for hidden in (*personal_data(organization), "营利性培训"):
        assert hidden not in announcement.body and hidden not in announcement.title, hidden


def test_the_certificate_stops_verifying_once_revoked(client, personas, certificate):
    revoke(personas["street_a"], certificate.organization)
    page = client.get(reverse("certificate-verify", args=[certificate.verification_code])).content.decode()
    assert 'data-status="revoked"' in page and "已取消备案" in page


def test_a_community_guided_organization_is_revoked_without_a_filing_number(personas, world):
    organization = world.orgs["a_guided"]
    announcement = revoke(personas["street_a"], organization, ground=RevocationGround.COMPLAINTS).announcement
    assert reload(organization).status == OrganizationStatus.REVOKED
    assert "备案编号" not in announcement.body and "备案证书" not in announcement.body
    assert RevocationGround.COMPLAINTS.label in announcement.body


def test_another_street_cannot_find_the_organization(personas, world):
    with pytest.raises(Organization.DoesNotExist):
        revoke(personas["street_b"], world.orgs["a_filed"])
    assert reload(world.orgs["a_filed"]).status == OrganizationStatus.ACTIVE


@pytest.mark.parametrize("persona", ["community_a", "bureau_district", "org_a", "operator"])
def test_only_the_street_office_revokes(personas, world, persona):
    with pytest.raises(PermissionDenied):
        revoke(personas[persona], world.orgs["a_guided"])
    assert reload(world.orgs["a_guided"]).status == OrganizationStatus.ACTIVE


def test_a_registered_organization_is_the_bureaus(personas, world):
    with pytest.raises(ValidationError) as error:
        revoke(personas["street_a"], world.orgs["a_registered"])
    assert error.value.code == "registered_by_bureau"
    assert reload(world.orgs["a_registered"]).status == OrganizationStatus.ACTIVE


def test_an_ended_organization_is_not_revoked_again(personas, world):
    revoke(personas["street_a"], world.orgs["a_filed"])
    with pytest.raises(ValidationError) as error:
        revoke(personas["street_a"], world.orgs["a_filed"])
    assert error.value.code == "not_active"
    assert len(announcements_of(world.orgs["a_filed"])) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"investigation": ""}, "investigation"),
        ({"ground": "unknown"}, "ground"),
    ],
)
def test_missing_or_invalid_input_changes_nothing(personas, world, overrides, field):
    organization = world.orgs["a_filed"]
    with pytest.raises(ValidationError) as error:
        revoke(personas["street_a"], organization, **overrides)
    assert field in error.value.error_dict
    assert reload(organization).status == OrganizationStatus.ACTIVE
    assert not announcements_of(organization)
    assert not Revocation.objects.unrestricted().exists()


def test_evidence_of_the_wrong_type_is_refused(personas, world):
    organization = world.orgs["a_filed"]
    evidence = SimpleUploadedFile("证据.pdf", b"just some text", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        revoke(personas["street_a"], organization, evidence=evidence)
    assert error.value.error_dict["evidence"][0].code == "file_type"
    assert reload(organization).status == OrganizationStatus.ACTIVE


def test_evidence_is_kept_with_its_original_name(personas, world):
    revocation = revoke(personas["street_a"], world.orgs["a_filed"], evidence=pdf("走访记录.pdf"))
    assert revocation.evidence_name == "走访记录.pdf"
    assert revocation.evidence.name.startswith("revocations/") and "走访记录" not in revocation.evidence.name


def test_revocation_closes_an_open_dormancy_flag(personas, world):
    organization = world.orgs["a_filed"]
    flag = services.dormancy_flag_unreachable(
        actor=personas["street_a"], organization_id=organization.pk, note="电话停机，两次上门无人"
    )
    revoke(personas["street_a"], organization, ground=RevocationGround.DORMANT)
    flag.refresh_from_db()
    assert flag.state == DormancyState.REVOKED
    assert flag.reviewed_by == personas["street_a"]


# -- revocation (page) -----------------------------------------------------------------------------


def test_the_revoke_page_preselects_the_dormant_ground(client, personas, world):
    client.force_login(personas["street_a"])
    response = client.get(revoke_url(world.orgs["a_filed"]), {"ground": "dormant"})
    assert response.status_code == 200
    assert response.context["form"].initial == {"ground": "dormant"}
    assert '<option value="dormant" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "org"),
    [
        ("street_b", "a_filed"),
        ("community_a", "a_guided"),
        ("bureau_district", "a_filed"),
        ("street_a", "a_registered"),
        ("street_a", "b_filed"),
    ],
)
def test_the_revoke_page_is_not_found_outside_what_one_may_revoke(client, personas, world, persona, org):
    client.force_login(personas[persona])
    assert client.get(revoke_url(world.orgs[org])).status_code == 404
    assert client.post(revoke_url(world.orgs[org]), {"ground": "illegal"}).status_code == 404


def test_the_revoke_page_sends_the_anonymous_to_login(client, world):
    response = client.get(revoke_url(world.orgs["a_filed"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_revoking_from_the_page_returns_to_the_organization(client, personas, world):
    organization = world.orgs["a_filed"]
    client.force_login(personas["street_a"])
    response = client.post(
        revoke_url(organization),
        {
            "ground": "illegal",
            "investigation": "经公安机关通报，核实属实。",
            "reason": "违反法律法规",
            "evidence": pdf("通报.pdf"),
            "confirmed": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("organization-detail", args=[organization.pk])
    assert "已取消“幸福里社区邻里互助站”的备案" in response.content.decode()
    assert reload(organization).status == OrganizationStatus.REVOKED


def test_the_page_shows_a_missing_reason_on_its_field(client, personas, world):
    organization = world.orgs["a_filed"]
    client.force_login(personas["street_a"])
    response = client.post(
        revoke_url(organization), {"ground": "illegal", "investigation": "核实属实", "confirmed": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["请填写取消备案的理由"]
    assert reload(organization).status == OrganizationStatus.ACTIVE
    assert not announcements_of(organization)


def test_the_page_asks_for_confirmation_and_shows_every_error_at_once(client, personas, world):
    organization = world.orgs["a_filed"]
    client.force_login(personas["street_a"])
    page = client.get(revoke_url(organization)).content.decode()
    assert "自动发布取消备案公告" in page and "此操作不能撤回" in page
    response = client.post(revoke_url(organization), {"ground": "", "investigation": ""})
    errors = response.context["form"].errors
    assert set(errors) == {"ground", "investigation", "reason", "confirmed"}
    assert errors["confirmed"][0].startswith("请确认已知悉取消备案的后果")
    assert reload(organization).status == OrganizationStatus.ACTIVE
    assert not announcements_of(organization)


def test_the_page_shows_a_wrong_evidence_type_on_its_field(client, personas, world):
    client.force_login(personas["street_a"])
    response = client.post(
        revoke_url(world.orgs["a_filed"]),
        {
            "ground": "illegal",
            "investigation": "核实属实",
            "reason": "违反法律法规",
            "evidence": SimpleUploadedFile("a.pdf", b"plain text"),
        },
    )
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    assert reload(world.orgs["a_filed"]).status == OrganizationStatus.ACTIVE


# -- deregistration and notices ------------------------------------------------------------------------


def test_an_approved_deregistration_is_announced(personas, world, certificate):
    organization = world.orgs["a_filed"]
    advance(personas, deregistration_draft(personas, organization), "approved")

    assert reload(organization).status == OrganizationStatus.DEREGISTERED
    (announcement,) = announcements_of(organization)
    assert announcement.kind == AnnouncementKind.DEREGISTRATION
    assert announcement.title == "关于“幸福里社区邻里互助站”注销备案的公告"
    assert certificate.filing_number in announcement.body and "准予注销" in announcement.body
    for hidden in personal_data(organization):
        assert hidden not in announcement.body


def test_a_notice_is_published_for_the_own_street(personas, tree):
    notice = services.announcement_publish(
        actor=personas["street_a"],
        region=tree.street_a,
        title="关于开展年度工作报告的通知",
        body="请各组织按时报送。",
    )
    assert notice.kind == AnnouncementKind.NOTICE and notice.organization is None
    assert notice.published_by == personas["street_a"]
    assert (
        Event.objects.unrestricted()
        .filter(action="announcement.published", region_code=tree.street_a.code)
        .exists()
    )


@pytest.mark.parametrize(
    ("persona", "street"),
    [("street_b", "street_a"), ("community_a", "street_a"), ("bureau_district", "street_a")],
)
def test_a_notice_of_another_street_is_refused(personas, tree, persona, street):
    with pytest.raises(PermissionDenied):
        services.announcement_publish(
            actor=personas[persona], region=getattr(tree, street), title="通知", body="正文"
        )


def test_a_notice_needs_a_title_and_a_body(personas, tree):
    with pytest.raises(ValidationError) as error:
        services.announcement_publish(actor=personas["street_a"], region=tree.street_a, title=" ", body="")
    assert set(error.value.error_dict) == {"title", "body"}
    assert not Announcement.objects.unrestricted().exists()


def test_the_announcement_pages_are_scoped(client, personas, tree):
    services.announcement_publish(
        actor=personas["street_a"], region=tree.street_a, title="江滨通知", body="正文"
    )
    client.force_login(personas["street_b"])
    assert "江滨通知" not in client.get(reverse("announcement-list")).content.decode()
    client.force_login(personas["bureau_district"])
    assert "江滨通知" in client.get(reverse("announcement-list")).content.decode()


def test_street_staff_publish_from_the_page(client, personas):
    client.force_login(personas["street_a"])
    response = client.post(reverse("announcement-create"), {"title": "", "body": ""})
    assert response.status_code == 200 and "请填写标题" in response.content.decode()
    response = client.post(reverse("announcement-create"), {"title": "停水通知", "body": "周六停水"})
    assert response.status_code == 302
    assert Announcement.objects.unrestricted().get().region_id == "990101001000"


@pytest.mark.parametrize("persona", ["community_a", "operator", "org_a"])
def test_others_may_not_publish(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("announcement-create")).status_code == 403
    assert client.post(reverse("announcement-create"), {"title": "t", "body": "b"}).status_code == 403


# -- bureau notices and policy documents ------------------------------------------------------------


def test_a_bureau_publishes_a_policy_with_its_document_shown_to_the_public(client, personas, tree):
    client.force_login(personas["bureau_district"])
    form = client.get(reverse("announcement-create")).content.decode()
    assert "以临江区民政局名义发布" in form
    response = client.post(
        reverse("announcement-create"),
        {
            "kind": AnnouncementKind.POLICY,
            "title": "关于培育发展社区社会组织的实施意见",
            "body": "现将实施意见及配套文件印发给你们，请认真贯彻落实。",
            "attachment": pdf("实施意见.pdf"),
        },
    )
    assert response.status_code == 302
    policy = Announcement.objects.unrestricted().get()
    assert (policy.kind, policy.region_id, policy.attachment_name) == (
        AnnouncementKind.POLICY,
        tree.district_a.code,
        "实施意见.pdf",
    )
    assert (
        Event.objects.unrestricted()
        .filter(action="announcement.published", region_code=tree.district_a.code)
        .exists()
    )

    client.logout()
    page = client.get(reverse("public-announcement", args=[policy.pk])).content.decode()
    assert "临江区民政局" in page and "政策文件" in page
    attachment = reverse("public-announcement-attachment", args=[policy.pk])
    assert attachment in page
    download = client.get(attachment)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        "关于培育发展社区社会组织的实施意见" in client.get(reverse("public-announcements")).content.decode()
    )


def test_a_notice_reports_every_error_at_once_and_refuses_a_bad_attachment(personas, tree):
    with pytest.raises(ValidationError) as error:
        services.announcement_publish(
            actor=personas["bureau_district"],
            region=tree.district_a,
            kind="nonsense",
            title="",
            body="",
            attachment=SimpleUploadedFile("a.pdf", b"plain text"),
        )
    assert set(error.value.error_dict) == {"kind", "title", "body", "attachment"}
    assert not Announcement.objects.unrestricted().exists()


def test_a_bureau_publishes_only_in_its_own_name(personas, tree):
    with pytest.raises(PermissionDenied):
        services.announcement_publish(
            actor=personas["bureau_district"], region=tree.city, title="通知", body="正文"
        )


def test_an_announcement_without_attachment_has_none_to_download(client, personas, tree):
    notice = services.announcement_publish(
        actor=personas["street_a"], region=tree.street_a, title="通知", body="正文"
    )
    assert client.get(reverse("public-announcement-attachment", args=[notice.pk])).status_code == 404
