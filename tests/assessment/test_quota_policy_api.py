"""API v1 quota policies: presets and area policies by jurisdiction, copying a preset, editing the
rules with coded Chinese errors, presets read only, and the rule-kind catalogue."""

from __future__ import annotations

import pytest

from assessment.choices import RuleKind
from assessment.models import QuotaPolicy
from tests.assessment.conftest import PERSONAS, POLICIES, error_codes, policy_url, preset

# -- policies --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_presets_and_the_policies_of_the_jurisdiction_and_above(
    api, city_policy, district_policy, persona
):
    presets = set(QuotaPolicy.objects.unrestricted().presets().values_list("pk", flat=True))
    visible = {
        "bureau_city": {city_policy.pk, district_policy.pk},
        "bureau_district": {city_policy.pk, district_policy.pk},
        "bureau_district_b": {city_policy.pk},
        "street_a": {city_policy.pk, district_policy.pk},
        "street_b": {city_policy.pk, district_policy.pk},
        "community_a": {city_policy.pk, district_policy.pk},
        "operator": {city_policy.pk, district_policy.pk},
        "org_a": set(),
    }[persona]
    expected = visible | presets if persona != "org_a" else set()
    response = api(persona).get(POLICIES, {"page_size": 50})
    assert {row["id"] for row in response.json()["results"]} == expected
    if persona == "bureau_district_b":
        assert api(persona).get(policy_url(district_policy)).status_code == 404


def test_it_filters_policies_by_preset_jurisdiction_and_state(api, city_policy, district_policy, tree):
    client = api("bureau_city")

    def ids(**params):
        return {row["id"] for row in client.get(POLICIES, params).json()["results"]}

    assert ids(preset="false") == {city_policy.pk, district_policy.pk}
    assert len(ids(preset="true")) == 5
    assert ids(jurisdiction=tree.district_a.code) == {district_policy.pk}
    assert ids(is_active="false") == set()


def test_it_shows_a_policy_with_its_described_rules(api, city_policy, tree):
    body = api("street_a").get(policy_url(city_policy)).json()
    assert body["jurisdiction"] == {"code": tree.city.code, "name": tree.city.name}
    assert body["is_preset"] is False and body["can_change"] is False
    assert [(rule["key"], rule["kind"]) for rule in body["rules"]] == [
        ("r1", "average_organizations"),
        ("r2", "brand_organizations"),
        ("r3", "street_federation"),
    ]
    assert body["rules"][1]["label"] == "社区品牌组织数"
    assert body["rules"][1]["description"] == "每个社区培育不少于 2 个品牌社区社会组织"
    assert api("bureau_city").get(policy_url(city_policy)).json()["can_change"] is True


