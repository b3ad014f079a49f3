"""The measures this app provides, each cross-checked against a count made by hand on the test tree, as
of today and as of a past date; and the quota rules that read them, in a pinned number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assessment.choices import Outcome, RuleKind
from assessment.evaluation import selectors
from assessment.quota import sources
from assessment.quota.engine import FrozenRule, evaluate, vocabulary
from assessment.quota.kinds import RULE_TYPES
from assessment.statistics import quarterly_statistics
from core import measures
from registry import services as registry
from registry.choices import RegionLevel, UrbanRural
from registry.models import Organization, Region
from tests.assessment.evaluation.conftest import LAST_YEAR, TODAY, attend, graded_round, project, training
from tests.factories import system_user

CUTOFF = sources.cutoff_of(TODAY)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def as_of(day: datetime.date) -> datetime.datetime:
    return sources.cutoff_of(day)


def count(name: str, day: datetime.date = TODAY, prefix: str = "9901", **params) -> dict[str, int]:
    return measures.count_by_region(name, prefix, as_of(day), params)


@pytest.fixture
def backdated(world):
    """Every organization of the tree entered the register three years ago."""
    Organization.history.unrestricted().filter(history_type="+").update(history_date=days_ago(3 * 365))
    return world.orgs


# -- high quality ------------------------------------------------------------------------------------------


@pytest.fixture
def graded(backdated, tree):
    """community_a: a_filed 优秀, a_guided 良好, a_registered 不合格; community_b: b_filed 合格, b_registered
    优秀 — last year's rounds, published ten days ago."""
    orgs = backdated
    graded_round(
        tree.community_a,
        {orgs["a_filed"]: 95, orgs["a_guided"]: 80, orgs["a_registered"]: 50},
        published_at=days_ago(10),
    )
    graded_round(
        tree.community_b,
        {orgs["b_filed"]: 70, orgs["b_registered"]: 92},
        published_at=days_ago(10),
    )
    return orgs


def test_high_quality_counts_the_organizations_graded_good_or_better(graded, tree):
    assert count(sources.HIGH_QUALITY) == {tree.community_a.code: 2, tree.community_b.code: 1}
    assert count(sources.HIGH_QUALITY, min_grade="excellent") == {
        tree.community_a.code: 1,
        tree.community_b.code: 1,
    }


def test_high_quality_as_of_a_past_date_ignores_a_later_publication(graded, tree):
    before = TODAY - datetime.timedelta(days=11)

    assert count(sources.HIGH_QUALITY, before) == {}
    grades = selectors.published_grades(system_user(), graded["a_filed"])
    assert not selectors.is_high_quality(grades, before)
    assert selectors.is_high_quality(grades, TODAY)


def test_the_last_published_round_decides_and_an_old_grade_expires(graded, tree):
    graded_round(tree.community_a, {graded["a_filed"]: 50, graded["a_guided"]: 85}, year=TODAY.year)

    assert count(sources.HIGH_QUALITY)[tree.community_a.code] == 1  # a_guided; a_filed fell to 不合格
    assert count(sources.HIGH_QUALITY, TODAY - datetime.timedelta(days=1))[tree.community_a.code] == 2
    next_year_end = datetime.date(TODAY.year + 1, 12, 31)
    assert count(sources.HIGH_QUALITY, next_year_end)[tree.community_a.code] == 1  # this year's round holds
    in_two_years = datetime.date(TODAY.year + 2, 1, 1)
    assert count(sources.HIGH_QUALITY, in_two_years) == {}  # no round of the year before or that year


def test_high_quality_by_category(graded, tree):
    # a_filed and a_guided are 公益慈善类 (the factory's), a_registered and b_registered 文体科教类.
    assert count(sources.HIGH_QUALITY, category="charity") == {tree.community_a.code: 2}
    assert count(sources.HIGH_QUALITY, category="culture") == {tree.community_b.code: 1}
    assert count(sources.HIGH_QUALITY, featured=True) == {}


def test_a_revoked_organization_is_no_longer_counted(graded, tree, personas):
    registry.organization_end(
        actor=personas["street_a"], organization_id=graded["a_filed"].pk, status="revoked", reason="违规"
    )

    assert count(sources.HIGH_QUALITY)[tree.community_a.code] == 1
    assert count(sources.HIGH_QUALITY, TODAY - datetime.timedelta(days=1))[tree.community_a.code] == 2


