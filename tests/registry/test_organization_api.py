"""API v1 organizations and regions: the permission matrix, coded errors, filters and auth."""

import pytest
from rest_framework.test import APIClient

from registry.choices import Tier
from registry.models import Organization
from tests.conftest import ALL_ORGS, CHANGEABLE, PASSWORD, VISIBLE, organization_data

PERSONAS = sorted(VISIBLE)
LIST = "/api/v1/organizations/"


def detail(org):
    return f"{LIST}{org.pk}/"


@pytest.fixture
def api(personas):
    def as_persona(name):
        client = APIClient()
        client.force_authenticate(personas[name])
        return client

    return as_persona


def payload(community, **overrides):
    data = organization_data(community, **overrides)
    data.update(
        category=data["category"].code, community=community.code, founded_on=data["founded_on"].isoformat()
    )
    return data


def error_codes(response):
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


def test_it_refuses_the_anonymous(world):
    response = APIClient().get(LIST)
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_exactly_the_organizations_in_scope(api, world, persona):
    response = api(persona).get(LIST)
    assert {row["id"] for row in response.json()["results"]} == world.ids(*VISIBLE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_retrieves_in_scope_and_answers_404_outside(api, world, persona):
    client = api(persona)
    for key in ALL_ORGS:
        response = client.get(detail(world.orgs[key]))
        assert response.status_code == (200 if key in VISIBLE[persona] else 404), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_updates_only_what_the_persona_manages(api, world, persona):
    client = api(persona)
    for key in ALL_ORGS:
        org = world.orgs[key]
        response = client.patch(detail(org), {"member_count": 77}, format="json")
        assert response.status_code == (200 if key in CHANGEABLE[persona] else 404), key
        org.refresh_from_db()
        assert (org.member_count == 77) == (key in CHANGEABLE[persona]), key


@pytest.mark.parametrize(
    ("persona", "tier", "community"),
    [("community_a", Tier.GUIDED, "community_a")],
)
def test_it_creates_in_scope(api, tree, persona, tier, community):
    response = api(persona).post(LIST, payload(getattr(tree, community), tier=tier), format="json")
    assert response.status_code == 201, response.json()
    assert Organization.objects.unrestricted().get(pk=response.json()["id"]).tier == tier


def test_it_creates_registered_organizations_for_the_bureau(api, tree):
    from tests.conftest import valid_credit_code

    data = payload(tree.community_b, tier=Tier.REGISTERED, credit_code=valid_credit_code())
    response = api("bureau_district").post(LIST, data, format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("persona", "tier", "community", "error"),
    [
        ("community_a", Tier.GUIDED, "village_a", ("community", "does_not_exist")),
        ("community_a", Tier.FILED, "community_a", ("tier", "tier_not_allowed")),
        ("bureau_district", Tier.GUIDED, "community_b", ("tier", "tier_not_allowed")),
        ("bureau_district_b", Tier.GUIDED, "community_a", ("community", "does_not_exist")),
    ],
)
def test_it_refuses_to_create_outside_scope_with_a_coded_error(api, tree, persona, tier, community, error):
    before = Organization.objects.unrestricted().count()
    response = api(persona).post(LIST, payload(getattr(tree, community), tier=tier), format="json")
    assert response.status_code == 400
    assert error in error_codes(response)
    assert Organization.objects.unrestricted().count() == before


@pytest.mark.parametrize("persona", ["operator", "org_a", "street_a"])
def test_it_forbids_direct_creation_to_roles_without_a_creatable_tier(api, tree, persona):
    """A street's filed organizations come from approved filings, never from direct entry."""
    response = api(persona).post(LIST, payload(tree.community_a), format="json")
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "message": "您的角色不能登记组织"}


