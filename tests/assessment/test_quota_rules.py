"""Every rule kind's figures against hand-computed values on a small city.

The fixture city (tests/conftest.py ``tree``) has four communities: 幸福里社区 (urban) and 桃源村
(rural) in 江滨街道, 湖畔社区 (urban) in 望湖街道, 松林村 (rural) in 松林镇. Each test places a few
organizations and checks the community rows, the street and district roll-ups and the city row.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessment.choices import Outcome, RuleKind
from assessment.quota import sources
from assessment.quota.engine import FrozenRule, evaluate, vocabulary
from assessment.quota.kinds import RULE_TYPES
from core import measures
from registry import services
from registry.choices import OrganizationStatus, QualificationLevel, RegionLevel, Tier, UrbanRural
from registry.models import Category, Federation, Organization, Region, SocialWorker, User
from tests.conftest import Tree, make_organization
from tests.measures_support import stand_in

TODAY = timezone.localdate()
CORE = ["charity", "mutual_aid", "culture", "mediation", "safety"]


def rule(kind: RuleKind, key: str = "r1", **params) -> FrozenRule:
    cleaned = RULE_TYPES[kind].clean(params, vocabulary())
    return FrozenRule(key=key, kind=kind, params=cleaned, label=kind.label, description="")


def results(rows, key: str = "r1") -> dict[str, dict]:
    return {row.code: row.results.get(key) for row in rows}


def org(community: Region, category: str, **overrides) -> Organization:
    return make_organization(community, category=Category.objects.get(code=category), **overrides)


def backdate(organization: Organization, days: int) -> None:
    """Pretend the organization entered the register ``days`` ago."""
    moment = timezone.now() - datetime.timedelta(days=days)
    Organization.history.unrestricted().filter(id=organization.pk).update(history_date=moment)


@pytest.fixture
def system(db) -> User:
    return User.objects.create_superuser("quota-system", password="x")


def covering(community: Region, categories: list[str]) -> list[Organization]:
    return [org(community, category) for category in categories]


class TestCategoryCoverage:
    def test_it_passes_a_community_with_every_core_category_and_a_featured_one(self, tree: Tree) -> None:
        covering(tree.community_a, [*CORE, "featured"])

        by_code = results(evaluate([rule(RuleKind.CATEGORY_COVERAGE)], tree.city, TODAY))

        assert by_code[tree.community_a.code]["outcome"] == Outcome.PASS
        assert by_code[tree.community_a.code]["value"] == 6
        assert by_code[tree.community_a.code]["target"] == 6

    def test_it_names_the_missing_categories_and_counts_them_up_the_tree(self, tree: Tree) -> None:
        covering(tree.community_a, [*CORE, "featured"])
        covering(tree.village_a, ["charity", "mutual_aid", "culture", "safety"])  # no mediation, no 特色
        covering(tree.community_b, [*CORE])  # no 特色
        # 松林村 has nothing at all.

        by_code = results(evaluate([rule(RuleKind.CATEGORY_COVERAGE)], tree.city, TODAY))

        village = by_code[tree.village_a.code]
        assert village["outcome"] == Outcome.FAIL
        assert village["text"] == "缺纠纷调处类、特色类"
        assert village["detail"]["missing"] == ["mediation", "featured"]
        assert (village["value"], village["target"]) == (4, 6)
        assert by_code[tree.village_c.code]["value"] == 0
        street_a = by_code[tree.street_a.code]
        assert (street_a["outcome"], street_a["value"], street_a["target"]) == (Outcome.FAIL, 1, 2)
        city = by_code[tree.city.code]
        assert (city["value"], city["target"]) == (1, 4)
        assert city["text"] == "1/4（25%）个社区达标"
        assert city["detail"]["missing"] == {
            "featured": 3,
            "mediation": 2,
            "charity": 1,
            "culture": 1,
            "mutual_aid": 1,
            "safety": 1,
        }

    def test_it_requires_as_many_featured_organizations_as_the_rule_says(self, tree: Tree) -> None:
        covering(tree.community_a, [*CORE, "featured"])

        by_code = results(evaluate([rule(RuleKind.CATEGORY_COVERAGE, featured_min=2)], tree.city, TODAY))

        assert by_code[tree.community_a.code]["outcome"] == Outcome.FAIL
        assert by_code[tree.community_a.code]["text"] == "缺特色类"

    def test_a_revoked_organization_no_longer_covers_its_category(self, tree: Tree, system: User) -> None:
        covering(tree.community_a, [*CORE, "featured"])
        mediation = Organization.objects.unrestricted().get(
            community=tree.community_a, category__code="mediation"
        )

        services.organization_end(
            actor=system,
            organization_id=mediation.pk,
            status=OrganizationStatus.REVOKED,
            reason="长期不开展活动",
        )

        by_code = results(evaluate([rule(RuleKind.CATEGORY_COVERAGE)], tree.city, TODAY))
        assert by_code[tree.community_a.code]["detail"]["missing"] == ["mediation"]

    def test_an_organization_counts_in_the_category_it_had_on_the_report_date(
        self, tree: Tree, system: User
    ) -> None:
        organizations = covering(tree.community_a, ["charity", "mutual_aid", "culture", "safety", "featured"])
        for organization in organizations:
            backdate(organization, days=30)
        charity = organizations[0]

        services.organization_update(
            actor=system,
            organization_id=charity.pk,
            data={"category": Category.objects.get(code="mediation")},
        )

        now = results(evaluate([rule(RuleKind.CATEGORY_COVERAGE)], tree.city, TODAY))
        before = results(
            evaluate([rule(RuleKind.CATEGORY_COVERAGE)], tree.city, TODAY - datetime.timedelta(days=1))
        )
        assert now[tree.community_a.code]["detail"]["missing"] == ["charity"]
        assert before[tree.community_a.code]["detail"]["missing"] == ["mediation"]


class TestAsOfDate:
    def test_a_report_dated_in_the_past_ignores_later_filings(self, tree: Tree) -> None:
        old = org(tree.community_a, "charity")
        backdate(old, days=10)
        org(tree.community_a, "culture")  # filed today

        rows = {row.code: row for row in evaluate([], tree.city, TODAY - datetime.timedelta(days=5))}
        today = {row.code: row for row in evaluate([], tree.city, TODAY)}

        assert rows[tree.community_a.code].organizations == 1
        assert rows[tree.community_a.code].counts["category:charity"] == 1
        assert "category:culture" not in rows[tree.community_a.code].counts
        assert today[tree.community_a.code].organizations == 2
        assert today[tree.city.code].organizations == 2

    def test_an_organization_revoked_after_the_date_still_counts_on_that_date(
        self, tree: Tree, system: User
    ) -> None:
        organization = org(tree.community_b, "safety")
        backdate(organization, days=10)
        services.organization_end(
            actor=system, organization_id=organization.pk, status=OrganizationStatus.REVOKED, reason="违规"
        )

        before = {
            row.code: row.organizations for row in evaluate([], tree.city, TODAY - datetime.timedelta(days=1))
        }
        after = {row.code: row.organizations for row in evaluate([], tree.city, TODAY)}

        assert before[tree.community_b.code] == 1
        assert after[tree.community_b.code] == 0


class TestAverageOrganizations:
    def test_it_compares_urban_and_rural_averages_with_their_targets(self, tree: Tree) -> None:
        covering(tree.community_a, ["charity", "culture", "safety"])  # urban 3
        covering(tree.community_b, ["charity"])  # urban 1
        covering(tree.village_a, ["charity", "culture"])  # rural 2
        # 松林村 (rural) has none.

        by_code = results(
            evaluate([rule(RuleKind.AVERAGE_ORGANIZATIONS, urban=2, rural=2)], tree.city, TODAY)
        )

        assert by_code[tree.community_a.code] | {"detail": None} == {
            "outcome": Outcome.PASS,
            "text": "3 个（目标 2）",
            "value": 3,
            "target": 2,
            "detail": None,
        }
        assert by_code[tree.village_c.code]["outcome"] == Outcome.FAIL
        city = by_code[tree.city.code]
        assert city["outcome"] == Outcome.FAIL  # rural 1.0 < 2
        assert city["detail"] == {
            "urban": {"average": 2.0, "target": 2, "communities": 2},
            "rural": {"average": 1.0, "target": 2, "communities": 2},
        }
        assert (city["value"], city["target"]) == (1.5, 2.0)
        assert city["text"] == "城市 2.0/2，农村 1.0/2"
        street_a = by_code[tree.street_a.code]
        assert street_a["outcome"] == Outcome.PASS  # urban 3 ≥ 2, rural 2 ≥ 2
        assert street_a["detail"]["rural"] == {"average": 2.0, "target": 2, "communities": 1}
        street_b = by_code[tree.street_b.code]
        assert street_b["detail"] == {"urban": {"average": 1.0, "target": 2, "communities": 1}}

    def test_high_quality_only_reports_no_data_while_no_app_grades_organizations(self, tree: Tree) -> None:
        covering(tree.community_a, ["charity"])

        with stand_in(sources.HIGH_QUALITY, None):
            rows = evaluate(
                [rule(RuleKind.AVERAGE_ORGANIZATIONS, urban=10, rural=6, high_quality_only=True)],
                tree.city,
                TODAY,
            )

        assert {row.results["r1"]["outcome"] for row in rows} == {Outcome.NO_DATA}
        assert rows[0].results["r1"]["text"] == "无数据：尚无年度评估评议结果，无法认定较高质量组织"
        assert all(row.passed == row.failed == 0 for row in rows)

    def test_high_quality_counts_come_from_the_evaluation_source_once_it_exists(self, tree: Tree) -> None:
        covering(tree.community_a, ["charity", "culture", "safety"])
        with stand_in(sources.HIGH_QUALITY, lambda prefix, cutoff, params: {tree.community_a.code: 2}):
            rows = evaluate(
                [rule(RuleKind.AVERAGE_ORGANIZATIONS, urban=2, rural=1, high_quality_only=True)],
                tree.street_a,
                TODAY,
            )

        by_code = results(rows)
        assert by_code[tree.community_a.code]["value"] == 2
        assert by_code[tree.village_a.code]["value"] == 0
        assert by_code[tree.street_a.code]["outcome"] == Outcome.FAIL  # rural 0 < 1


class TestBrandsAndTalent:
    def test_brand_organizations_per_community(self, tree: Tree) -> None:
        covering(tree.community_a, ["charity", "culture"])
        Organization.objects.unrestricted().filter(community=tree.community_a).update(is_brand=True)
        Organization.history.unrestricted().filter(community=tree.community_a).update(is_brand=True)
        org(tree.community_b, "charity", is_brand=True)

        by_code = results(evaluate([rule(RuleKind.BRAND_ORGANIZATIONS, minimum=2)], tree.district_a, TODAY))

        assert by_code[tree.community_a.code]["outcome"] == Outcome.PASS
        assert by_code[tree.community_b.code]["text"] == "1 个（目标 2）"
        assert by_code[tree.district_a.code]["text"] == "1/3（33%）个社区达标"
        assert tree.city.code not in by_code

    def test_social_work_talent_counts_those_in_post_against_urban_and_rural_targets(
        self, tree: Tree
    ) -> None:
        def worker(community: Region, number: str, active: bool = True) -> None:
            SocialWorker.objects.create(
                name="李四",
                community=community,
                qualification=QualificationLevel.ASSISTANT,
                certificate_number=number,
                is_active=active,
            )

        worker(tree.community_a, "A1")
        worker(tree.community_a, "A2", active=False)
        worker(tree.village_a, "V1")

        by_code = results(evaluate([rule(RuleKind.SOCIAL_WORKERS, urban=2, rural=1)], tree.street_a, TODAY))

        assert by_code[tree.community_a.code]["text"] == "1 名（目标 2）"
        assert by_code[tree.community_a.code]["outcome"] == Outcome.FAIL
        assert by_code[tree.village_a.code]["outcome"] == Outcome.PASS
        assert by_code[tree.street_a.code]["text"] == "1/2（50%）个社区达标"


class TestStreetRules:
    @pytest.fixture
    def township(self, tree: Tree) -> Region:
        """A 镇 by its code (township numbers start at 100)."""
        return Region.objects.create(
            code="990101100000", name="临江镇", level=RegionLevel.STREET, parent=tree.district_a
        )

    def test_a_federation_in_every_street_and_townships_where_possible(
        self, tree: Tree, township: Region, system: User
    ) -> None:
        hub = org(tree.community_a, "charity")
        Federation.objects.create(
            organization=hub, street=tree.street_a, founded_on=TODAY - datetime.timedelta(days=3)
        )

        rows = evaluate([rule(RuleKind.STREET_FEDERATION)], tree.city, TODAY)
        by_code = results(rows)
        earlier = results(
            evaluate([rule(RuleKind.STREET_FEDERATION)], tree.city, TODAY - datetime.timedelta(days=4))
        )

        assert by_code[tree.street_a.code]["outcome"] == Outcome.PASS
        assert by_code[tree.street_b.code]["outcome"] == Outcome.FAIL
        assert by_code[township.code]["outcome"] == Outcome.INFO
        assert by_code[tree.community_a.code] is None  # a street rule has no community figure
        assert (
            by_code[tree.district_a.code]["text"]
            == "1/2（50%）个街道（乡镇）达标；另有1 个乡镇尚未成立（具备条件的建立）"
        )
        assert (
            by_code[tree.city.code]["text"]
            == "1/3（33%）个街道（乡镇）达标；另有1 个乡镇尚未成立（具备条件的建立）"
        )
        assert by_code[tree.district_b.code]["text"] == "0/1（0%）个街道（乡镇）达标"
        assert earlier[tree.street_a.code]["outcome"] == Outcome.FAIL

    def test_an_area_of_townships_only_is_not_failed_for_them(self, tree: Tree) -> None:
        township = Region.objects.create(
            code="990103100000",
            name="白沙镇",
            level=RegionLevel.STREET,
            parent=Region.objects.create(
                code="990103000000", name="白沙县", level=RegionLevel.DISTRICT, parent=tree.city
            ),
        )

        by_code = results(evaluate([rule(RuleKind.STREET_FEDERATION)], township.parent, TODAY))

        assert by_code[township.parent.code]["outcome"] == Outcome.INFO
        assert by_code[township.parent.code]["text"] == "1 个乡镇尚未成立（具备条件的建立）"

    def test_townships_count_when_the_policy_requires_them(self, tree: Tree, township: Region) -> None:
        by_code = results(
            evaluate([rule(RuleKind.STREET_FEDERATION, townships="required")], tree.district_a, TODAY)
        )

        assert by_code[township.code]["outcome"] == Outcome.FAIL
        assert by_code[tree.district_a.code]["text"] == "0/3（0%）个街道（乡镇）达标"

    def test_incubation_bases_and_annual_activity_report_no_data_without_their_records(
        self, tree: Tree, monkeypatch
    ) -> None:
        policy = [
            rule(RuleKind.INCUBATION_BASES, key="bases"),
            rule(RuleKind.ANNUAL_ACTIVITY, key="activity"),
        ]
        with stand_in(sources.INCUBATION_BASES, None), stand_in(sources.ANNUAL_ACTIVITY, None):
            rows = evaluate(policy, tree.city, TODAY)

        bases, activity = results(rows, "bases"), results(rows, "activity")
        assert bases[tree.district_a.code]["text"] == "无数据：尚未登记孵化基地"
        assert bases[tree.street_a.code] is None
        assert bases[tree.city.code]["outcome"] == Outcome.NO_DATA
        assert activity[tree.community_a.code]["text"] == "无数据：尚无服务项目与能力培训记录"
        assert all(row.passed == row.failed == 0 for row in rows)


def bases_at(monkeypatch, counts: dict[str, int]) -> None:
    """Incubation bases per region code of the base, as the incubation app's measure gives them."""
    provider = lambda prefix, cutoff, params: counts  # noqa: E731
    monkeypatch.setitem(
        measures._measures, sources.INCUBATION_BASES, measures.Measure(sources.INCUBATION_BASES, provider)
    )


