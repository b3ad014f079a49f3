"""The workbench's to-do list: what waits for each role to act, with its deadline, linked to where it
is done; nothing across a boundary; the page's query count pinned per role and flat in the cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filing import services
from filing.choices import Opinion
from registry.choices import Role
from tests.conftest import make_user
from tests.filing.conftest import complete_draft, file
from tests.filing.event_reports.conftest import event_data

# Per role: session, user, region, the to-do providers that act for the role, the figures, the panels.
PINNED = {"bureau_city": 10, "street_a": 16, "community_a": 12, "operator": 10, "org_a": 9, "applicant": 4}


@pytest.fixture
def people(personas):
    return {**personas, "applicant": make_user("applicant", Role.APPLICANT)}


def applied(people, tree, n: int = 1):
    application = complete_draft(people["applicant"], tree.community_a, f"幸福里社区第{n}志愿服务队")
    return services.application_submit(
        actor=people["applicant"], application_id=application.pk, commitment_accepted=True
    )


def todos(client, user) -> dict[str, object]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {todo.label: todo for todo in response.context["todos"]}


def test_the_applicant_sees_its_returned_application_and_no_empty_figures(client, people, tree):
    application = applied(people, tree)
    services.application_return(
        actor=people["community_a"], application_id=application.pk, reason="缺少签字页"
    )
    client.force_login(people["applicant"])
    page = client.get(reverse("home"))
    (todo,) = page.context["todos"]
    assert (todo.label, todo.count, todo.url) == (
        "备案申请被退回，待补正后重新提交",
        1,
        f"/filing/applications/{application.pk}/",
    )
    html = page.content.decode()
    assert "备案申请被退回，待补正后重新提交" in html and "在册组织" not in html


def test_the_community_sees_opinions_due_and_the_streets_decisions_after(client, people, tree):
    first, second = applied(people, tree, 1), applied(people, tree, 2)
    community = todos(client, people["community_a"])["备案申请待出具社区初审意见"]
    assert community.count == 2 and community.due == first.opinion_due
    assert community.url == reverse("filing-workbench")
    assert "备案申请待出具社区初审意见" not in todos(client, people["street_a"])  # the community's step

    services.application_give_opinion(
        actor=people["community_a"], application_id=second.pk, opinion=Opinion.AGREE, note="同意"
    )
    street = todos(client, people["street_a"])["备案申请待街道审核办结"]
    second.refresh_from_db()
    assert (street.count, street.due, street.url) == (
        1,
        second.decision_due,
        f"/filing/applications/{second.pk}/",
    )
    assert todos(client, people["street_b"]) == {}
    assert todos(client, people["bureau_district"]) == {}


def test_the_street_sees_complaints_reports_and_flags_of_its_own_street(client, people, world):
    file(world.orgs["a_filed"])
    file(world.orgs["b_filed"])
    services.event_report_submit(
        actor=people["org_a"], organization_id=world.orgs["a_guided"].pk, data=event_data()
    )
    services.dormancy_flag_unreachable(
        actor=people["street_a"], organization_id=world.orgs["a_filed"].pk, note="电话无人接听"
    )
    street = todos(client, people["street_a"])
    assert {label: todo.count for label, todo in street.items()} == {
        "投诉举报待受理": 1,
        "重大活动报告待回复": 1,
        "僵尸型组织标记待复核": 1,
    }
    assert street["投诉举报待受理"].url == "/filing/complaints/?state=received"
    assert {label: todo.count for label, todo in todos(client, people["street_b"]).items()} == {
        "投诉举报待受理": 1
    }


def test_the_organization_sees_what_the_street_asked_it_to_complete(client, people, world):
    report = services.event_report_submit(
        actor=people["org_a"], organization_id=world.orgs["a_guided"].pk, data=event_data()
    )
    services.event_report_request_more_info(
        actor=people["street_a"], report_id=report.pk, response="请补充安保名单"
    )
    (todo,) = todos(client, people["org_a"]).values()
    assert (todo.label, todo.count) == ("重大活动报告待补充说明", 1)


def test_nothing_to_do_says_so(client, people, world):
    client.force_login(people["community_a"])
    assert "暂无需要您办理的事项" in client.get(reverse("home")).content.decode()


def home_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # the session's first read of per-process caches is not the page's
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", PINNED)
def test_the_home_page_query_count_is_pinned_per_role_and_flat(client, people, world, tree, persona):
    applied(people, tree, 1)
    file(world.orgs["a_filed"])
    few = home_queries(client, people[persona])
    for n in range(2, 6):
        application = applied(people, tree, n)
        services.application_return(
            actor=people["community_a"], application_id=application.pk, reason="缺少签字页"
        )
        file(world.orgs["a_filed"])
        services.event_report_submit(
            actor=people["org_a"],
            organization_id=world.orgs["a_guided"].pk,
            data=event_data(title=f"第{n}场活动"),
        )
    many = home_queries(client, people[persona])
    assert few == many == PINNED[persona]
