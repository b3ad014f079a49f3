"""Major-event report pages inside each user's scope (an organization's account sees its own only)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import MESSAGE
from filing import services
from filing.choices import EventReportState
from filing.models import EventReport
from tests.filing.event_reports.conftest import LOCAL_FORMAT, event_data, login, past, reload

# -- pages ---------------------------------------------------------------------------------------


def test_an_organization_account_lists_only_its_own_reports(client, users, world, own_report, report_b):
    other = services.event_report_submit(
        actor=users["street_a"], organization_id=world.orgs["a_filed"].pk, data=event_data(title="互助站义诊")
    )
    page = login(client, users["org_a"]).get(reverse("event-report-list")).content.decode()
    assert own_report.title in page and other.title not in page and report_b.title not in page
    assert client.get(reverse("event-report-detail", args=[other.pk])).status_code == 404


def test_the_street_lists_its_streets_reports_only(client, users, own_report, report_b):
    page = login(client, users["street_b"]).get(reverse("event-report-list")).content.decode()
    assert report_b.title in page and own_report.title not in page
    assert client.get(reverse("event-report-detail", args=[own_report.pk])).status_code == 404


def test_an_organization_reports_through_the_page(client, users, world):
    login(client, users["org_a"])
    page = client.get(reverse("event-report-create")).content.decode()
    assert 'name="organization"' not in page and 'name="starts_at"' in page
    data = event_data()
    form = {**data, "starts_at": timezone.localtime(data["starts_at"]).strftime(LOCAL_FORMAT)}
    form["ends_at"] = timezone.localtime(data["ends_at"]).strftime(LOCAL_FORMAT)
    response = client.post(reverse("event-report-create"), form)
    report = EventReport.objects.unrestricted().get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "event-report-detail", args=[report.pk]
    )
    assert report.organization == world.orgs["a_guided"] and report.submitted_by == users["org_a"]


def test_the_page_refuses_an_event_already_started(client, users):
    login(client, users["org_a"])
    data = event_data()
    form = {**data, "starts_at": timezone.localtime(past(days=1)).strftime(LOCAL_FORMAT)}
    form["ends_at"] = timezone.localtime(data["ends_at"]).strftime(LOCAL_FORMAT)
    response = client.post(reverse("event-report-create"), form)
    assert response.status_code == 200
    assert "须在活动开始前报告" in response.content.decode()
    assert not EventReport.objects.unrestricted().exists()


def test_the_page_refuses_an_event_in_the_year_9999_on_its_field(client, users):
    login(client, users["org_a"])
    form = {**event_data(), "starts_at": "9999-12-31T10:00", "ends_at": "9999-12-31T12:00"}
    response = client.post(reverse("event-report-create"), form)
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [MESSAGE]
    assert not EventReport.objects.unrestricted().exists()


def test_the_street_chooses_an_organization_of_its_street(client, users, world):
    login(client, users["street_a"])
    page = client.get(reverse("event-report-create")).content.decode()
    assert world.orgs["va_filed"].name in page and world.orgs["b_filed"].name not in page
    data = event_data()
    form = {**data, "organization": world.orgs["b_filed"].pk}
    form["starts_at"] = timezone.localtime(data["starts_at"]).strftime(LOCAL_FORMAT)
    form["ends_at"] = timezone.localtime(data["ends_at"]).strftime(LOCAL_FORMAT)
    assert client.post(reverse("event-report-create"), form).status_code == 200
    assert not EventReport.objects.unrestricted().exists()
    form["organization"] = world.orgs["va_filed"].pk
    assert client.post(reverse("event-report-create"), form).status_code == 302
    assert EventReport.objects.unrestricted().get().organization == world.orgs["va_filed"]


@pytest.mark.parametrize("persona", ["community_a", "bureau_district"])
def test_other_roles_get_no_report_form(client, users, persona):
    assert login(client, users[persona]).get(reverse("event-report-create")).status_code == 403


def test_the_street_replies_through_the_buttons(client, users, own_report):
    login(client, users["street_a"])
    page = client.get(reverse("event-report-detail", args=[own_report.pk])).content.decode()
    assert "街道已知悉</button>" in page and "需补充说明</button>" in page
    more = reverse("event-report-action", args=[own_report.pk, "more_info"])
    assert "请填写需补充说明的事项" in client.post(more, {"response": ""}, follow=True).content.decode()
    client.post(more, {"response": "请补充安保人员名单"})
    assert reload(own_report).state == EventReportState.MORE_INFO
    acknowledge = reverse("event-report-action", args=[own_report.pk, "acknowledge"])
    assert "不能办理" in client.post(acknowledge, follow=True).content.decode()


def test_the_buttons_refuse_other_roles_and_streets(client, users, own_report):
    acknowledge = reverse("event-report-action", args=[own_report.pk, "acknowledge"])
    assert login(client, users["org_a"]).post(acknowledge).status_code == 403
    page = client.get(reverse("event-report-detail", args=[own_report.pk])).content.decode()
    assert "街道已知悉</button>" not in page
    client.logout()
    assert login(client, users["street_b"]).post(acknowledge).status_code == 404
    assert client.post(reverse("event-report-action", args=[own_report.pk, "delete"])).status_code == 404
    assert reload(own_report).state == EventReportState.SUBMITTED


def test_the_organization_edits_and_resubmits_when_asked(client, users, own_report):
    services.event_report_request_more_info(
        actor=users["street_a"], report_id=own_report.pk, response="补充方案"
    )
    login(client, users["org_a"])
    page = client.get(reverse("event-report-detail", args=[own_report.pk])).content.decode()
    assert "补充方案" in page and reverse("event-report-resubmit", args=[own_report.pk]) in page
    assert own_report.venue in page  # the form comes filled with the report
    data = event_data(venue="幸福里社区文体活动室")
    form = {**data, "starts_at": timezone.localtime(data["starts_at"]).strftime(LOCAL_FORMAT)}
    form["ends_at"] = timezone.localtime(data["ends_at"]).strftime(LOCAL_FORMAT)
    response = client.post(reverse("event-report-resubmit", args=[own_report.pk]), {**form, "title": ""})
    assert response.status_code == 200 and "请填写活动名称" in response.content.decode()
    response = client.post(reverse("event-report-resubmit", args=[own_report.pk]), form)
    assert response.status_code == 302
    report = reload(own_report)
    assert report.state == EventReportState.SUBMITTED and report.venue == "幸福里社区文体活动室"
    # Nothing more to resubmit now.
    assert client.get(reverse("event-report-resubmit", args=[own_report.pk])).status_code == 403
