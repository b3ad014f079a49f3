"""Major-event reports (重大活动报告): reported before the event, every step allowed and refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from filing import services
from filing.choices import EventReportState
from filing.models import EventReport
from filing.services.event_reports import EVENT_REPORT
from registry.choices import OrganizationStatus
from registry.models import Organization
from tests.filing.event_reports.conftest import error_codes, event_data, past, reload, trail

# -- reporting -----------------------------------------------------------------------------------


def test_an_organization_reports_its_own_event(users, world, tree, own_report):
    assert own_report.state == EventReportState.SUBMITTED
    assert own_report.organization == world.orgs["a_guided"]
    assert own_report.submitted_by == users["org_a"]
    (event,) = trail(own_report)
    assert event.action == "event_report.submitted" and event.actor == users["org_a"]
    assert (event.from_state, event.to_state) == ("", EventReportState.SUBMITTED)
    assert event.region_code == tree.community_a.code and event.organization_id == world.orgs["a_guided"].pk
    assert event.subject_label == "重大活动报告：幸福里社区中秋游园会"


def test_the_street_reports_on_an_organizations_behalf(users, world):
    report = services.event_report_submit(
        actor=users["street_a"], organization_id=world.orgs["va_filed"].pk, data=event_data()
    )
    assert report.organization == world.orgs["va_filed"] and report.submitted_by == users["street_a"]


@pytest.mark.parametrize(
    ("persona", "org"),
    [("org_a", "a_filed"), ("org_filed", "a_guided"), ("street_b", "a_filed"), ("street_a", "b_filed")],
)
def test_nobody_reports_for_an_organization_outside_their_scope(users, world, persona, org):
    with pytest.raises(Organization.DoesNotExist):
        services.event_report_submit(
            actor=users[persona], organization_id=world.orgs[org].pk, data=event_data()
        )


@pytest.mark.parametrize("persona", ["community_a", "bureau_district", "operator"])
def test_other_roles_do_not_report(users, world, persona):
    with pytest.raises(PermissionDenied):
        services.event_report_submit(
            actor=users[persona], organization_id=world.orgs["a_filed"].pk, data=event_data()
        )


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"starts_at": past(days=1), "ends_at": past(hours=20)}, "starts_at", "starts_in_past"),
        ({"starts_at": past(minutes=1)}, "starts_at", "starts_in_past"),
        ({"ends_at": timezone.now() + datetime.timedelta(days=4)}, "ends_at", "ends_before_start"),
        ({"expected_participants": 0}, "expected_participants", "participants_min"),
        ({"expected_participants": -5}, "expected_participants", "participants_min"),
        ({"expected_participants": "很多"}, "expected_participants", "invalid"),
        ({"title": "   "}, "title", "required"),
        ({"safety_measures": ""}, "safety_measures", "required"),
        ({"kind": "party"}, "kind", "invalid_choice"),
        ({"starts_at": "明天上午"}, "starts_at", "invalid"),
        ({"venue": "场" * 201}, "venue", "too_long"),
    ],
)
def test_it_refuses_bad_input(users, world, overrides, field, code):
    with pytest.raises(ValidationError) as refused:
        services.event_report_submit(
            actor=users["org_a"], organization_id=world.orgs["a_guided"].pk, data=event_data(**overrides)
        )
    assert code in error_codes(refused.value)[field]
    assert not EventReport.objects.unrestricted().exists()


def test_an_organization_off_the_register_does_not_report(users, world):
    organization = world.orgs["va_filed"]
    Organization.objects.unrestricted().filter(pk=organization.pk).update(status=OrganizationStatus.REVOKED)
    with pytest.raises(ValidationError) as refused:
        services.event_report_submit(
            actor=users["street_a"], organization_id=organization.pk, data=event_data()
        )
    assert "organization_inactive" in error_codes(refused.value)["organization"]


# -- the workflow --------------------------------------------------------------------------------


def test_the_street_acknowledges(users, own_report):
    report = services.event_report_acknowledge(
        actor=users["street_a"], report_id=own_report.pk, response="请注意控制音量", ip="10.1.1.1"
    )
    assert report.state == EventReportState.ACKNOWLEDGED
    report = reload(report)
    assert report.response == "请注意控制音量" and report.responded_by == users["street_a"]
    assert report.responded_at is not None
    event = trail(report)[-1]
    assert event.action == "event_report.acknowledge" and event.actor == users["street_a"]
    assert (event.from_state, event.to_state) == (EventReportState.SUBMITTED, EventReportState.ACKNOWLEDGED)
    assert event.reason == "请注意控制音量" and event.ip_address == "10.1.1.1"


def test_acknowledging_needs_no_reply(users, own_report):
    report = services.event_report_acknowledge(actor=users["street_a"], report_id=own_report.pk)
    assert report.state == EventReportState.ACKNOWLEDGED and reload(report).response == ""


def test_the_street_asks_for_more_and_the_organization_resubmits(users, own_report):
    services.event_report_request_more_info(
        actor=users["street_a"], report_id=own_report.pk, response="请补充应急疏散方案"
    )
    assert reload(own_report).state == EventReportState.MORE_INFO
    event = trail(own_report)[-1]
    assert event.action == "event_report.more_info" and event.reason == "请补充应急疏散方案"
    assert (event.from_state, event.to_state) == (EventReportState.SUBMITTED, EventReportState.MORE_INFO)
    data = event_data(
        safety_measures="设安全员10名；应急疏散路线见附图；联系社区卫生站待命。", expected_participants=150
    )
    report = services.event_report_resubmit(actor=users["org_a"], report_id=own_report.pk, data=data)
    assert report.state == EventReportState.SUBMITTED
    report = reload(report)
    assert report.safety_measures.startswith("设安全员10名") and report.expected_participants == 150
    event = trail(report)[-1]
    assert event.action == "event_report.resubmit" and event.actor == users["org_a"]
    assert (event.from_state, event.to_state) == (EventReportState.MORE_INFO, EventReportState.SUBMITTED)
    assert len(trail(report)) == 3


def test_the_street_may_resubmit_on_the_organizations_behalf(users, world):
    report = services.event_report_submit(
        actor=users["street_a"], organization_id=world.orgs["va_filed"].pk, data=event_data()
    )
    services.event_report_request_more_info(actor=users["street_a"], report_id=report.pk, response="补充")
    report = services.event_report_resubmit(actor=users["street_a"], report_id=report.pk, data=event_data())
    assert report.state == EventReportState.SUBMITTED


@pytest.mark.parametrize("response", ["", "  "])
def test_asking_for_more_needs_a_reply(users, own_report, response):
    with pytest.raises(ValidationError) as refused:
        services.event_report_request_more_info(
            actor=users["street_a"], report_id=own_report.pk, response=response
        )
    assert "response_required" in error_codes(refused.value)["response"]
    assert reload(own_report).state == EventReportState.SUBMITTED and len(trail(own_report)) == 1


def test_a_resubmission_is_still_checked_before_the_event(users, own_report):
    services.event_report_request_more_info(actor=users["street_a"], report_id=own_report.pk, response="补充")
    with pytest.raises(ValidationError) as refused:
        services.event_report_resubmit(
            actor=users["org_a"], report_id=own_report.pk, data=event_data(starts_at=past(hours=1))
        )
    assert "starts_in_past" in error_codes(refused.value)["starts_at"]
    assert reload(own_report).state == EventReportState.MORE_INFO


@pytest.mark.parametrize(
    ("history", "action", "actor"),
    [
        (["acknowledge"], "acknowledge", "street_a"),
        (["acknowledge"], "more_info", "street_a"),
        (["more_info"], "more_info", "street_a"),
        (["more_info"], "acknowledge", "street_a"),
        ([], "resubmit", "org_a"),
        (["acknowledge"], "resubmit", "org_a"),
    ],
)
def test_it_refuses_a_step_from_the_wrong_state(users, own_report, history, action, actor):
    for step in history:
        EVENT_REPORT.move(actor=users["street_a"], pk=own_report.pk, action=step, reason="意见")
    before = reload(own_report).state
    with pytest.raises(ValidationError) as refused:
        EVENT_REPORT.move(
            actor=users[actor], pk=own_report.pk, action=action, reason="意见", data=event_data()
        )
    assert refused.value.code == "invalid_transition"
    assert reload(own_report).state == before and len(trail(own_report)) == 1 + len(history)


@pytest.mark.parametrize("action", ["acknowledge", "more_info"])
@pytest.mark.parametrize("persona", ["org_a", "community_a", "bureau_district", "operator"])
def test_only_the_street_replies(users, own_report, persona, action):
    with pytest.raises(PermissionDenied):
        EVENT_REPORT.move(actor=users[persona], pk=own_report.pk, action=action, reason="意见")
    assert reload(own_report).state == EventReportState.SUBMITTED


@pytest.mark.parametrize("persona", ["community_a", "bureau_district"])
def test_only_the_organization_or_its_street_resubmits(users, own_report, persona):
    services.event_report_request_more_info(actor=users["street_a"], report_id=own_report.pk, response="补充")
    with pytest.raises(PermissionDenied):
        services.event_report_resubmit(actor=users[persona], report_id=own_report.pk, data=event_data())


@pytest.mark.parametrize("persona", ["street_b", "org_filed", "bureau_district_b"])
def test_a_report_outside_the_actors_scope_does_not_exist(users, own_report, persona):
    for action in ("acknowledge", "more_info", "resubmit"):
        with pytest.raises(EventReport.DoesNotExist):
            EVENT_REPORT.move(
                actor=users[persona],
                pk=own_report.pk,
                action=action,
                reason="意见",
                data=event_data(),
            )


@pytest.mark.parametrize(
    ("participants", "code"), [(10**20, "participants_max"), (100_001, "participants_max")]
)
def test_an_absurd_headcount_is_refused_on_its_field(users, world, participants, code):
    with pytest.raises(ValidationError) as refused:
        services.event_report_submit(
            actor=users["org_a"],
            organization_id=world.orgs["a_guided"].pk,
            data=event_data(expected_participants=participants),
        )
    assert {e.code for e in refused.value.error_dict["expected_participants"]} == {code}
