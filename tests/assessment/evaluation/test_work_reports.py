"""Work reports (工作报告): who reports for whom, what is refused, the community's answer, what is missing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.evaluation import selectors
from assessment.evaluation.choices import WorkReportState
from assessment.evaluation.periods import ReportPeriod, period_containing
from assessment.models import WorkReport, WorkReportActivity
from core.errors import InvalidTransition
from core.models import Event
from registry import services as registry
from registry.choices import OrganizationStatus
from registry.models import Organization
from tests.assessment.evaluation.conftest import TODAY, last_period, report_data, submit
from tests.filing.conftest import pdf


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# -- who reports ------------------------------------------------------------------------------------


def test_an_organization_reports_for_itself(personas, orgs):
    report = submit(personas["org_a"], orgs["a_guided"])

    assert report.state == WorkReportState.SUBMITTED
    assert report.period_label == last_period().label
    activities = WorkReportActivity.objects.unrestricted().filter(report=report)
    assert [(a.title, a.participants) for a in activities] == [("重阳节敬老茶话会", 45)]
    (event,) = Event.objects.unrestricted().of(report)
    assert (event.action, event.organization_id, event.region_code) == (
        "work_report.submitted",
        orgs["a_guided"].pk,
        orgs["a_guided"].community_id,
    )


def test_the_community_reports_on_behalf_of_an_organization_of_its_own(personas, orgs):
    report = submit(personas["community_a"], orgs["a_registered"])

    assert report.submitted_by == personas["community_a"]


@pytest.mark.parametrize("persona", ["street_a", "bureau_district", "operator"])
def test_other_staff_do_not_report(personas, orgs, persona):
    with pytest.raises(PermissionDenied):
        submit(personas[persona], orgs["a_filed"])


@pytest.mark.parametrize(
    ("persona", "org"), [("org_a", "a_filed"), ("community_a", "va_filed"), ("community_a", "b_filed")]
)
def test_an_organization_outside_the_reporters_scope_does_not_exist(personas, orgs, persona, org):
    with pytest.raises(Organization.DoesNotExist):
        submit(personas[persona], orgs[org])


# -- what is refused ------------------------------------------------------------------------------------


def test_a_report_for_a_future_period_is_refused_on_the_period(personas, orgs):
    future = period_containing("half", TODAY + datetime.timedelta(days=200))

    with pytest.raises(ValidationError) as caught:
        submit(
            personas["org_a"],
            orgs["a_guided"],
            period_kind=future.kind,
            year=future.year,
            period_index=future.index,
        )

    assert codes(caught.value) == {"period": ["future_period"]}
    assert caught.value.error_dict["period"][0].message % caught.value.error_dict["period"][0].params == (
        f"{future.label}尚未开始，不能报送该期工作报告"
    )
    assert not WorkReport.objects.unrestricted().exists()


def test_the_current_period_may_be_reported(personas, orgs):
    current = period_containing("half", TODAY)

    report = submit(
        personas["org_a"],
        orgs["a_guided"],
        period_kind=current.kind,
        year=current.year,
        period_index=current.index,
        activities=[{"title": "读书会", "held_on": TODAY, "participants": 12}],
    )

    assert report.period_end == current.end


def test_a_period_is_reported_once(personas, orgs):
    submit(personas["org_a"], orgs["a_guided"])

    with pytest.raises(ValidationError) as caught:
        submit(personas["community_a"], orgs["a_guided"])

    assert codes(caught.value) == {"period": ["duplicate_report"]}


def test_every_faulty_field_is_named_at_once_and_nothing_is_saved(personas, orgs):
    period = last_period()
    outside = period.start - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        submit(
            personas["org_a"],
            orgs["a_guided"],
            narrative=" ",
            volunteer_hours="-3",
            funds_used="12.345",
            activities=[
                {"title": "茶话会", "held_on": outside, "participants": 10},
                {"title": "", "held_on": period.start, "participants": 10},
                {"title": "义诊", "held_on": period.start, "participants": -1},
            ],
        )

    assert codes(caught.value) == {
        "narrative": ["required"],
        "volunteer_hours": ["negative"],
        "funds_used": ["invalid"],
        "activities": ["invalid", "invalid", "invalid"],
    }
    assert caught.value.message_dict["activities"] == [
        f"第1项活动的日期不在{period.label}之内",
        "第2项活动须填写名称（不超过100个字）",
        "第3项活动的参加人数应为不小于0的整数",
    ]
    assert not WorkReport.objects.unrestricted().exists()


def test_an_organization_no_longer_on_the_register_does_not_report(personas, orgs):
    registry.organization_end(
        actor=personas["street_a"],
        organization_id=orgs["a_filed"].pk,
        status=OrganizationStatus.REVOKED,
        reason="违规",
    )

    with pytest.raises(ValidationError) as caught:
        submit(personas["community_a"], orgs["a_filed"])

    assert codes(caught.value) == {"organization": ["organization_inactive"]}


def test_an_attachment_must_be_a_document(personas, orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as caught:
        services.work_report_submit(
            actor=personas["org_a"],
            organization_id=orgs["a_guided"].pk,
            data=report_data(),
            attachment=SimpleUploadedFile(
                "报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
            ),
        )

    assert codes(caught.value) == {"attachment": ["file_type"]}


def test_a_report_keeps_its_attachments(personas, orgs):
    report = services.work_report_submit(
        actor=personas["org_a"],
        organization_id=orgs["a_guided"].pk,
        data=report_data(),
        attachment=pdf("活动照片.pdf"),
    )
    services.work_report_attach(
        actor=personas["community_a"], report_id=report.pk, attachment=pdf("签到表.pdf")
    )

    assert (
        sorted(report.attachments.unrestricted().values_list("name", flat=True))
        if False
        else sorted(a.name for a in report.attachments.model.objects.unrestricted().filter(report=report))
        == ["活动照片.pdf", "签到表.pdf"]
    )


# -- the community's answer ----------------------------------------------------------------------------


def test_the_community_acknowledges_a_report(personas, orgs):
    report = submit(personas["org_a"], orgs["a_guided"])

    report = services.work_report_acknowledge(
        actor=personas["community_a"], report_id=report.pk, response="内容详实"
    )

    assert (report.state, report.response, report.responded_by) == (
        WorkReportState.ACKNOWLEDGED,
        "内容详实",
        personas["community_a"],
    )


def test_a_return_needs_comments_and_the_organization_resubmits(personas, orgs):
    report = submit(personas["org_a"], orgs["a_guided"])
    with pytest.raises(ValidationError) as caught:
        services.work_report_return(actor=personas["community_a"], report_id=report.pk, response=" ")
    assert codes(caught.value) == {"response": ["comment_required"]}

    services.work_report_return(
        actor=personas["community_a"], report_id=report.pk, response="请补充资金使用情况"
    )
    data = report_data(narrative="补充：资金用于购买活动物资。", activities=[])
    report = services.work_report_resubmit(actor=personas["org_a"], report_id=report.pk, data=data)

    assert report.state == WorkReportState.SUBMITTED
    assert report.narrative == "补充：资金用于购买活动物资。"
    assert not WorkReportActivity.objects.unrestricted().filter(report=report).exists()
    steps = [e.action for e in Event.objects.unrestricted().of(report)]
    assert steps == ["work_report.submitted", "work_report.return", "work_report.resubmit"]


@pytest.mark.parametrize("persona", ["org_a", "street_a", "bureau_district"])
def test_only_the_community_answers(personas, orgs, persona):
    report = submit(personas["org_a"], orgs["a_guided"])

    with pytest.raises(PermissionDenied):
        services.work_report_acknowledge(actor=personas[persona], report_id=report.pk)


def test_another_community_does_not_see_the_report(personas, orgs, tree):
    from tests.conftest import make_user

    report = submit(personas["org_a"], orgs["a_guided"])
    other = make_user("community_b", "community", tree.community_b)

    with pytest.raises(WorkReport.DoesNotExist):
        services.work_report_acknowledge(actor=other, report_id=report.pk)


def test_an_acknowledged_report_is_not_returned(personas, orgs):
    report = submit(personas["org_a"], orgs["a_guided"])
    services.work_report_acknowledge(actor=personas["community_a"], report_id=report.pk)

    with pytest.raises(InvalidTransition):
        services.work_report_return(actor=personas["community_a"], report_id=report.pk, response="再改改")


# -- what is missing -----------------------------------------------------------------------------------


def test_the_missing_reports_of_a_period_are_the_active_organizations_without_one(personas, orgs):
    submit(personas["org_a"], orgs["a_guided"])
    submit(personas["community_a"], orgs["a_registered"])
    period = last_period()

    missing = {o.name for o in selectors.unreported_organizations(personas["community_a"], period)}
    status = selectors.reporting_status(personas["street_a"], period)

    assert missing == {orgs["a_filed"].name}
    assert (status.organizations, status.reported, status.missing) == (4, 2, 2)  # street A: + 桃源村's


def test_the_expected_period_is_the_last_one_ended():
    assert selectors.expected_period(datetime.date(2026, 7, 1)) == ReportPeriod("half", 2026, 1)
    assert selectors.expected_period(datetime.date(2026, 3, 15)) == ReportPeriod("half", 2025, 2)
    assert not selectors.is_overdue(ReportPeriod("half", 2026, 1), datetime.date(2026, 7, 30))
    assert selectors.is_overdue(ReportPeriod("half", 2026, 1), datetime.date(2026, 7, 31))
