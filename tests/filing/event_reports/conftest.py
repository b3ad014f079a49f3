"""Fixtures and helpers of the major-event report tests: the reporting organization's and the
street's accounts, reports on both sides of a street boundary, and the trail they leave."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Event
from filing import services
from filing.choices import EventKind
from filing.models import EventReport
from registry.choices import Role
from tests.conftest import PASSWORD, make_user

API = "/api/v1/event-reports/"
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def event_data(**overrides) -> dict:
    starts = timezone.now() + datetime.timedelta(days=5)
    data = {
        "kind": EventKind.FESTIVAL,
        "title": "幸福里社区中秋游园会",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "venue": "幸福里社区中心广场",
        "expected_participants": 200,
        "description": "猜灯谜、民乐表演、邻里共享月饼。",
        "safety_measures": "设安全员6名，划定疏散通道，配备急救箱。",
    }
    data.update(overrides)
    return data


@pytest.fixture
def users(personas, world, tree):
    """The personas, plus the account of another organization of the same community."""
    org_filed = make_user(
        "org_filed", Role.ORGANIZATION, tree.community_a, organization=world.orgs["a_filed"]
    )
    return {**personas, "org_filed": org_filed}


@pytest.fixture
def own_report(users, world) -> EventReport:
    """Reported by org_a for its own organization (幸福里社区, street A)."""
    return services.event_report_submit(
        actor=users["org_a"], organization_id=world.orgs["a_guided"].pk, data=event_data()
    )


@pytest.fixture
def report_b(users, world) -> EventReport:
    return services.event_report_submit(
        actor=users["street_b"], organization_id=world.orgs["b_filed"].pk, data=event_data(title="湖畔篮球赛")
    )


def trail(report: EventReport) -> list[Event]:
    return list(Event.objects.unrestricted().of(report))


def error_codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


def reload(report: EventReport) -> EventReport:
    return EventReport.objects.unrestricted().get(pk=report.pk)


def past(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client