# -- annual activity -----------------------------------------------------------------------------------------


@pytest.fixture
def active_year(backdated, tree):
    """Last year: a_filed ran a project and sent its leader to a training; a_guided ran a project only;
    a_registered only trained; va_filed's project ended three years ago."""
    orgs = backdated
    last_year = datetime.date(LAST_YEAR, 3, 1)
    project(orgs["a_filed"], last_year, datetime.date(LAST_YEAR, 11, 30))
    project(orgs["a_guided"], last_year, datetime.date(LAST_YEAR, 6, 30))
    project(orgs["va_filed"], datetime.date(LAST_YEAR - 2, 3, 1), datetime.date(LAST_YEAR - 2, 6, 1))
    attend(training(tree.street_a, datetime.date(LAST_YEAR, 5, 20)), orgs["a_filed"], orgs["a_registered"])
    return orgs


def test_january_still_sees_last_years_projects_and_trainings(active_year, tree):
    january = datetime.date(TODAY.year, 1, 15)

    assert count(sources.ANNUAL_ACTIVITY, january, projects=1, trainings=1) == {tree.community_a.code: 1}


def test_the_rules_own_numbers_reach_the_measure(active_year, tree):
    january = datetime.date(TODAY.year, 1, 15)
    project(active_year["a_filed"], datetime.date(LAST_YEAR, 9, 1), datetime.date(LAST_YEAR, 12, 31))

    assert count(sources.ANNUAL_ACTIVITY, january, projects=2, trainings=1) == {tree.community_a.code: 1}
    assert count(sources.ANNUAL_ACTIVITY, january, projects=1, trainings=2) == {}


def test_the_window_is_the_twelve_months_up_to_the_report_date(active_year, tree):
    # On 1 December of this year, last May's training is more than twelve months old.
    december = datetime.date(TODAY.year, 12, 1)

    assert count(sources.ANNUAL_ACTIVITY, december, projects=1, trainings=1) == {}


# -- training person-times and Party building --------------------------------------------------------------


def test_training_person_times_are_counted_where_the_attendees_work(backdated, tree, personas):
    course = training(tree.district_a, datetime.date(LAST_YEAR, 4, 10))
    attend(course, backdated["a_filed"], backdated["va_filed"])
    from assessment import services

    services.training_add_attendee(
        actor=personas["bureau_district"],
        training_id=course.pk,
        data={"audience": "civil_affairs", "name": "周明", "region": tree.street_b.code},
    )

    expected = {tree.community_a.code: 1, tree.village_a.code: 1, tree.street_b.code: 1}
    assert count(sources.TRAINING_ATTENDANCE) == expected
    assert count(sources.TRAINING_ATTENDANCE, datetime.date(LAST_YEAR, 4, 9)) == {}
    statistics = quarterly_statistics(region=tree.district_a, year=LAST_YEAR, quarter=2)
    assert statistics.total.measured[sources.TRAINING_ATTENDANCE] == 3
    assert not any(label.startswith("能力培训") for label in statistics.missing)
    first_quarter = quarterly_statistics(region=tree.district_a, year=LAST_YEAR, quarter=1)
    assert first_quarter.total.measured[sources.TRAINING_ATTENDANCE] == 0


def test_party_building_counts_party_organizations_and_party_member_leaders(backdated, tree):
    admin = system_user()
    registry.organization_update(
        actor=admin, organization_id=backdated["a_filed"].pk, data={"party_building": "independent"}
    )
    registry.organization_update(
        actor=admin,
        organization_id=backdated["a_guided"].pk,
        data={"party_building": "joint", "leader_party_member": True},
    )

    assert count(sources.PARTY_ORGANIZATIONS) == {tree.community_a.code: 2}
    assert count(sources.PARTY_LEADERS) == {tree.community_a.code: 1}
    assert count(sources.PARTY_ORGANIZATIONS, TODAY - datetime.timedelta(days=1)) == {}
    statistics = quarterly_statistics(
        region=tree.street_a, year=TODAY.year, quarter=(TODAY.month - 1) // 3 + 1
    )
    assert (statistics.total.measured["party_organizations"], statistics.total.measured["party_leaders"]) == (
        2,
        1,
    )


# -- the rules that read them ------------------------------------------------------------------------------