class TestIncubationBases:
    def test_every_district_needs_its_bases(self, tree: Tree, monkeypatch) -> None:
        bases_at(monkeypatch, {tree.district_a.code: 1})

        by_code = results(evaluate([rule(RuleKind.INCUBATION_BASES, minimum=1)], tree.city, TODAY))

        assert by_code[tree.district_a.code]["outcome"] == Outcome.PASS
        assert by_code[tree.district_b.code]["outcome"] == Outcome.FAIL
        assert by_code[tree.city.code]["text"] == "1/2（50%）个区县达标"
        assert by_code[tree.street_a.code] is None  # evaluated per district only

    def test_a_districts_street_bases_count_for_it(self, tree: Tree, monkeypatch) -> None:
        bases_at(monkeypatch, {tree.street_a.code: 1, tree.street_b.code: 1, tree.street_c.code: 1})

        by_code = results(evaluate([rule(RuleKind.INCUBATION_BASES, minimum=2)], tree.city, TODAY))

        assert (by_code[tree.district_a.code]["value"], by_code[tree.district_a.code]["outcome"]) == (
            2,
            Outcome.PASS,
        )
        assert (by_code[tree.district_b.code]["value"], by_code[tree.district_b.code]["outcome"]) == (
            1,
            Outcome.FAIL,
        )

    def test_city_level_bases_count_for_the_city_and_no_district(self, tree: Tree, monkeypatch) -> None:
        bases_at(monkeypatch, {tree.city.code: 2, tree.district_a.code: 1})

        by_code = results(evaluate([rule(RuleKind.INCUBATION_BASES, minimum=1)], tree.city, TODAY))

        assert by_code[tree.district_b.code]["outcome"] == Outcome.FAIL
        assert by_code[tree.city.code]["text"] == "1/2（50%）个区县达标；另有市级孵化基地 2 个"
        assert by_code[tree.city.code]["detail"] == {"own_bases": 2}

    def test_streets_are_evaluated_when_the_policy_asks_for_street_bases(
        self, tree: Tree, monkeypatch
    ) -> None:
        bases_at(monkeypatch, {tree.street_a.code: 1, tree.district_a.code: 3})

        by_code = results(
            evaluate([rule(RuleKind.INCUBATION_BASES, minimum=1, level="street")], tree.city, TODAY)
        )

        assert by_code[tree.street_a.code]["outcome"] == Outcome.PASS
        assert by_code[tree.street_b.code]["outcome"] == Outcome.FAIL
        assert by_code[tree.street_c.code]["outcome"] == Outcome.FAIL
        # The district's own bases do not stand in for a street's.
        assert (
            by_code[tree.district_a.code]["text"] == "1/2（50%）个街道（乡镇）达标；另有区/县级孵化基地 3 个"
        )
        assert by_code[tree.city.code]["text"] == "1/3（33%）个街道（乡镇）达标"
        assert by_code[tree.community_a.code] is None

    def test_the_level_is_one_of_the_two(self, tree: Tree) -> None:
        with pytest.raises(ValidationError) as refused:
            rule(RuleKind.INCUBATION_BASES, level="community")

        assert refused.value.error_dict["level"][0].code == "invalid_param"

    def test_the_description_names_the_level(self, tree: Tree) -> None:
        rule_type, words = RULE_TYPES[RuleKind.INCUBATION_BASES], vocabulary()

        assert rule_type.describe(rule_type.clean({"minimum": 2}, words), words) == (
            "每个县（区、市）建有不少于 2 个社区社会组织孵化基地"
        )
        assert rule_type.describe(rule_type.clean({"level": "street"}, words), words) == (
            "每个街道（乡镇）建有不少于 1 个社区社会组织孵化基地"
        )


