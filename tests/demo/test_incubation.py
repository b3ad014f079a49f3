"""The incubation part of ``manage.py seed_demo``: bases at three levels, tenants in every state, a
year of services and subsidies, an evaluated base, the operator's street base, and the Jinzhong
target failing somewhere."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assessment.models import QuotaReport, QuotaReportRow
from incubation.choices import BaseState, TenancyState
from incubation.models import BaseEvaluation, IncubationBase, ServiceRecord, Subsidy, Tenancy
from incubation.selectors import Flag, pending_items
from registry.choices import RegionLevel
from registry.models import User
from tests.demo.conftest import run_seed

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def demo_bases():
    return IncubationBase.objects.unrestricted().filter(region__code__startswith="99")


def test_bases_stand_at_every_level(seeded: str) -> None:
    operating = demo_bases().open_on(timezone.localdate()).select_related("region")

    assert {base.region.level for base in operating} == {
        RegionLevel.CITY,
        RegionLevel.DISTRICT,
        RegionLevel.STREET,
    }
    assert {base.state for base in demo_bases()} == {BaseState.OPEN, BaseState.CLOSED, BaseState.PENDING}
    assert "孵化基地：6 个（运营中 4，已停止运营 1，待批准 1）" in seeded


def test_the_operator_runs_a_street_base(seeded: str) -> None:
    operator = User.objects.unrestricted().get(username="operator")
    mine = IncubationBase.objects.for_user(operator).select_related("region")

    assert {base.name for base in mine} == {"江滨街道社会组织培育孵化中心", "临江区社会组织发展服务中心"}
    assert RegionLevel.STREET in {base.region.level for base in mine}
    flags = {item.flag for item in pending_items(operator)}
    assert Flag.OVERDUE in flags  # an application the base has not decided in time


def test_tenants_are_in_every_state_and_a_group_not_yet_filed_among_them(seeded: str) -> None:
    tenancies = Tenancy.objects.unrestricted().filter(base__in=demo_bases().values("pk"))

    assert set(tenancies.values_list("state", flat=True)) == set(TenancyState.values)
    assert tenancies.filter(organization=None, group_name="春晖社区亲子阅读社").exists()
    assert tenancies.filter(state=TenancyState.GRADUATED).exclude(growth_total=None).count() == 6


def test_a_year_of_services_and_subsidies_and_an_evaluated_base(seeded: str) -> None:
    year_ago = timezone.localdate() - datetime.timedelta(days=366)
    services = ServiceRecord.objects.unrestricted().filter(base__in=demo_bases().values("pk"))

    assert services.filter(given_on__lt=year_ago + datetime.timedelta(days=40)).exists()
    assert services.filter(given_on__gte=timezone.localdate() - datetime.timedelta(days=40)).exists()
    assert Subsidy.objects.unrestricted().filter(base__in=demo_bases().values("pk"), kind="reward").exists()
    assert (
        BaseEvaluation.objects.unrestricted().filter(base__name="江滨街道社会组织培育孵化中心").get().grade
        == "excellent"
    )


def test_the_jinzhong_target_is_met_by_one_county_of_three(seeded: str) -> None:
    report = QuotaReport.objects.unrestricted().get(
        policy__name="清河市社会组织孵化基地建设目标（参照晋中）", as_of=timezone.localdate()
    )
    rows = {
        row.region.name: next(iter(row.results.values()))
        for row in QuotaReportRow.objects.unrestricted()
        .filter(report=report, level__lte=RegionLevel.DISTRICT)
        .select_related("region")
    }

    assert rows["临江区"]["outcome"] == "pass"
    assert (rows["青山区"]["outcome"], rows["河西县"]["outcome"]) == ("fail", "fail")
    assert rows["清河市"]["text"] == "1/3（33%）个区县达标；另有市级孵化基地 1 个"


def test_a_second_run_creates_no_incubation_data(seeded: str) -> None:
    before = (
        demo_bases().count(),
        Tenancy.objects.unrestricted().count(),
        ServiceRecord.objects.unrestricted().count(),
    )

    run_seed("--quiet")

    after = (
        demo_bases().count(),
        Tenancy.objects.unrestricted().count(),
        ServiceRecord.objects.unrestricted().count(),
    )
    assert after == before
