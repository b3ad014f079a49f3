"""The incubation report against hand-counted fixtures: occupancy at month-ends, places for tenants,
tenants by category and state, graduations (and how many graduates are filed or registered), service
hours by type, subsidy totals, one line per base.

At 江滨 (desks for 2, an office for 1): 甲 (公益慈善, filed) in from 2025-03-01, graduated 2025-08-15;
乙 (文体科教, guided) in from 2025-05-01 on a desk; 丙 (公益慈善) virtual, in from 2025-07-01, left
2025-10-20; 丁 applied. At 望湖: 戊 (guided, not filed) in 2024-06-01, graduated 2024-12-31.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from incubation import services
from incubation.reports import incubation_report, month_ends
from registry.choices import Tier
from registry.models import Category
from tests.conftest import make_organization
from tests.factories import system_user
from tests.incubation.conftest import D, active, apply_for, graduated

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(tree, bases):
    def org(name, category="charity", tier=Tier.FILED, community=tree.community_a):
        return make_organization(
            community, name=name, tier=tier, category=Category.objects.get(code=category)
        )

    first = graduated(
        apply_for(bases.street_a, organization=org("幸福里社区甲队")), D(2025, 8, 15), bases.desks
    )
    second = active(
        apply_for(bases.street_a, organization=org("幸福里社区乙队", "culture", Tier.GUIDED)),
        bases.desks,
        (D(2025, 5, 1), D(2026, 4, 30)),
    )
    third = active(
        apply_for(bases.street_a, organization=org("幸福里社区丙队")), None, (D(2025, 7, 1), D(2026, 6, 30))
    )
    services.tenancy_exit(
        actor=system_user(), tenancy_id=third.pk, ended_on=D(2025, 10, 20), reason="自愿退出"
    )
    apply_for(bases.street_a, organization=org("幸福里社区丁队", "safety"))
    graduated(
        apply_for(
            bases.street_b, organization=org("湖畔社区戊队", tier=Tier.GUIDED, community=tree.community_b)
        ),
        D(2024, 12, 31),
        term=(D(2024, 6, 1), D(2025, 5, 31)),
    )
    admin = system_user()
    for tenancy, kind, hours, people in (
        (first, "capacity", "2", 5),
        (second, "capacity", "1.5", 3),
        (None, "policy_guidance", "3", 20),
        (second, "registration", "1", 2),
    ):
        data = {
            "tenancy": tenancy.pk if tenancy else None,
            "kind": kind,
            "given_on": D(2025, 6, 10),
            "hours": hours,
        }
        services.service_log(actor=admin, base=bases.street_a.pk, data={**data, "participants": people})
    services.service_log(
        actor=admin,
        base=bases.street_a.pk,
        data={"kind": "capacity", "given_on": D(2024, 6, 10), "hours": "9", "participants": 1},
    )
    for tenancy, kind, amount, approved in (
        (first, "rent", "1800", D(2025, 6, 5)),
        (second, "rent", "1200.50", D(2025, 9, 5)),
        (first, "reward", "5000", D(2025, 8, 30)),
    ):
        data = {
            "tenancy": tenancy.pk,
            "kind": kind,
            "amount": amount,
            "period_start": D(2025, 5, 1),
            "period_end": D(2025, 7, 31),
            "approver": "江滨街道办事处",
            "approved_on": approved,
        }
        services.subsidy_record(actor=admin, base=bases.street_a.pk, data=data)
    return bases


def test_the_street_report_of_2025(personas, figures):
    report = incubation_report(user=personas["street_a"], year=2025)

    assert [point.tenants for point in report.occupancy] == [0, 0, 1, 1, 2, 2, 3, 2, 2, 1, 1, 1]
    assert [point.in_spaces for point in report.occupancy] == [0, 0, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1]
    assert report.capacity == 3  # desks for 2 and an office for 1; the meeting room is not for tenants
    assert dict(report.by_state) == {
        "applied": 1,
        "admitted": 0,
        "active": 1,
        "extended": 0,
        "graduated": 1,
        "exited": 1,
        "rejected": 0,
        "withdrawn": 0,
    }
    assert {row["category"]: row["total"] for row in report.by_category} == {
        "公益慈善类": 2,
        "文体科教类": 1,
        "平安建设类": 1,
    }
    assert report.graduations == [{"year": 2025, "graduated": 1, "filed": 1}]
    assert [(row["kind"], row["n"], row["hours"], row["participants"]) for row in report.services] == [
        ("capacity", 2, Decimal("3.5"), 8),
        ("policy_guidance", 1, Decimal("3"), 20),
        ("registration", 1, Decimal("1"), 2),
    ]
    assert [(row["kind"], row["n"], row["total"]) for row in report.subsidies] == [
        ("rent", 2, Decimal("3000.50")),
        ("reward", 1, Decimal("5000")),
    ]
    assert (report.service_hours, report.subsidy_total) == (Decimal("7.5"), Decimal("8000.50"))
    [line] = report.bases
    assert (line["tenants"], line["graduated"], line["applied"], line["hours"], line["subsidies"]) == (
        1,
        1,
        1,
        Decimal("7.5"),
        Decimal("8000.50"),
    )


def test_the_district_sees_both_streets_and_a_graduate_still_unfiled(personas, figures, tree):
    report = incubation_report(user=personas["bureau_district"], year=2024)

    assert report.graduations == [
        {"year": 2024, "graduated": 1, "filed": 0},
        {"year": 2025, "graduated": 1, "filed": 1},
    ]
    assert [row["hours"] for row in report.services] == [Decimal("9")]
    assert [point.tenants for point in report.occupancy][5:] == [1, 1, 1, 1, 1, 1, 0]
    assert len(report.bases) == 3  # the district's own base and both streets'


def test_one_region_and_one_base(personas, figures, tree):
    region = incubation_report(user=personas["bureau_city"], year=2025, region=tree.street_b)
    base = incubation_report(user=personas["operator"], year=2025, base=figures.street_a)

    assert [line["base"].name for line in region.bases] == ["望湖街道社会组织培育孵化中心"]
    assert region.services == [] and region.graduations[0]["year"] == 2024
    assert base.bases == [] and base.capacity == 3


def test_the_months_of_the_current_year_stop_at_today():
    assert month_ends(2026, D(2026, 3, 15)) == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 15)]