class TestAnnualActivity:
    def test_every_organization_needs_its_project_and_training_once_they_are_recorded(
        self, tree: Tree
    ) -> None:
        covering(tree.community_a, ["charity", "culture", "safety"])
        covering(tree.village_a, ["charity"])
        meeting = {tree.community_a.code: 2, tree.village_a.code: 1}
        asked = []

        def provider(prefix, cutoff, params):
            asked.append(dict(params))
            return meeting

        with stand_in(sources.ANNUAL_ACTIVITY, provider):
            by_code = results(
                evaluate([rule(RuleKind.ANNUAL_ACTIVITY, projects=2, trainings=3)], tree.street_a, TODAY)
            )

        assert asked == [{"projects": 2, "trainings": 3}]  # the rule's own numbers reach the measure

        assert by_code[tree.community_a.code]["outcome"] == Outcome.FAIL
        assert by_code[tree.community_a.code]["text"] == "2/3（67%）个组织达到要求"
        assert by_code[tree.village_a.code]["outcome"] == Outcome.PASS
        assert by_code[tree.street_a.code]["text"] == "1/2（50%）个社区达标"


class TestTracking:
    def test_it_counts_by_tier_category_and_urban_rural(self, tree: Tree) -> None:
        org(tree.community_a, "charity", tier=Tier.GUIDED)
        org(tree.village_a, "culture")
        org(tree.village_c, "culture")

        rows = {row.code: row for row in evaluate([rule(RuleKind.TRACKING)], tree.city, TODAY)}

        city = rows[tree.city.code]
        assert city.results["r1"]["text"] == "共 3 个（依法登记 0，街道备案 2，社区指导 1）"
        assert city.counts["category:culture"] == 2
        assert city.counts["urban_communities"] == 2
        assert city.counts["rural_communities"] == 2
        assert rows[tree.street_a.code].counts["organizations"] == 2
        assert rows[tree.community_b.code].counts == {
            "organizations": 0,
            "brands": 0,
            "communities": 1,
            "urban_communities": 1,
        }