def test_it_copies_a_preset_for_the_bureaus_jurisdiction(api, quota_presets, tree):
    source = preset("taicang")
    response = api("bureau_district").post(
        policy_url(source, "copy"), {"name": "临江区5+X目标"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "临江区5+X目标" and body["source"] == source.pk
    assert body["jurisdiction"]["code"] == tree.district_a.code
    assert [rule["kind"] for rule in body["rules"]] == [
        "category_coverage",
        "average_organizations",
        "annual_activity",
    ]
    assert body["can_change"] is True


@pytest.mark.parametrize(
    ("persona", "data", "status", "code"),
    [
        ("street_a", {}, 403, "role_not_allowed"),
        ("community_a", {}, 403, "role_not_allowed"),
        ("org_a", {}, 404, "not_found"),  # no policy exists for an organization's account
        ("bureau_district", {"jurisdiction": "990102000000"}, 400, "does_not_exist"),
        ("bureau_district", {"jurisdiction": "990101001001"}, 400, "does_not_exist"),
        ("bureau_city", {"name": "北京培育发展社区社会组织专项行动目标"}, 400, "duplicate_name"),
    ],
)
def test_it_refuses_copies_with_coded_errors(api, city_policy, persona, data, status, code):
    before = QuotaPolicy.objects.unrestricted().count()
    if code == "duplicate_name":
        data = {"name": city_policy.name}
    response = api(persona).post(policy_url(preset("beijing"), "copy"), data, format="json")
    assert response.status_code == status
    body = response.json()
    assert (body["code"] == code) if status in (403, 404) else (code in {e["code"] for e in body["errors"]})
    assert QuotaPolicy.objects.unrestricted().count() == before


def rules_of(policy):
    return [{"kind": rule.kind, "params": rule.params} for rule in policy.rules.unrestricted()]


def test_it_edits_a_policys_rules(api, city_policy):
    rules = [
        {"kind": "average_organizations", "params": {"urban": 12, "rural": 6}},
        {"kind": "social_workers", "params": {"urban": 2, "rural": 1}},
    ]
    response = api("bureau_city").patch(policy_url(city_policy), {"rules": rules}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name"] == city_policy.name  # left out, kept
    assert [rule["params"] for rule in body["rules"]] == [
        {"urban": 12, "rural": 6, "high_quality_only": False},
        {"urban": 2, "rural": 1},
    ]
    assert "每个城市社区有 2 名以上" in body["rules"][1]["description"]


def test_it_replaces_the_whole_policy_with_put(api, city_policy):
    data = {
        "name": "清河市新目标",
        "basis": "市民政局通知",
        "is_active": False,
        "rules": [{"kind": "tracking"}],
    }
    response = api("bureau_city").put(policy_url(city_policy), data, format="json")
    assert response.status_code == 200, response.json()
    city_policy.refresh_from_db()
    assert (city_policy.name, city_policy.basis, city_policy.is_active) == (
        "清河市新目标",
        "市民政局通知",
        False,
    )
    assert rules_of(city_policy) == [{"kind": "tracking", "params": {}}]
    incomplete = api("bureau_city").put(policy_url(city_policy), {"basis": "x"}, format="json")
    assert {("name", "required"), ("rules", "required")} <= error_codes(incomplete)


@pytest.mark.parametrize(
    ("rules", "field", "code", "message"),
    [
        (
            [{"kind": "average_organizations", "params": {"urban": 900}}],
            "rules.1.urban",
            "invalid_param",
            "第 1 项指标：“城市社区目标”应在 0 到 500 之间",
        ),
        (
            [{"kind": "tracking"}, {"kind": "brand_organizations", "params": {"minimum": "two"}}],
            "rules.2.minimum",
            "invalid_param",
            "第 2 项指标：“每个社区品牌组织至少”应为整数",
        ),
        ([{"kind": "no_such_kind"}], "rules.1.kind", "invalid_kind", "第 1 项指标的类型无效"),
        ([{"params": {}}], "rules.1.kind", "required", "请选择指标类型"),
        ([{"kind": "tracking", "params": [1]}], "rules.1.params", "invalid", "参数应为对象"),
        ([], "rules", "no_rules", "方案至少包含一项指标"),
    ],
)
def test_it_refuses_bad_rules_with_the_field_and_a_chinese_message(
    api, city_policy, rules, field, code, message
):
    before = rules_of(city_policy)
    response = api("bureau_city").patch(policy_url(city_policy), {"rules": rules}, format="json")
    assert response.status_code == 400
    assert {"field": field, "code": code, "message": message} in response.json()["errors"]
    assert rules_of(city_policy) == before


def test_it_keeps_presets_read_only(api, quota_presets):
    beijing = preset("beijing")
    before = rules_of(beijing)
    response = api("bureau_city").patch(policy_url(beijing), {"name": "改名"}, format="json")
    assert response.status_code == 400
    assert ("policy", "preset_readonly") in error_codes(response)
    beijing.refresh_from_db()
    assert beijing.name != "改名" and rules_of(beijing) == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("bureau_city", 200),
        ("bureau_district", 200),
        ("street_a", 403),
        ("community_a", 403),
        ("bureau_district_b", 404),
        ("org_a", 404),
    ],
)
def test_it_lets_only_the_bureau_of_the_area_edit_a_policy(api, district_policy, persona, status):
    response = api(persona).patch(policy_url(district_policy), {"name": "临江区社工人才目标"}, format="json")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {
            "code": "not_policy_owner",
            "message": "只有本辖区的民政局可以修改该指标方案",
        }
    district_policy.refresh_from_db()
    assert (district_policy.name == "临江区社工人才目标") == (status == 200)


def test_it_forbids_a_district_bureau_to_edit_the_citys_policy(api, city_policy):
    response = api("bureau_district").patch(policy_url(city_policy), {"is_active": False}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_policy_owner"


def test_it_offers_no_delete_and_no_create(api, city_policy):
    client = api("bureau_city")
    assert client.delete(policy_url(city_policy)).status_code == 405
    assert client.post(POLICIES, {"name": "x"}, format="json").status_code == 405


def test_it_lists_the_rule_kinds_with_their_parameters(api, db):
    response = api("street_a").get(f"{POLICIES}rule-kinds/")
    assert response.status_code == 200
    kinds = {entry["kind"]: entry for entry in response.json()}
    assert set(kinds) == set(RuleKind.values)
    urban = kinds["average_organizations"]["params"][0]
    assert urban == {
        "name": "urban",
        "label": "城市社区目标",
        "kind": "int",
        "default": 0,
        "minimum": 0,
        "maximum": 500,
        "choices": [],
    }
    categories = kinds["category_coverage"]["params"][0]
    assert categories["default"] == ["charity", "mutual_aid", "culture", "mediation", "safety"]
    assert {"value": "charity", "label": "公益慈善类"} in categories["choices"]
    townships = kinds["street_federation"]["params"][0]
    assert [choice["value"] for choice in townships["choices"]] == ["optional", "required"]
    assert townships["minimum"] is None
    assert kinds["incubation_bases"]["anchor"] == 3 and kinds["tracking"]["params"] == []
