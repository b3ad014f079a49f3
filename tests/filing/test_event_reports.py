"""Major-event reports (重大活动报告): reported before the event, every step allowed and refused, the
pages and the API inside each user's scope (an organization's account sees its own reports only)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from filing import services
from filing.choices import EventKind, EventReportState
from filing.models import EventReport
from filing.services.event_reports import event_report_transition
from registry.choices import OrganizationStatus, Role
from registry.models import AuditEvent, Organization
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


def trail(report: EventReport) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.unrestricted()
        .filter(details__event_report=report.pk)
        .order_by("occurred_at", "id")
    )


def error_codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


def reload(report: EventReport) -> EventReport:
    return EventReport.objects.unrestricted().get(pk=report.pk)


# -- reporting -----------------------------------------------------------------------------------


def test_an_organization_reports_its_own_event(users, world, tree, own_report):
    assert own_report.state == EventReportState.SUBMITTED
    assert own_report.organization == world.orgs["a_guided"]
    assert own_report.submitted_by == users["org_a"]
    (event,) = trail(own_report)
    assert event.action == "event_report.submitted" and event.actor == users["org_a"]
    assert (event.from_state, event.to_state) == ("", EventReportState.SUBMITTED)
    assert event.region_id == tree.community_a.code and event.organization == world.orgs["a_guided"]
    assert event.subject == "重大活动报告：幸福里社区中秋游园会"


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


def past(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


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
    assert event.action == "event_report.acknowledged" and event.actor == users["street_a"]
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
    assert event.action == "event_report.submitted" and event.actor == users["org_a"]
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
        event_report_transition(
            actor=users["street_a"], report_id=own_report.pk, action=step, response="意见"
        )
    before = reload(own_report).state
    with pytest.raises(ValidationError) as refused:
        event_report_transition(
            actor=users[actor], report_id=own_report.pk, action=action, response="意见", data=event_data()
        )
    assert refused.value.code == "invalid_transition"
    assert reload(own_report).state == before and len(trail(own_report)) == 1 + len(history)


@pytest.mark.parametrize("action", ["acknowledge", "more_info"])
@pytest.mark.parametrize("persona", ["org_a", "community_a", "bureau_district", "operator"])
def test_only_the_street_replies(users, own_report, persona, action):
    with pytest.raises(PermissionDenied):
        event_report_transition(actor=users[persona], report_id=own_report.pk, action=action, response="意见")
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
            event_report_transition(
                actor=users[persona],
                report_id=own_report.pk,
                action=action,
                response="意见",
                data=event_data(),
            )


# -- pages ---------------------------------------------------------------------------------------


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


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


# -- the API -------------------------------------------------------------------------------------


@pytest.fixture
def api(users):
    def as_persona(name):
        client = APIClient()
        client.force_authenticate(users[name])
        return client

    return as_persona


def api_data(**overrides) -> dict:
    data = event_data(**overrides)
    for name in ("starts_at", "ends_at"):
        if isinstance(data[name], datetime.datetime):
            data[name] = data[name].isoformat()
    return data


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("org_a", {"own"}),
        ("org_filed", set()),
        ("street_a", {"own"}),
        ("street_b", {"b"}),
        ("community_a", {"own"}),
        ("bureau_district", {"own", "b"}),
        ("bureau_district_b", set()),
    ],
)
def test_the_api_lists_reports_in_scope(api, own_report, report_b, persona, visible):
    ids = {"own": own_report.pk, "b": report_b.pk}
    response = api(persona).get(API)
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {ids[key] for key in visible}


def test_the_api_hides_a_report_outside_scope(api, own_report):
    assert api("street_b").get(f"{API}{own_report.pk}/").status_code == 404
    assert api("org_filed").post(f"{API}{own_report.pk}/acknowledge/").status_code == 404


def test_an_organization_reports_through_the_api(api, world):
    response = api("org_a").post(API, api_data(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["organization"] == {"id": world.orgs["a_guided"].pk, "name": world.orgs["a_guided"].name}
    assert body["state"] == "submitted" and body["allowed_actions"] == []


def test_the_api_refuses_a_past_event_with_a_field_code(api):
    response = api("org_a").post(API, api_data(starts_at=past(days=2), ends_at=past(days=1)), format="json")
    assert response.status_code == 400
    assert ("starts_at", "starts_in_past") in {(e["field"], e["code"]) for e in response.json()["errors"]}


def test_the_api_lets_the_street_report_for_its_organizations_only(api, world):
    street = api("street_a")
    response = street.post(API, {**api_data(), "organization": world.orgs["va_filed"].pk}, format="json")
    assert response.status_code == 201
    response = street.post(API, {**api_data(), "organization": world.orgs["b_filed"].pk}, format="json")
    assert response.status_code == 404
    response = street.post(API, api_data(), format="json")
    assert response.status_code == 400
    assert ("organization", "required") in {(e["field"], e["code"]) for e in response.json()["errors"]}


@pytest.mark.parametrize("persona", ["community_a", "bureau_district"])
def test_the_api_refuses_reports_from_other_roles(api, world, persona):
    response = api(persona).post(API, {**api_data(), "organization": world.orgs["a_filed"].pk}, format="json")
    assert response.status_code == 403


def test_the_api_moves_a_report_and_answers_each_refusal(api, own_report):
    url = f"{API}{own_report.pk}"
    assert api("org_a").post(f"{url}/acknowledge/", format="json").status_code == 403
    response = api("street_a").post(f"{url}/more_info/", {"response": ""}, format="json")
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("response", "response_required")}
    response = api("street_a").post(f"{url}/more_info/", {"response": "请补充安保方案"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "more_info"
    assert api("org_a").get(f"{url}/").json()["allowed_actions"] == ["resubmit"]
    assert api("street_a").post(f"{url}/acknowledge/", format="json").status_code == 409
    response = api("org_a").post(f"{url}/resubmit/", api_data(expected_participants=80), format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted" and response.json()["expected_participants"] == 80
    response = api("street_a").post(f"{url}/acknowledge/", {"response": "已知悉"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "acknowledged"
    assert response.json()["response"] == "已知悉"


def test_the_api_offers_no_way_to_edit_or_delete(api, own_report):
    client = api("org_a")
    assert client.patch(f"{API}{own_report.pk}/", {"title": "改"}, format="json").status_code == 405
    assert client.delete(f"{API}{own_report.pk}/").status_code == 405


def test_the_list_page_and_api_cost_the_same_for_many_reports(
    client, api, users, world, django_assert_max_num_queries
):
    for key in ("a_filed", "a_guided", "va_filed", "a_registered") * 3:
        report = services.event_report_submit(
            actor=users["street_a"], organization_id=world.orgs[key].pk, data=event_data()
        )
        services.event_report_acknowledge(actor=users["street_a"], report_id=report.pk, response="已知悉")
    login(client, users["street_a"])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("event-report-list")).status_code == 200
    street = api("street_a")
    with django_assert_max_num_queries(1):
        assert len(street.get(API).json()["results"]) == 12