def test_it_answers_bad_input_with_field_codes_and_chinese_messages(api, tree):
    data = payload(
        tree.community_a, tier=Tier.GUIDED, leader_id_number="11010519491231002", leader_phone="1381234567"
    )
    data.update(founded_on="2021-13-01", member_count=-3, category="no-such")
    response = api("community_a").post(LIST, data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {
        ("leader_id_number", "length"),
        ("leader_phone", "mobile"),
        ("founded_on", "invalid"),
        ("member_count", "min_value"),
        ("category", "does_not_exist"),
    } <= error_codes(response)
    messages = {error["field"]: error["message"] for error in body["errors"]}
    assert messages["leader_id_number"] == "身份证号码应为18位，当前为17位"


def test_it_reports_model_rules_from_the_service_on_their_fields(api, world, tree):
    data = payload(
        tree.community_a, tier=Tier.GUIDED, name=world.orgs["a_filed"].name, credit_code="91350100M000100Y43"
    )
    response = api("community_a").post(LIST, data, format="json")
    assert response.status_code == 400
    assert {("name", "duplicate_name"), ("credit_code", "credit_code_tier")} <= error_codes(response)


def test_it_rejects_malformed_json_without_a_500(api):
    response = api("community_a").post(LIST, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_it_filters_by_name_pinyin_initials_tier_and_region(api, world, tree):
    client = api("bureau_city")
    by_initials = client.get(LIST, {"q": "xflsqxyh"}).json()["results"]
    assert [row["name"] for row in by_initials] == ["幸福里社区夕阳红合唱队"]
    by_pinyin = client.get(LIST, {"q": "songlincun"}).json()["results"]
    assert [row["name"] for row in by_pinyin] == ["松林村乡贤理事会"]
    registered = client.get(LIST, {"tier": "registered"}).json()["results"]
    assert {row["id"] for row in registered} == world.ids("a_registered", "b_registered")
    in_street_b = client.get(LIST, {"region": tree.street_b.code}).json()["results"]
    assert {row["id"] for row in in_street_b} == world.ids("b_filed", "b_registered")


def test_it_ignores_a_region_filter_outside_scope(api, world, tree):
    response = api("street_a").get(LIST, {"region": tree.street_b.code})
    assert response.status_code == 400
    assert ("region", "invalid_choice") in error_codes(response)


def test_it_orders_only_by_whitelisted_fields(api, world):
    client = api("bureau_city")
    ordered = client.get(LIST, {"ordering": "-member_count"})
    assert ordered.status_code == 200
    refused = client.get(LIST, {"ordering": "leader_id_number"})
    assert refused.status_code == 400
    assert ("ordering", "invalid_choice") in error_codes(refused)


def test_it_pages_with_a_cursor(api, world):
    client = api("bureau_city")
    first = client.get(LIST, {"page_size": 3, "ordering": "name"}).json()
    second = client.get(first["next"]).json()
    seen = [row["id"] for row in first["results"] + second["results"]]
    assert len(seen) == 6 and len(set(seen)) == 6


def test_it_issues_and_accepts_tokens(world, personas):
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "street_a", "password": PASSWORD}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert {row["id"] for row in client.get(LIST).json()["results"]} == world.ids(*VISIBLE["street_a"])


def test_it_scopes_regions_and_answers_404_for_parent_and_sibling(api, tree):
    client = api("street_a")
    codes = {row["code"] for row in client.get("/api/v1/regions/").json()["results"]}
    assert codes == {tree.street_a.code, tree.community_a.code, tree.village_a.code}
    assert client.get(f"/api/v1/regions/{tree.street_a.code}/").status_code == 200
    assert client.get(f"/api/v1/regions/{tree.district_a.code}/").status_code == 404  # parent
    assert client.get(f"/api/v1/regions/{tree.street_b.code}/").status_code == 404  # sibling


def test_it_serves_the_schema_and_local_docs(admin_client):
    assert admin_client.get("/api/schema/").status_code == 200
    docs = admin_client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()


def test_it_refuses_a_founding_date_in_the_future(api, tree):
    import datetime

    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = api("community_a").post(
        LIST, {**payload(tree.community_a, tier=Tier.GUIDED), "founded_on": tomorrow}, format="json"
    )
    assert response.status_code == 400
    assert ("founded_on", "future_date") in error_codes(response)


def test_it_answers_404_in_chinese_with_a_code_and_no_model_name(api, world):
    response = api("street_b").get(detail(world.orgs["a_filed"]))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到。"}


def test_two_creations_racing_with_one_name_give_the_loser_the_name_error(personas, tree, monkeypatch):
    """Both pass the checks before either writes; the database's constraint decides, and the loser is
    told on the name field, as if the check had caught it."""
    from django.core.exceptions import ValidationError

    from registry import services
    from registry.services import organizations
    from tests.conftest import organization_data, valid_credit_code

    services.organization_create(
        actor=personas["bureau_district"],
        data=organization_data(
            tree.community_a, name="幸福里社区竞速服务队", tier="registered", credit_code=valid_credit_code()
        ),
    )
    monkeypatch.setattr(
        organizations, "_validate", lambda **kwargs: None
    )  # the check ran before the winner wrote
    with pytest.raises(ValidationError) as refused:
        services.organization_create(
            actor=personas["community_a"],
            data=organization_data(tree.community_a, name="幸福里社区竞速服务队", tier="guided"),
        )
    assert [(e.code, e.message) for e in refused.value.error_dict["name"]] == [
        ("duplicate_name", "本街道（乡镇）已有同名的在册组织")
    ]
