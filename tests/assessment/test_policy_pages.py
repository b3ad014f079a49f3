"""Quota policy pages: the list of presets and policies, a policy's detail, copying a preset for a
jurisdiction and editing the copy, on both sides of every boundary; bad input answers in Chinese
next to its field and saves nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from assessment import services
from assessment.choices import AssessmentAuditAction, RuleKind
from assessment.models import QuotaPolicy, QuotaReport
from assessment.presets import PRESETS
from assessment.quota.kinds import RULE_TYPES
from core.models import Event
from registry.models import User
from tests.assessment.conftest import preset
from tests.conftest import Tree

STAFF = (
    "bureau_city",
    "bureau_district",
    "bureau_district_b",
    "street_a",
    "street_b",
    "community_a",
    "operator",
)
BUREAUS = ("bureau_city", "bureau_district", "bureau_district_b")


@pytest.fixture
def login(client, personas: dict[str, User]):
    def as_persona(name: str):
        client.force_login(personas[name])
        return client

    return as_persona


@pytest.fixture
def district_policy(quota_presets, tree: Tree, personas: dict[str, User]) -> QuotaPolicy:
    """district_a's own copy of the Beijing preset: average orgs, brand orgs, street federation."""
    return services.policy_copy(
        actor=personas["bureau_district"], source=preset("beijing"), jurisdiction=tree.district_a
    )


def edit_url(policy: QuotaPolicy) -> str:
    return reverse("quota-policy-edit", args=[policy.pk])


def detail_url(policy: QuotaPolicy) -> str:
    return reverse("quota-policy-detail", args=[policy.pk])


def copy_url(policy: QuotaPolicy) -> str:
    return reverse("quota-policy-copy", args=[policy.pk])


def payload(policy: QuotaPolicy, **changes: Any) -> dict[str, Any]:
    """What the edit form posts for the policy as stored, with some fields changed."""
    data: dict[str, Any] = {"name": policy.name, "basis": policy.basis, "save": "1"}
    if policy.is_active:
        data["is_active"] = "on"
    for n, rule in enumerate(policy.rules.unrestricted()):
        data[f"rule-{n}-kind"] = rule.kind
        for param in RULE_TYPES[rule.kind].params:
            value = rule.params.get(param.name, param.default)
            if param.kind == "bool":
                if value:
                    data[f"rule-{n}-{param.name}"] = "on"
            else:
                data[f"rule-{n}-{param.name}"] = value if param.kind == "categories" else str(value)
    data.update(changes)
    return data


def rules_of(policy: QuotaPolicy) -> list[tuple[str, dict]]:
    return [
        (rule.kind, rule.params)
        for rule in QuotaPolicy.objects.unrestricted().get(pk=policy.pk).rules.unrestricted()
    ]


def updates() -> int:
    return Event.objects.unrestricted().filter(action=AssessmentAuditAction.POLICY_UPDATED).count()


# -- who gets the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", STAFF)
def test_it_lists_the_five_presets_with_their_rules_to_every_staff_persona(login, quota_presets, persona):
    response = login(persona).get(reverse("quota-policy-list"))
    assert response.status_code == 200
    page = response.content.decode()
    for shipped in PRESETS:
        assert shipped["name"] in page
    assert "城市社区平均不少于 15 个、农村社区平均不少于 8 个社区社会组织" in page
    assert "每个城市社区有 2 名以上、每个农村社区有 1 名以上社会工作人才" in page
    assert ("复制为本辖区方案" in page) == (persona in BUREAUS)


