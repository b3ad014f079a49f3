"""The bureau's cases on registered organizations: change, deregistration and revocation of the
registration on the workflow engine, with public announcements; who may, and where."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import Event
from core.permissions import can
from filing import services
from filing.choices import AnnouncementKind, RegistrationCaseState
from filing.models import Announcement, RegistrationCase
from registry.choices import OrganizationStatus
from registry.models import Organization


def reload(organization: Organization) -> Organization:
    return Organization.objects.unrestricted().get(pk=organization.pk)


def open_case(personas, world, kind="revocation", persona="bureau_district", **extra):
    data = {"grounds": "经调查核实，该协会以协会名义从事营利性经营活动。", **extra}
    return services.registration_case_open(
        actor=personas[persona], organization_id=world.orgs["a_registered"].pk, kind=kind, **data
    )


def test_a_revocation_ends_the_registration_and_is_announced_by_the_bureau(personas, world, tree):
    case = open_case(personas, world)
    assert case.state == RegistrationCaseState.OPENED
    decided = services.registration_case_decide(
        actor=personas["bureau_district"], case_id=case.pk, note="违反章程规定的非营利宗旨"
    )
    organization = reload(world.orgs["a_registered"])
    assert (
        decided.state == RegistrationCaseState.DECIDED and organization.status == OrganizationStatus.REVOKED
    )
    announcement = Announcement.objects.unrestricted().get(pk=decided.announcement_id)
    assert announcement.kind == AnnouncementKind.REGISTRATION_REVOKED
    assert announcement.region_id == tree.district_a.code
    assert announcement.title == "关于撤销“幸福里社区文体协会”登记的公告"
    assert "临江区民政局" in announcement.body and "违反章程规定的非营利宗旨" in announcement.body
    for hidden in (organization.leader_id_number, organization.leader_phone):
        assert hidden not in announcement.body
    event = Event.objects.unrestricted().get(action="registration.decide", subject_id=str(case.pk))
    assert (event.from_state, event.to_state) == ("opened", "decided")


def test_a_deregistration_ends_the_organization_with_its_own_announcement(personas, world):
    case = open_case(personas, world, kind="deregistration", grounds="会员大会决议解散")
    decided = services.registration_case_decide(actor=personas["bureau_district"], case_id=case.pk)
    assert reload(world.orgs["a_registered"]).status == OrganizationStatus.DEREGISTERED
    assert decided.announcement.kind == AnnouncementKind.REGISTRATION_ENDED
    assert decided.announcement.title == "关于准予“幸福里社区文体协会”注销登记的公告"


def test_a_change_writes_the_new_particulars_and_keeps_the_old_in_history(personas, world):
    case = open_case(
        personas, world, kind="change", grounds="换届", changes={"member_count": 48, "venue": "文体中心"}
    )
    services.registration_case_decide(actor=personas["bureau_district"], case_id=case.pk)
    organization = reload(world.orgs["a_registered"])
    assert (organization.member_count, organization.venue) == (48, "文体中心")
    assert organization.status == OrganizationStatus.ACTIVE
    assert organization.history.unrestricted().first().history_change_reason == "修改：成员人数、活动场所"


def test_opening_reports_every_problem_at_once(personas, world):
    with pytest.raises(ValidationError) as refused:
        services.registration_case_open(
            actor=personas["bureau_district"],
            organization_id=world.orgs["a_registered"].pk,
            kind="change",
            grounds="",
            changes={"member_count": world.orgs["a_registered"].member_count},
        )
    assert set(refused.value.error_dict) == {"grounds", "changes"}
    assert not RegistrationCase.objects.unrestricted().exists()


def test_a_withdrawn_case_needs_a_reason_and_cannot_then_be_decided(personas, world):
    case = open_case(personas, world)
    with pytest.raises(ValidationError):
        services.registration_case_withdraw(actor=personas["bureau_district"], case_id=case.pk, reason=" ")
    services.registration_case_withdraw(
        actor=personas["bureau_district"], case_id=case.pk, reason="当事方已整改"
    )
    with pytest.raises(ValidationError) as refused:
        services.registration_case_decide(actor=personas["bureau_district"], case_id=case.pk)
    assert refused.value.code == "invalid_transition"
    assert reload(world.orgs["a_registered"]).status == OrganizationStatus.ACTIVE


# -- who may, and where ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("bureau_city", "ok"),
        ("bureau_district", "ok"),
        ("bureau_district_b", Organization.DoesNotExist),
        ("street_a", PermissionDenied),
        ("community_a", PermissionDenied),
        ("operator", PermissionDenied),
        ("org_a", Organization.DoesNotExist),
    ],
)
def test_only_the_bureau_over_the_organization_opens_a_case(personas, world, persona, outcome):
    if outcome == "ok":
        assert open_case(personas, world, persona=persona).state == RegistrationCaseState.OPENED
        return
    with pytest.raises(outcome):
        open_case(personas, world, persona=persona)


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("bureau_district_b", RegistrationCase.DoesNotExist),
        ("street_a", PermissionDenied),
        ("community_a", PermissionDenied),
    ],
)
def test_only_the_bureau_over_it_decides(personas, world, persona, outcome):
    case = open_case(personas, world)
    with pytest.raises(outcome):
        services.registration_case_decide(actor=personas[persona], case_id=case.pk)
    assert reload(world.orgs["a_registered"]).status == OrganizationStatus.ACTIVE


def test_a_filed_organization_is_not_the_bureaus_to_register(personas, world):
    with pytest.raises(ValidationError) as refused:
        services.registration_case_open(
            actor=personas["bureau_district"],
            organization_id=world.orgs["a_filed"].pk,
            kind="revocation",
            grounds="x",
        )
    assert refused.value.code == "tier_not_allowed"
    assert not can(personas["bureau_district"], "filing.open_registration_case", world.orgs["a_filed"])
    assert not can(personas["street_a"], "filing.open_registration_case", world.orgs["a_registered"])
    assert can(personas["bureau_district"], "filing.open_registration_case", world.orgs["a_registered"])


# -- the pages ------------------------------------------------------------------------------------


def test_the_bureau_opens_confirms_and_decides_from_the_pages(client, personas, world):
    organization = world.orgs["a_registered"]
    client.force_login(personas["bureau_district"])
    detail = client.get(reverse("organization-detail", args=[organization.pk])).content.decode()
    create = reverse("registration-case-create", args=[organization.pk])
    assert create in detail
    response = client.post(create, {"kind": "revocation", "grounds": "以协会名义从事营利性经营活动"})
    case = RegistrationCase.objects.unrestricted().get()
    assert response["Location"] == reverse("registration-case-detail", args=[case.pk])
    action = reverse("registration-case-action", args=[case.pk, "decide"])
    asked = client.post(action, {"reason": "经查属实"}).content.decode()
    assert "确认撤销登记决定" in asked and "撤销登记公告" in asked
    assert reload(organization).status == OrganizationStatus.ACTIVE
    done = client.post(action, {"reason": "经查属实", "confirmed": "yes"}, follow=True).content.decode()
    assert "已作出决定。" in done
    assert reload(organization).status == OrganizationStatus.REVOKED
    client.logout()
    public = client.get(reverse("public-announcements")).content.decode()
    assert "关于撤销“幸福里社区文体协会”登记的公告" in public


def test_the_street_is_not_offered_registration_and_is_refused_the_form(client, personas, world):
    organization = world.orgs["a_registered"]
    client.force_login(personas["street_a"])
    detail = client.get(reverse("organization-detail", args=[organization.pk])).content.decode()
    create = reverse("registration-case-create", args=[organization.pk])
    assert create not in detail
    assert client.get(create).status_code == 403
    client.force_login(personas["bureau_district_b"])
    assert client.get(create).status_code == 404


def test_the_form_shows_every_error_at_once(client, personas, world):
    client.force_login(personas["bureau_district"])
    create = reverse("registration-case-create", args=[world.orgs["a_registered"].pk])
    response = client.post(create, {"kind": "", "grounds": ""})
    errors = response.context["form"].errors
    assert {"kind", "grounds"} <= set(errors)
