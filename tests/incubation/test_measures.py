"""The figures incubation gives the quota reports and the quarterly table, against a hand-counted city.

    清河市社会组织发展服务中心   city, opened 2024-01-01
    临江区社会组织发展服务中心   district A, opened 2024-01-01, closed 2025-12-31
    江滨 / 望湖街道 centres      streets A and B, opened 2024-01-01
    青山区孵化中心               district B, opened 2025-07-01
    松林镇孵化点                 township C, never approved

Tenants: at 江滨 t1 in from 2025-03-01 and graduated 2025-08-15, t2 in from 2025-05-01, t3 admitted
and not moved in; at 望湖 t4 in from 2025-09-01 and gone 2025-09-20.
"""

from __future__ import annotations

import pytest

from assessment.models import QuotaPolicy, QuotaReport, QuotaReportRow
from assessment.quota.sources import cutoff_of
from assessment.services import policy_copy, report_run
from assessment.statistics import quarterly_statistics
from incubation import services
from incubation.measures import base_counts, graduation_counts, tenant_counts
from tests.conftest import make_organization
from tests.factories import system_user
from tests.incubation.conftest import D, active, admitted, apply_for, graduated, register_base

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(tree, bases):
    services.base_close(
        actor=system_user(), base_id=bases.district_a.pk, closed_on=D(2025, 12, 31), reason="并入市级中心"
    )
    register_base(tree.district_b, "青山区孵化中心", opened_on=D(2025, 7, 1))
    register_base(tree.street_c, "松林镇孵化点", approve=False)

    def org(name, community=tree.community_a):
        return make_organization(community, name=name)

    graduated(apply_for(bases.street_a, organization=org("幸福里社区甲队")), D(2025, 8, 15), bases.desks)
    active(
        apply_for(bases.street_a, organization=org("幸福里社区乙队")),
        bases.desks,
        (D(2025, 5, 1), D(2026, 4, 30)),
    )
    admitted(
        apply_for(bases.street_a, organization=org("幸福里社区丙队")),
        bases.office,
        (D(2026, 1, 1), D(2026, 12, 31)),
    )
    t4 = active(
        apply_for(bases.street_b, organization=org("湖畔社区丁队", tree.community_b)),
        term=(D(2025, 9, 1), D(2026, 8, 31)),
    )
    services.tenancy_exit(actor=system_user(), tenancy_id=t4.pk, ended_on=D(2025, 9, 20), reason="主动退出")
    return tree


def test_bases_count_from_their_opening_until_their_closing_day(city):
    tree = city

    def on(day):
        return base_counts(tree.city.prefix, cutoff_of(day), {})

    assert on(D(2023, 12, 31)) == {}
    assert on(D(2025, 6, 30)) == {
        tree.city.code: 1,
        tree.district_a.code: 1,
        tree.street_a.code: 1,
        tree.street_b.code: 1,
    }
    assert on(D(2025, 12, 30))[tree.district_a.code] == 1
    assert tree.district_a.code not in on(D(2025, 12, 31))
    assert on(D(2026, 1, 15))[tree.district_b.code] == 1
    assert tree.street_c.code not in on(D(2026, 1, 15))  # never approved


def test_tenants_and_graduations_as_of_a_day(city):
    tree = city

    assert tenant_counts(tree.city.prefix, cutoff_of(D(2025, 6, 30)), {}) == {tree.street_a.code: 2}
    assert tenant_counts(tree.city.prefix, cutoff_of(D(2025, 9, 10)), {}) == {
        tree.street_a.code: 1,
        tree.street_b.code: 1,
    }
    assert tenant_counts(tree.city.prefix, cutoff_of(D(2025, 9, 30)), {}) == {tree.street_a.code: 1}
    assert graduation_counts(tree.city.prefix, cutoff_of(D(2025, 8, 14)), {}) == {}
    assert graduation_counts(tree.city.prefix, cutoff_of(D(2025, 8, 15)), {}) == {tree.street_a.code: 1}


def jinzhong_rows(tree, as_of):
    source = QuotaPolicy.objects.unrestricted().get(preset="jinzhong", jurisdiction=None)
    policy = policy_copy(actor=system_user(), source=source, jurisdiction=tree.city, name="孵化基地目标")
    report = QuotaReport.objects.unrestricted().create(policy=policy, region=tree.city, as_of=as_of)
    report_run(report_id=report.pk)
    rows = QuotaReportRow.objects.unrestricted().filter(report=report)
    return {row.region_id: next(iter(row.results.values()), None) for row in rows}


def test_the_jinzhong_preset_evaluates_every_county_as_of_a_past_day(city):
    tree = city

    rows = jinzhong_rows(tree, D(2025, 6, 30))

    assert (rows[tree.district_a.code]["outcome"], rows[tree.district_a.code]["value"]) == ("pass", 3)
    assert (rows[tree.district_b.code]["outcome"], rows[tree.district_b.code]["value"]) == ("fail", 0)
    assert rows[tree.city.code]["text"] == "1/2（50%）个区县达标；另有市级孵化基地 1 个"
    assert tree.street_a.code not in {code for code, result in rows.items() if result}


def test_a_later_day_sees_the_new_county_base_and_not_the_closed_one(city):
    tree = city

    rows = jinzhong_rows(tree, D(2026, 1, 15))

    assert rows[tree.district_a.code]["value"] == 2  # the two street bases; the district's own has closed
    assert rows[tree.district_b.code]["outcome"] == "pass"
    assert rows[tree.city.code]["text"] == "2/2（100%）个区县达标；另有市级孵化基地 1 个"


def columns(statistics, row):
    measured = {name: row.measured.get(name) for name, _ in statistics.measured}
    return measured["incubation_bases"], measured["incubation_tenants"], measured["incubation_graduations"]


def test_the_quarterly_table_counts_bases_tenants_and_the_quarters_graduations(city):
    tree = city
    q2 = quarterly_statistics(region=tree.district_a, year=2025, quarter=2)
    q3 = quarterly_statistics(region=tree.district_a, year=2025, quarter=3)
    rows = {row.code: row for row in q3.rows}

    assert columns(q3, rows[tree.street_a.code]) == (1, 1, 1)
    assert columns(q3, rows[tree.street_b.code]) == (1, 0, 0)
    assert columns(q3, q3.total) == (3, 1, 1)  # the district's own base counts in its total
    assert columns(q2, q2.total) == (3, 2, 0)
    assert [column.label for name, column in q3.measured if name.startswith("incubation")] == [
        "孵化基地",
        "在孵组织",
        "出壳组织",
    ]


def test_a_city_level_base_shows_only_in_the_citys_total(city):
    tree = city
    q3 = quarterly_statistics(region=tree.city, year=2025, quarter=3)
    rows = {row.code: row for row in q3.rows}

    assert columns(q3, rows[tree.district_a.code])[0] == 3
    assert columns(q3, rows[tree.district_b.code])[0] == 1
    assert columns(q3, q3.total)[0] == 5
