"""Report runs: dated snapshots that are replaced, never duplicated, and fail visibly."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessment import services
from assessment.choices import Outcome, ReportStatus, RuleKind
from assessment.models import QuotaPolicy, QuotaReport, QuotaReportRow, QuotaRule
from assessment.selectors import rows_for, trend, viewpoint
from assessment.tasks import run_nightly_quota_reports
from core.models import Event
from registry.models import Region, User
from tests.assessment.conftest import preset, run_report
from tests.conftest import Tree, make_organization

TODAY = timezone.localdate()


def test_it_stores_a_snapshot_with_a_row_per_region(city_report: QuotaReport, tree: Tree) -> None:
    assert city_report.status == ReportStatus.DONE
    assert city_report.progress == 100
    assert (
        city_report.row_count
        == QuotaReportRow.objects.unrestricted().filter(report=city_report).count()
        == 10
    )
    assert [rule["kind"] for rule in city_report.rules] == [
        RuleKind.AVERAGE_ORGANIZATIONS,
        RuleKind.BRAND_ORGANIZATIONS,
        RuleKind.STREET_FEDERATION,
    ]
    assert (
        city_report.rules[0]["description"] == "城市社区平均不少于 15 个、农村社区平均不少于 8 个社区社会组织"
    )
    assert city_report.summary["organizations"] == 7
    assert city_report.summary["communities"] == 4


def test_running_the_same_policy_region_and_date_again_replaces_the_rows(
    city_report: QuotaReport, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> None:
    first_rows = set(
        QuotaReportRow.objects.unrestricted().filter(report=city_report).values_list("pk", flat=True)
    )
    make_organization(tree.community_b)

    again = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)

    assert again.pk == city_report.pk
    assert (
        QuotaReport.objects.unrestricted().filter(policy=city_policy, region=tree.city, as_of=TODAY).count()
        == 1
    )
    rows = QuotaReportRow.objects.unrestricted().filter(report=again)
    assert rows.count() == 10
    assert not first_rows & set(rows.values_list("pk", flat=True))
    assert rows.get(region=tree.community_b).organizations == 3


def test_a_snapshot_keeps_the_rules_it_was_computed_with(
    city_report: QuotaReport, city_policy: QuotaPolicy, personas: dict[str, User]
) -> None:
    services.policy_update(
        actor=personas["bureau_city"],
        policy=city_policy,
        name=city_policy.name,
        basis="",
        is_active=True,
        rules=[{"kind": RuleKind.BRAND_ORGANIZATIONS, "params": {"minimum": 5}}],
    )

    city_report.refresh_from_db()
    assert len(city_report.rules) == 3
    assert city_report.rules[1]["params"] == {"minimum": 2, "street_minimum": 0}


def test_a_date_in_the_future_is_refused(city_policy: QuotaPolicy, tree: Tree) -> None:
    with pytest.raises(ValidationError) as caught:
        services.report_request(
            actor=None, policy=city_policy, region=tree.city, as_of=TODAY + datetime.timedelta(1)
        )

    assert caught.value.message_dict == {"as_of": ["统计日期不能晚于今天"]}
    assert not QuotaReport.objects.unrestricted().exists()


def test_a_region_outside_the_policy_is_refused(quota_presets, tree: Tree, personas: dict[str, User]) -> None:
    district_policy = services.policy_copy(
        actor=personas["bureau_district"], source=preset("hainan"), jurisdiction=tree.district_a
    )

    with pytest.raises(ValidationError) as caught:
        services.report_request(actor=None, policy=district_policy, region=tree.district_b)

    assert caught.value.message_dict["region"] == [f"“{district_policy.name}”不适用于青山区"]


def test_a_failed_run_says_why_and_keeps_the_previous_rows(
    city_report: QuotaReport, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> None:
    QuotaRule.objects.unrestricted().filter(policy=city_policy).update(params={"urban": "many"})

    again = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)

    assert again.status == ReportStatus.FAILED
    assert again.stage == "计算失败"
    assert "“城市社区目标”应为整数" in again.error
    assert QuotaReportRow.objects.unrestricted().filter(report=again).count() == 10


def test_a_user_request_is_audited(
    city_policy: QuotaPolicy, tree: Tree, personas: dict[str, User], django_capture_on_commit_callbacks
) -> None:
    report = run_report(
        django_capture_on_commit_callbacks, city_policy, tree.street_a, actor=personas["street_a"]
    )

    event = Event.objects.unrestricted().get(action="quota_report.requested")
    assert event.actor == personas["street_a"]
    assert event.region_code == tree.street_a.code
    assert event.action_label == "生成指标报告"
    assert report.requested_by == personas["street_a"]


def test_the_nightly_job_runs_every_active_policy_over_its_jurisdiction(
    world, quota_presets, tree: Tree, personas: dict[str, User], django_capture_on_commit_callbacks
) -> None:
    city = services.policy_copy(
        actor=personas["bureau_city"], source=preset("beijing"), jurisdiction=tree.city
    )
    district = services.policy_copy(
        actor=personas["bureau_district"], source=preset("taicang"), jurisdiction=tree.district_a
    )
    services.policy_copy(
        actor=personas["bureau_district_b"], source=preset("hainan"), jurisdiction=tree.district_b
    )
    QuotaPolicy.objects.unrestricted().filter(jurisdiction=tree.district_b).update(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        queued = run_nightly_quota_reports()

    assert queued == 2
    reports = QuotaReport.objects.unrestricted().order_by("region_id")
    assert [(r.policy_id, r.region_id, r.as_of, r.status) for r in reports] == [
        (city.pk, tree.city.code, TODAY, ReportStatus.DONE),
        (district.pk, tree.district_a.code, TODAY, ReportStatus.DONE),
    ]
    assert not QuotaReport.objects.unrestricted().filter(policy__jurisdiction__isnull=True).exists()


class TestScope:
    def test_a_street_sees_the_city_snapshot_but_only_its_own_rows(
        self, city_report: QuotaReport, personas: dict[str, User], tree: Tree
    ) -> None:
        street_a = personas["street_a"]

        assert QuotaReport.objects.for_user(street_a).get() == city_report
        codes = set(rows_for(city_report, street_a).values_list("region_id", flat=True))
        assert codes == {tree.street_a.code, tree.community_a.code, tree.village_a.code}
        assert viewpoint(city_report, street_a) == tree.street_a
        assert viewpoint(city_report, personas["bureau_city"]) == tree.city

    def test_another_jurisdictions_snapshot_does_not_exist(
        self,
        city_policy: QuotaPolicy,
        personas: dict[str, User],
        tree: Tree,
        django_capture_on_commit_callbacks,
    ) -> None:
        street_b_report = run_report(django_capture_on_commit_callbacks, city_policy, tree.street_b)

        assert not QuotaReport.objects.for_user(personas["street_a"]).filter(pk=street_b_report.pk).exists()
        assert (
            not QuotaReport.objects.for_user(personas["bureau_district_b"])
            .filter(pk=street_b_report.pk)
            .exists()
        )
        assert (
            QuotaReport.objects.for_user(personas["bureau_district"]).filter(pk=street_b_report.pk).exists()
        )
        assert not QuotaReport.objects.for_user(personas["org_a"]).exists()

    def test_a_district_bureau_sees_none_of_the_other_districts_rows(
        self, city_report: QuotaReport, personas: dict[str, User], tree: Tree
    ) -> None:
        codes = set(rows_for(city_report, personas["bureau_district_b"]).values_list("region_id", flat=True))

        assert codes == {tree.district_b.code, tree.street_c.code, tree.village_c.code}


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_report_runs_in_a_real_worker_and_leaves_one_snapshot_when_run_twice(
    celery_worker_process, vocabularies, settings
) -> None:
    from assessment.presets import install_presets
    from assessment.tasks import run_quota_report
    from registry.choices import RegionLevel, UrbanRural

    install_presets(QuotaPolicy, QuotaRule)
    settings.QUOTA_REPORT_QUEUE = celery_worker_process.queue
    city = Region.objects.create(code="990100000000", name="清河市", level=RegionLevel.CITY)
    district = Region.objects.create(
        code="990101000000", name="临江区", level=RegionLevel.DISTRICT, parent=city
    )
    street = Region.objects.create(
        code="990101001000", name="江滨街道", level=RegionLevel.STREET, parent=district
    )
    community = Region.objects.create(
        code="990101001001",
        name="幸福里社区",
        level=RegionLevel.COMMUNITY,
        parent=street,
        urban_rural=UrbanRural.URBAN,
    )
    make_organization(community)
    policy = preset("taicang")

    def wait_until_done(report_id: int, after: datetime.datetime | None = None) -> QuotaReport:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            report = QuotaReport.objects.unrestricted().get(pk=report_id)
            if report.is_finished and (after is None or report.finished_at > after):
                return report
            time.sleep(0.2)
        pytest.fail(f"the report did not finish:\n{celery_worker_process.log()}")

    first = wait_until_done(services.report_request(actor=None, policy=policy, region=city).pk)
    assert first.status == ReportStatus.DONE, first.error
    second = wait_until_done(
        services.report_request(actor=None, policy=policy, region=city).pk, after=first.finished_at
    )
    # A redelivered task running beside a fresh one still ends with one set of rows.
    results = [
        run_quota_report.apply_async(args=[first.pk], queue=celery_worker_process.queue) for _ in range(2)
    ]
    assert [result.get(timeout=60) for result in results] == [ReportStatus.DONE, ReportStatus.DONE]

    assert second.pk == first.pk
    assert QuotaReport.objects.unrestricted().count() == 1
    rows = QuotaReportRow.objects.unrestricted().filter(report=first)
    assert rows.count() == 4
    assert rows.get(region=community).results["r1"]["outcome"] == Outcome.FAIL


def test_the_trend_follows_a_rule_the_bureau_has_since_moved(
    city_policy: QuotaPolicy, tree: Tree, personas: dict[str, User], world, django_capture_on_commit_callbacks
) -> None:
    yesterday = TODAY - datetime.timedelta(days=1)
    old = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    QuotaReport.objects.unrestricted().filter(pk=old.pk).update(as_of=yesterday)
    services.policy_update(  # the brand rule moves to the front, the federation rule goes
        actor=personas["bureau_city"],
        policy=city_policy,
        name=city_policy.name,
        basis="",
        is_active=True,
        rules=[
            {"kind": RuleKind.BRAND_ORGANIZATIONS, "params": {"minimum": 2}},
            {"kind": RuleKind.AVERAGE_ORGANIZATIONS, "params": {"urban": 15, "rural": 8}},
        ],
    )
    new = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)

    points = trend(city_policy, tree.city, personas["bureau_city"], rules=new.rules)

    assert [point.as_of for point in points] == [yesterday, TODAY]
    assert [set(point.results) for point in points] == [{"r1", "r2"}, {"r1", "r2"}]
    assert points[0].results["r1"]["text"] == points[1].results["r1"]["text"] == "0/4（0%）个社区达标"
    assert points[0].results["r2"]["detail"] == points[1].results["r2"]["detail"]


def test_a_policy_with_the_longest_name_can_be_run_and_is_audited(personas, tree, quota_presets):
    from assessment.services import policy_copy, report_request
    from core.models import Event
    from tests.assessment.conftest import preset

    policy = policy_copy(
        actor=personas["bureau_city"], source=preset("beijing"), jurisdiction=tree.city, name="长" * 100
    )
    report = report_request(actor=personas["bureau_city"], policy=policy, region=tree.city)
    event = Event.objects.unrestricted().get(action="quota_report.requested")
    assert event.subject_label.startswith("长" * 100) and str(report) in event.subject_label