class TestShape:
    def test_it_evaluates_the_whole_tree_with_a_constant_number_of_queries(
        self, tree: Tree, django_assert_num_queries
    ) -> None:
        policy = [
            rule(RuleKind.CATEGORY_COVERAGE),
            rule(RuleKind.AVERAGE_ORGANIZATIONS, urban=15, rural=8),
            rule(RuleKind.SOCIAL_WORKERS, urban=2, rural=1),
            rule(RuleKind.STREET_FEDERATION),
        ]
        covering(tree.community_a, ["charity"])
        with django_assert_num_queries(5):  # categories, regions, organizations, talent, federations
            evaluate(policy, tree.city, TODAY)

        for number in range(3, 40):
            community = Region.objects.create(
                code=f"990101001{number:03d}",
                name=f"新建{number}社区",
                level=RegionLevel.COMMUNITY,
                parent=tree.street_a,
                urban_rural=UrbanRural.URBAN,
            )
            org(community, "culture")
        with django_assert_num_queries(5):
            rows = evaluate(policy, tree.city, TODAY)
        assert len(rows) == 10 + 37

    def test_a_community_report_has_one_row(self, tree: Tree) -> None:
        rows = evaluate([rule(RuleKind.CATEGORY_COVERAGE)], tree.community_b, TODAY)

        assert [row.code for row in rows] == [tree.community_b.code]
        assert rows[0].results["r1"]["outcome"] == Outcome.FAIL