def rule(kind: RuleKind, key: str = "r1", **params) -> FrozenRule:
    cleaned = RULE_TYPES[kind].clean(params, vocabulary())
    return FrozenRule(key=key, kind=kind, params=cleaned, label=kind.label, description="")


def results(rows, key: str = "r1") -> dict[str, dict]:
    return {row.code: row.results.get(key) for row in rows}


def taicang() -> list[FrozenRule]:
    return [
        rule(
            RuleKind.CATEGORY_COVERAGE,
            "coverage",
            high_quality_only=True,
            categories=["charity", "culture"],
            featured_min=0,
        ),
        rule(RuleKind.AVERAGE_ORGANIZATIONS, "average", urban=2, rural=1, high_quality_only=True),
        rule(RuleKind.ANNUAL_ACTIVITY, "activity"),
    ]


def test_taicangs_5_plus_x_counts_high_quality_organizations_only(graded, tree):
    by_code = results(evaluate(taicang(), tree.district_a, TODAY), "coverage")

    # community_a: charity 2 high quality, culture none (a_registered 不合格); community_b: culture only.
    assert (by_code[tree.community_a.code]["outcome"], by_code[tree.community_a.code]["text"]) == (
        Outcome.FAIL,
        "缺较高质量的文体科教类",
    )
    assert by_code[tree.community_b.code]["text"] == "缺较高质量的公益慈善类"
    average = results(evaluate(taicang(), tree.district_a, TODAY), "average")
    assert average[tree.community_a.code]["value"] == 2
    assert average[tree.district_a.code]["detail"]["urban"] == {"average": 1.5, "target": 2, "communities": 2}


def test_the_taicang_rules_cost_a_constant_number_of_queries(graded, tree, django_assert_num_queries):
    # categories, regions, organizations; high quality per listed category (2), of the featured kind and
    # overall; the annual activity.
    rules = taicang()
    with django_assert_num_queries(3 + 4 + 1):
        evaluate(rules, tree.city, TODAY)
    for number in range(3, 30):
        Region.objects.create(
            code=f"990101001{number:03d}",
            name=f"新建{number}社区",
            level=RegionLevel.COMMUNITY,
            parent=tree.street_a,
            urban_rural=UrbanRural.URBAN,
        )
    with django_assert_num_queries(3 + 4 + 1):
        evaluate(rules, tree.city, TODAY)


def test_brands_per_street_besides_per_community(backdated, tree):
    for key in ("a_filed", "va_filed"):
        Organization.history.unrestricted().filter(id=backdated[key].pk).update(is_brand=True)

    by_code = results(
        evaluate([rule(RuleKind.BRAND_ORGANIZATIONS, minimum=0, street_minimum=2)], tree.city, TODAY)
    )

    assert by_code[tree.community_a.code]["outcome"] == Outcome.INFO
    assert by_code[tree.street_a.code]["text"] == "本街道品牌组织 2 个（目标 2）"
    assert by_code[tree.street_b.code]["outcome"] == Outcome.FAIL
    assert by_code[tree.district_a.code]["text"] == "1/2（50%）个街道（乡镇）品牌组织达到 2 个"
    both = results(
        evaluate([rule(RuleKind.BRAND_ORGANIZATIONS, minimum=1, street_minimum=2)], tree.street_a, TODAY)
    )
    assert both[tree.street_a.code]["text"] == "2/2（100%）个社区达标；本街道品牌组织 2 个（目标 2）"


def test_party_building_coverage_per_community(backdated, tree):
    admin = system_user()
    for key, status in (("a_filed", "independent"), ("a_guided", "joint")):
        registry.organization_update(
            actor=admin, organization_id=backdated[key].pk, data={"party_building": status}
        )

    rows = evaluate([rule(RuleKind.PARTY_BUILDING, organizations=50, leaders=0)], tree.district_a, TODAY)
    by_code = results(rows)

    assert by_code[tree.community_a.code]["text"] == "党组织覆盖 2/3（67%）"
    assert by_code[tree.community_a.code]["outcome"] == Outcome.PASS
    assert by_code[tree.community_b.code]["outcome"] == Outcome.FAIL
    assert by_code[tree.district_a.code]["text"] == "1/3（33%）个社区达标；党组织覆盖 2/6（33%）"
    strict = results(
        evaluate([rule(RuleKind.PARTY_BUILDING, organizations=50, leaders=50)], tree.street_a, TODAY)
    )
    assert strict[tree.community_a.code]["outcome"] == Outcome.FAIL