def test_it_sends_the_anonymous_to_login(client, district_policy):
    for url in (reverse("quota-policy-list"), detail_url(district_policy), edit_url(district_policy)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(copy_url(preset("beijing"))).status_code == 302
    assert QuotaPolicy.objects.unrestricted().filter(jurisdiction__isnull=False).count() == 1


def test_it_refuses_organization_accounts(login, district_policy):
    client = login("org_a")
    assert client.get(reverse("quota-policy-list")).status_code == 403
    # Outside an account's reach a policy does not exist, as everywhere on the platform.
    assert client.get(detail_url(preset("beijing"))).status_code == 404
    assert client.get(edit_url(district_policy)).status_code == 404
    assert client.post(copy_url(preset("beijing"))).status_code == 404


def test_it_groups_policies_by_jurisdiction_with_active_badges(login, city_policy, district_policy):
    services.policy_update(
        actor=district_policy.created_by,
        policy=district_policy,
        name="临江区试行方案",
        basis="",
        is_active=False,
        rules=[{"kind": RuleKind.BRAND_ORGANIZATIONS, "params": {"minimum": 3}}],
    )
    page = login("bureau_district").get(reverse("quota-policy-list")).content.decode()
    assert page.index("清河市") < page.index(city_policy.name) < page.index("临江区试行方案")
    assert "停用" in page and "启用" in page
    assert "每个社区培育不少于 3 个品牌社区社会组织" in page
    assert f'href="{edit_url(district_policy)}"' in page
    assert f'href="{edit_url(city_policy)}"' not in page  # the city's, read only here


def test_it_keeps_other_districts_policies_off_the_list(login, district_policy):
    page = login("bureau_district_b").get(reverse("quota-policy-list")).content.decode()
    assert district_policy.name not in page


def test_the_copy_select_offers_the_users_region_and_below_defaulting_to_its_own(login, quota_presets, tree):
    page = login("bureau_district").get(reverse("quota-policy-list")).content.decode()
    assert f'<option value="{tree.district_a.code}" selected>' in page
    assert f'value="{tree.street_a.code}"' in page
    assert f'value="{tree.city.code}"' not in page
    assert f'value="{tree.district_b.code}"' not in page
    assert f'value="{tree.community_a.code}"' not in page


def test_the_list_page_costs_the_same_queries_however_many_policies(
    login, city_policy, district_policy, tree, personas, django_assert_max_num_queries
):
    for n in range(5):
        services.policy_copy(
            actor=personas["bureau_district"],
            source=preset("taicang"),
            jurisdiction=tree.street_a,
            name=f"方案{n}",
        )
    client = login("bureau_district")
    with django_assert_max_num_queries(9):
        assert client.get(reverse("quota-policy-list")).status_code == 200


# -- detail ----------------------------------------------------------------------------------------


def test_the_detail_shows_basis_rules_parameters_copies_and_snapshots(login, city_report, city_policy):
    beijing = preset("beijing")
    page = login("bureau_district").get(detail_url(beijing)).content.decode()
    assert "北京市培育发展社区社会组织专项行动实施方案" in page
    assert "城市社区目标：</span>15" in page
    assert "具备条件的乡镇建立" in page
    assert city_policy.name in page  # a copy, visible from the district

    page = login("bureau_district").get(detail_url(city_policy)).content.decode()
    assert city_report.as_of.strftime("%Y-%m-%d") in page
    assert "尚无评估快照" not in page


def test_the_detail_links_the_dashboard_when_it_exists(login, district_policy):
    page = login("bureau_district").get(detail_url(district_policy)).content.decode()
    try:
        dashboard = reverse("quota-dashboard")
    except NoReverseMatch:  # the dashboard's page is not installed: the detail still renders
        assert "查看指标看板" not in page
    else:
        assert f"{dashboard}?policy={district_policy.pk}" in page


def test_a_policy_of_another_district_does_not_exist(login, district_policy):
    client = login("bureau_district_b")
    assert client.get(detail_url(district_policy)).status_code == 404
    assert client.get(edit_url(district_policy)).status_code == 404
    assert client.post(edit_url(district_policy), payload(district_policy, name="改名")).status_code == 404
    assert client.post(copy_url(district_policy), {"jurisdiction": "990102000000"}).status_code == 404
    assert QuotaPolicy.objects.unrestricted().get(pk=district_policy.pk).name == district_policy.name


# -- copy and edit ---------------------------------------------------------------------------------


def test_bureau_copies_the_beijing_preset_for_its_district_and_edits_the_urban_target(
    login, quota_presets, tree
):
    client = login("bureau_district")
    beijing = preset("beijing")
    response = client.post(copy_url(beijing), {"jurisdiction": tree.district_a.code, "name": ""})
    policy = QuotaPolicy.objects.unrestricted().get(jurisdiction=tree.district_a)
    assert response.status_code == 302 and response["Location"] == edit_url(policy)
    assert policy.source == beijing and policy.name == "临江区北京培育发展社区社会组织专项行动目标"

    form = client.get(edit_url(policy)).content.decode()
    assert 'name="rule-0-urban"' in form and 'value="15"' in form
    assert 'min="0"' in form and 'max="500"' in form
    assert 'name="rule-2-townships"' in form  # a choice parameter as a select

    response = client.post(edit_url(policy), payload(policy, **{"rule-0-urban": "20"}))
    assert response.status_code == 302 and response["Location"] == detail_url(policy)
    kind, params = rules_of(policy)[0]
    assert kind == RuleKind.AVERAGE_ORGANIZATIONS and params["urban"] == 20 and params["rural"] == 8
    event = Event.objects.unrestricted().get(action=AssessmentAuditAction.POLICY_UPDATED)
    assert event.details["policy"] == policy.pk
    assert rules_of(beijing)[0][1]["urban"] == 15  # the preset stays as shipped


def test_bureau_copies_to_a_street_inside_its_district(login, quota_presets, tree):
    response = login("bureau_district").post(
        copy_url(preset("hainan")), {"jurisdiction": tree.street_a.code, "name": "江滨街道社工目标"}
    )
    policy = QuotaPolicy.objects.unrestricted().get(name="江滨街道社工目标")
    assert policy.jurisdiction == tree.street_a
    assert response["Location"] == edit_url(policy)


def test_copying_outside_the_jurisdiction_is_refused_in_chinese(login, quota_presets, tree):
    response = login("bureau_district").post(
        copy_url(preset("beijing")), {"jurisdiction": tree.district_b.code}, follow=True
    )
    assert "只能复制到本辖区或下属区域" in response.content.decode()
    assert not QuotaPolicy.objects.unrestricted().filter(jurisdiction__isnull=False).exists()


def test_copying_twice_under_the_same_name_is_refused_in_chinese(login, district_policy, tree):
    response = login("bureau_district").post(
        copy_url(preset("beijing")), {"jurisdiction": tree.district_a.code}, follow=True
    )
    assert "本辖区已有同名的指标方案" in response.content.decode()
    assert QuotaPolicy.objects.unrestricted().filter(jurisdiction=tree.district_a).count() == 1


def test_the_edit_form_generates_a_field_per_parameter(login, quota_presets, tree, personas):
    policy = services.policy_copy(
        actor=personas["bureau_district"], source=preset("taicang"), jurisdiction=tree.district_a
    )
    form = login("bureau_district").get(edit_url(policy)).content.decode()
    assert 'type="checkbox" name="rule-0-categories" value="charity"' in form  # categories
    assert 'type="number" name="rule-0-featured_min"' in form  # int
    assert 'type="checkbox" name="rule-1-high_quality_only"' in form  # bool
    assert 'name="rule-2-DELETE"' in form


def test_a_rule_is_added_by_redrawing_the_page_and_saved_with_the_rest(login, district_policy):
    client = login("bureau_district")
    data = payload(district_policy, add_kind=RuleKind.SOCIAL_WORKERS, add_rule="1")
    del data["save"]
    response = client.post(edit_url(district_policy), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="rule-3-urban"' in page and "社区社会工作人才数" in page
    assert len(rules_of(district_policy)) == 3 and updates() == 0  # redrawn, not saved

    data = payload(
        district_policy, **{"rule-3-kind": RuleKind.SOCIAL_WORKERS, "rule-3-urban": "3", "rule-3-rural": "1"}
    )
    assert client.post(edit_url(district_policy), data).status_code == 302
    assert rules_of(district_policy)[3] == (RuleKind.SOCIAL_WORKERS, {"urban": 3, "rural": 1})


def test_a_rule_marked_for_removal_is_dropped_on_save(login, district_policy):
    data = payload(district_policy, **{"rule-1-DELETE": "on"})
    assert login("bureau_district").post(edit_url(district_policy), data).status_code == 302
    assert [kind for kind, _ in rules_of(district_policy)] == [
        RuleKind.AVERAGE_ORGANIZATIONS,
        RuleKind.STREET_FEDERATION,
    ]


# What is posted, the field the error belongs to, the field drawn after it, and the message.
BAD_INPUT = {
    "negative urban target": (
        {"rule-0-urban": "-1"},
        "rule-0-urban",
        "rule-0-rural",
        "“城市社区目标”应在 0 到 500 之间",
    ),
    "text as urban target": (
        {"rule-0-urban": "很多"},
        "rule-0-urban",
        "rule-0-rural",
        "“城市社区目标”应为整数",
    ),
    "blank urban target": ({"rule-0-urban": ""}, "rule-0-urban", "rule-0-rural", "请填写“城市社区目标”"),
    "unknown township choice": (
        {"rule-2-townships": "never"},
        "rule-2-townships",
        "rule-2-DELETE",
        "“乡镇”无效",
    ),
    "blank name": ({"name": "  "}, "name", "is_active", "请填写方案名称"),
}


@pytest.mark.parametrize("changes, field, following, message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_shows_a_chinese_error_next_to_its_field_and_saves_nothing(
    login, district_policy, changes, field, following, message
):
    before = rules_of(district_policy)
    response = login("bureau_district").post(edit_url(district_policy), payload(district_policy, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(f'name="{field}"') < page.index(message) < page.index(f'name="{following}"')
    assert "方案未保存" in page
    assert rules_of(district_policy) == before and updates() == 0


def test_an_error_of_a_later_rule_lands_on_that_rule_when_an_earlier_one_is_removed(login, district_policy):
    data = payload(district_policy, **{"rule-0-DELETE": "on", "rule-1-minimum": "51"})
    page = login("bureau_district").post(edit_url(district_policy), data).content.decode()
    message = "“每个社区品牌组织至少”应在 0 到 50 之间"
    assert page.index('name="rule-1-minimum"') < page.index(message) < page.index('name="rule-1-DELETE"')
    field = re.search(r'<input type="number" name="rule-1-minimum"[^>]*>', page)[0]
    assert 'class="form-control is-invalid"' in field and 'aria-invalid="true"' in field
    assert len(rules_of(district_policy)) == 3 and updates() == 0


def test_a_policy_without_rules_is_refused(login, district_policy):
    data = payload(district_policy, **{f"rule-{n}-DELETE": "on" for n in range(3)})
    response = login("bureau_district").post(edit_url(district_policy), data)
    assert response.status_code == 200
    assert "方案至少包含一项指标" in response.content.decode()
    assert len(rules_of(district_policy)) == 3 and updates() == 0


def test_a_duplicate_name_is_refused_next_to_the_name(login, district_policy, tree, personas):
    services.policy_copy(
        actor=personas["bureau_district"],
        source=preset("hainan"),
        jurisdiction=tree.district_a,
        name="社工目标",
    )
    response = login("bureau_district").post(
        edit_url(district_policy), payload(district_policy, name="社工目标")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index('name="name"') < page.index("本辖区已有同名的指标方案") < page.index('name="is_active"')
    stored = QuotaPolicy.objects.unrestricted().get(pk=district_policy.pk)
    assert stored.name == district_policy.name and updates() == 0


def test_a_tampered_rule_kind_is_refused(login, district_policy):
    data = payload(district_policy, **{"rule-1-kind": "made_up"})
    response = login("bureau_district").post(edit_url(district_policy), data)
    assert response.status_code == 200
    assert "指标类型无效" in response.content.decode()
    assert len(rules_of(district_policy)) == 3 and updates() == 0


# -- who may copy and edit -------------------------------------------------------------------------


def test_a_street_can_neither_copy_nor_edit(login, city_policy, tree):
    client = login("street_a")
    assert client.get(detail_url(city_policy)).status_code == 200  # visible: the city's targets
    response = client.post(copy_url(preset("beijing")), {"jurisdiction": tree.street_a.code})
    assert response.status_code == 403
    assert client.get(edit_url(city_policy)).status_code == 404
    assert client.post(edit_url(city_policy), payload(city_policy, name="改名")).status_code == 404
    assert QuotaPolicy.objects.unrestricted().filter(jurisdiction__isnull=False).count() == 1
    assert QuotaPolicy.objects.unrestricted().get(pk=city_policy.pk).name == city_policy.name


def test_a_district_cannot_edit_the_citys_policy(login, city_policy):
    client = login("bureau_district")
    assert client.get(edit_url(city_policy)).status_code == 404
    assert f'href="{edit_url(city_policy)}"' not in client.get(detail_url(city_policy)).content.decode()


@pytest.mark.parametrize("persona", ("bureau_city", "bureau_district", "street_a"))
def test_presets_cannot_be_edited(login, quota_presets, persona):
    beijing = preset("beijing")
    before = rules_of(beijing)
    client = login(persona)
    response = client.get(edit_url(beijing), follow=True)
    assert response.redirect_chain == [(detail_url(beijing), 302)]
    assert "预设方案不能修改" in response.content.decode()
    response = client.post(edit_url(beijing), payload(beijing, **{"rule-0-urban": "99"}))
    assert response.status_code == 302
    assert rules_of(beijing) == before and updates() == 0
    assert f'href="{edit_url(beijing)}"' not in client.get(detail_url(beijing)).content.decode()


def test_a_new_policy_has_no_snapshots_yet(login, district_policy):
    assert not QuotaReport.objects.unrestricted().filter(policy=district_policy).exists()
    page = login("bureau_district").get(detail_url(district_policy)).content.decode()
    assert "尚无评估快照" in page