@pytest.mark.parametrize(
    ("kind", "params", "field", "message"),
    [
        (RuleKind.AVERAGE_ORGANIZATIONS, {"urban": -1}, "urban", "“城市社区目标”应在 0 到 500 之间"),
        (RuleKind.AVERAGE_ORGANIZATIONS, {"urban": "十五"}, "urban", "“城市社区目标”应为整数"),
        (
            RuleKind.AVERAGE_ORGANIZATIONS,
            {"high_quality_only": "yes"},
            "high_quality_only",
            "“只计较高质量组织”应为是或否",
        ),
        (
            RuleKind.CATEGORY_COVERAGE,
            {"categories": ["charity", "karaoke"]},
            "categories",
            "“须覆盖的类别”中有未知的类别：karaoke",
        ),
        (RuleKind.CATEGORY_COVERAGE, {"categories": []}, "categories", "“须覆盖的类别”至少选择一个类别"),
        (
            RuleKind.STREET_FEDERATION,
            {"townships": "never"},
            "townships",
            "“乡镇”应为具备条件的乡镇建立、乡镇也须建立之一",
        ),
        (RuleKind.BRAND_ORGANIZATIONS, {"minimum": 2, "maximum": 3}, "params", "未知参数：maximum"),
    ],
)
def test_bad_parameters_get_a_field_specific_message(db, kind, params, field, message) -> None:
    from django.core.exceptions import ValidationError

    from assessment.quota.engine import vocabulary

    with pytest.raises(ValidationError) as caught:
        RULE_TYPES[kind].clean(params, vocabulary())

    assert caught.value.message_dict[field] == [message]
