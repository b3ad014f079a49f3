"""Organization pages: every persona × list / detail / create / update, 404 outside jurisdiction."""

import pytest
from django.urls import reverse

from core.models import Event
from registry.choices import Tier
from registry.models import Organization
from tests.conftest import ALL_ORGS, CHANGEABLE, VISIBLE, organization_data, valid_credit_code

PERSONAS = sorted(VISIBLE)


@pytest.fixture
def login(client, personas):
    def as_persona(name):
        client.force_login(personas[name])
        return client

    return as_persona


def test_it_sends_the_anonymous_to_login(client, world):
    response = client.get(reverse("organization-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_exactly_the_organizations_in_scope(login, world, persona):
    page = login(persona).get(reverse("organization-list")).content.decode()
    for key in ALL_ORGS:
        assert (world.orgs[key].name in page) == (key in VISIBLE[persona]), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_details_in_scope_and_404_outside(login, world, persona):
    client = login(persona)
    for key in ALL_ORGS:
        response = client.get(reverse("organization-detail", args=[world.orgs[key].pk]))
        assert response.status_code == (200 if key in VISIBLE[persona] else 404), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_opens_the_edit_form_only_for_what_the_persona_manages(login, world, persona):
    client = login(persona)
    for key in ALL_ORGS:
        response = client.get(reverse("organization-update", args=[world.orgs[key].pk]))
        assert response.status_code == (200 if key in CHANGEABLE[persona] else 404), key


def _form_payload(org: Organization, **changes) -> dict:
    payload = {
        "name": org.name,
        "tier": org.tier,
        "category": org.category_id,
        "community": org.community_id,
        "founded_on": org.founded_on.isoformat(),
        "member_count": org.member_count,
        "venue": org.venue,
        "leader_name": org.leader_name,
        "leader_id_number": "",
        "leader_phone": "",
        "credit_code": org.credit_code,
        "party_building": org.party_building,
        "funding_sources": org.funding_sources,
    }
    payload.update(changes)
    return payload


def test_it_saves_an_edit_and_keeps_blank_personal_data(login, world):
    org = world.orgs["a_filed"]
    response = login("street_a").post(
        reverse("organization-update", args=[org.pk]), _form_payload(org, member_count=33)
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.member_count == 33
    assert org.leader_phone == world.orgs["a_filed"].leader_phone  # blank means "keep"
    assert org.history.unrestricted().first().history_change_reason == "修改：成员人数"


@pytest.mark.parametrize(
    ("persona", "key"),
    [
        ("street_b", "a_filed"),
        ("street_a", "a_registered"),
        ("community_a", "a_filed"),
        ("operator", "a_guided"),
    ],
)
def test_it_refuses_to_save_edits_outside_what_the_persona_manages(login, world, persona, key):
    org = world.orgs[key]
    response = login(persona).post(
        reverse("organization-update", args=[org.pk]), _form_payload(org, member_count=99)
    )
    assert response.status_code == 404
    org.refresh_from_db()
    assert org.member_count != 99


def _create_payload(community, **overrides) -> dict:
    data = organization_data(community, **overrides)
    return {
        **{
            key: value
            for key, value in data.items()
            if key not in ("category", "community", "funding_sources")
        },
        "category": data["category"].pk,
        "community": community.pk,
        "founded_on": data["founded_on"].isoformat(),
        "funding_sources": data["funding_sources"],
        "party_building": "none",
    }


def _credit(tier) -> dict:
    return {"credit_code": valid_credit_code()} if tier == Tier.REGISTERED else {}


@pytest.mark.parametrize(
    ("persona", "tier", "community"),
    [
        ("bureau_district", Tier.REGISTERED, "village_a"),
        ("community_a", Tier.GUIDED, "community_a"),
    ],
)
def test_it_creates_an_organization_in_scope(login, tree, personas, persona, tier, community):
    response = login(persona).post(
        reverse("organization-create"),
        _create_payload(getattr(tree, community), tier=tier, **_credit(tier)),
    )
    assert response.status_code == 302
    org = Organization.objects.for_user(personas[persona]).get(
        pk=int(response["Location"].rstrip("/").split("/")[-1])
    )
    assert org.tier == tier
    assert Event.objects.unrestricted().filter(organization_id=org.pk, action="organization.created").exists()


@pytest.mark.parametrize(
    ("persona", "tier", "community", "field"),
    [
        ("bureau_district", Tier.REGISTERED, "village_c", "community"),  # another district
        ("community_a", Tier.GUIDED, "village_a", "community"),  # sibling community
        ("community_a", Tier.FILED, "community_a", "tier"),  # a tier the committee does not manage
        ("bureau_district", Tier.FILED, "community_a", "tier"),
    ],
)
def test_it_refuses_to_create_outside_scope_with_a_field_error(login, tree, persona, tier, community, field):
    before = Organization.objects.unrestricted().count()
    response = login(persona).post(
        reverse("organization-create"),
        _create_payload(getattr(tree, community), tier=tier, **_credit(tier)),
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Organization.objects.unrestricted().count() == before


@pytest.mark.parametrize("persona", ["operator", "org_a", "street_a"])
def test_it_forbids_the_create_form_to_roles_that_may_not_enter_organizations(login, world, persona):
    assert login(persona).get(reverse("organization-create")).status_code == 403


def test_a_street_files_instead_of_entering_a_filed_organization_directly(login, tree):
    client = login("street_a")
    before = Organization.objects.unrestricted().count()
    response = client.post(reverse("organization-create"), _create_payload(tree.community_a))
    assert response.status_code == 403
    assert Organization.objects.unrestricted().count() == before
    home = client.get(reverse("home")).content.decode()
    assert f"{reverse('application-create')}?kind=new" in home
    assert reverse("organization-create") not in home


@pytest.mark.parametrize("persona", ["community_a", "bureau_district"])
def test_the_home_page_offers_direct_entry_where_the_tier_allows_it(login, world, persona):
    home = login(persona).get(reverse("home")).content.decode()
    assert reverse("organization-create") in home
    assert "新设备案申请" not in home


def test_it_reports_bad_input_in_chinese_on_each_field(login, tree):
    payload = _create_payload(
        tree.community_a, tier=Tier.GUIDED, leader_id_number="110105194912310020", leader_phone="12345"
    )
    payload["member_count"] = "很多"
    payload["founded_on"] = "2021-02-30"
    response = login("community_a").post(reverse("organization-create"), payload)
    errors = response.context["form"].errors
    assert errors["leader_id_number"] == ["身份证号码校验位不正确"]
    assert errors["leader_phone"] == ["手机号码应为以1开头的11位数字"]
    assert errors["member_count"] == ["输入整数。"]
    assert errors["founded_on"] == ["输入一个有效的日期。"]
    assert "身份证号码校验位不正确" in response.content.decode()


def test_it_reports_a_duplicate_name_in_the_street_on_the_name_field(login, world, tree):
    # the same street as a_filed (the committee enters a guided group of its own community)
    payload = _create_payload(tree.community_a, tier=Tier.GUIDED, name=world.orgs["a_filed"].name)
    response = login("community_a").post(reverse("organization-create"), payload)
    assert response.context["form"].errors["name"] == ["本街道（乡镇）已有同名的在册组织"]


def test_it_allows_the_same_name_in_another_street(login, world, tree):
    payload = _create_payload(
        tree.community_b,
        name=world.orgs["a_filed"].name,
        tier=Tier.REGISTERED,
        credit_code=valid_credit_code(),
    )
    assert login("bureau_district").post(reverse("organization-create"), payload).status_code == 302
