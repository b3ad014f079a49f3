"""Quota fixtures: the presets, a city policy copied from the Beijing preset, and its snapshot."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

import assessment.tasks
from assessment import services
from assessment.choices import RuleKind
from assessment.models import QuotaPolicy, QuotaReport, QuotaRule
from assessment.presets import install_presets
from registry.models import Region, User
from tests.conftest import PASSWORD, Tree

POLICIES = "/api/v1/quota-policies/"
REPORTS = "/api/v1/quota-reports/"
STAFF = (
    "bureau_city",
    "bureau_district",
    "bureau_district_b",
    "street_a",
    "street_b",
    "community_a",
    "operator",
)
PERSONAS = (*STAFF, "org_a")


@pytest.fixture(autouse=True)
def reports_run_in_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Report runs execute in the test process, broker or not; tests marked ``celery_worker``
    send them to a real worker instead."""
    if request.node.get_closest_marker("celery_worker"):
        return
    task = assessment.tasks.run_quota_report

    def apply_async(args, queue=None):
        return task.apply(args=args)

    monkeypatch.setattr(assessment.tasks, "run_quota_report", SimpleNamespace(apply_async=apply_async))


@pytest.fixture
def quota_presets(db) -> None:
    """The shipped presets (a transactional test's flush removes what the migration installed)."""
    install_presets(QuotaPolicy, QuotaRule)


def preset(code: str) -> QuotaPolicy:
    return QuotaPolicy.objects.unrestricted().get(preset=code, jurisdiction=None)


@pytest.fixture
def city_policy(quota_presets, tree: Tree, personas: dict[str, User]) -> QuotaPolicy:
    return services.policy_copy(
        actor=personas["bureau_city"], source=preset("beijing"), jurisdiction=tree.city
    )


def run_report(
    capture,
    policy: QuotaPolicy,
    region: Region,
    as_of: datetime.date | None = None,
    actor: User | None = None,
) -> QuotaReport:
    """Request a run and let the on-commit enqueue fire (tasks run eagerly in tests)."""
    with capture(execute=True):
        report = services.report_request(actor=actor, policy=policy, region=region, as_of=as_of)
    return QuotaReport.objects.unrestricted().get(pk=report.pk)


@pytest.fixture
def city_report(
    world, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> QuotaReport:
    """A finished snapshot of the city policy over the whole city, as of today."""
    return run_report(django_capture_on_commit_callbacks, city_policy, tree.city)


def report_url(report, action=""):
    return f"{REPORTS}{report.pk}/{action + '/' if action else ''}"


def policy_url(policy, action=""):
    return f"{POLICIES}{policy.pk}/{action + '/' if action else ''}"


def error_codes(response):
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


def codes(tree, *names):
    return {getattr(tree, name).code for name in names}


@pytest.fixture
def api(personas):
    def as_persona(name):
        client = APIClient()
        client.force_authenticate(personas[name])
        return client

    return as_persona


@pytest.fixture
def district_policy(quota_presets, tree, personas) -> QuotaPolicy:
    return services.policy_copy(
        actor=personas["bureau_district"], source=preset("hainan"), jurisdiction=tree.district_a
    )


DASHBOARD = reverse("quota-dashboard")


def login(client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


def dashboard(client, report: QuotaReport, **params):
    return client.get(DASHBOARD, {"report": report.pk, **params})


def run_now(client, capture, policy: QuotaPolicy, **extra):
    with capture(execute=True):
        return client.post(reverse("quota-run"), {"policy": policy.pk, **extra})


@pytest.fixture
def district_report(
    world, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> QuotaReport:
    """The city policy run over 临江区 only."""
    return run_report(django_capture_on_commit_callbacks, city_policy, tree.district_a)


@pytest.fixture
def coverage_report(
    world, quota_presets, tree: Tree, personas: dict[str, User], django_capture_on_commit_callbacks
) -> QuotaReport:
    """临江区's copy of the Taicang 5+X policy, its 5+X counting every organization (the fixture city has
    no evaluation results, so no organization is high quality), run over 临江区."""
    actor = personas["bureau_district"]
    policy = services.policy_copy(actor=actor, source=preset("taicang"), jurisdiction=tree.district_a)
    rules = [
        {"kind": rule.kind, "params": {**rule.params, "high_quality_only": False}}
        if rule.kind == RuleKind.CATEGORY_COVERAGE
        else {"kind": rule.kind, "params": rule.params}
        for rule in QuotaRule.objects.unrestricted().filter(policy=policy)
    ]
    services.policy_update(
        actor=actor, policy=policy, name=policy.name, basis=policy.basis, is_active=True, rules=rules
    )
    return run_report(django_capture_on_commit_callbacks, policy, tree.district_a)
