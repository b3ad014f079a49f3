"""Who filing tells about what: each office when a case reaches it, the applicant and the organization
when it is decided; nobody across a boundary, nobody before the commit, and never the actor."""

import pytest
from django.urls import reverse
from django.utils import timezone

from filing import services
from filing.choices import ApplicationKind, Opinion
from registry.choices import Role
from registry.models import Notification
from tests.conftest import make_user
from tests.filing.conftest import attach_required, complete_draft, file
from tests.filing.event_reports.conftest import event_data
from tests.filing.test_dormancy_and_directory import make_stale
from tests.notices_support import clear, inbox


@pytest.fixture
def people(personas, tree, world):
    """The personas, a second clerk of street A, the village committee of the same street, an
    applicant, and another organization account of street A."""
    return {
        **personas,
        "street_a2": make_user("street_a2", Role.STREET, tree.street_a),
        "village_a": make_user("village_a", Role.COMMUNITY, tree.village_a),
        "community_b": make_user("community_b", Role.COMMUNITY, tree.community_b),
        "applicant": make_user("applicant", Role.APPLICANT),
        "org_filed": make_user(
            "org_filed", Role.ORGANIZATION, tree.community_a, organization=world.orgs["a_filed"]
        ),
    }


@pytest.fixture
def applied(people, tree):
    """An applicant's complete new-filing draft in 幸福里社区 (street A)."""
    return complete_draft(people["applicant"], tree.community_a)


def submit(people, application, capture):
    with capture(execute=True):
        return services.application_submit(
            actor=people["applicant"], application_id=application.pk, commitment_accepted=True
        )


def test_a_submitted_application_goes_to_its_community_committee_only(
    people, applied, django_capture_on_commit_callbacks
):
    submit(people, applied, django_capture_on_commit_callbacks)
    held = inbox(people)
    assert set(held) == {"community_a"}
    (message,) = held["community_a"]
    assert message.title == "【待初审】新设备案「幸福里社区银龄志愿服务队」"
    assert message.url == f"/filing/applications/{applied.pk}/"
    assert applied.proposal["leader_phone"] not in message.body and "刘桂兰" not in message.body


def test_nothing_is_sent_before_the_step_commits(people, applied):
    services.application_submit(
        actor=people["applicant"], application_id=applied.pk, commitment_accepted=True
    )
    assert not Notification.objects.unrestricted().exists()


def test_the_communitys_opinion_goes_to_every_clerk_of_its_street(
    people, applied, django_capture_on_commit_callbacks
):
    submit(people, applied, django_capture_on_commit_callbacks)
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_give_opinion(
            actor=people["community_a"], application_id=applied.pk, opinion=Opinion.AGREE, note="同意"
        )
    held = inbox(people)
    assert set(held) == {"street_a", "street_a2"}  # not street B, not the bureau, not the village
    assert held["street_a"][0].title.startswith("【待审核】")


@pytest.mark.parametrize(
    ("step", "title"),
    [("return", "【退回补正】"), ("reject", "【不予备案】"), ("approve", "【已准予备案】")],
)
def test_a_decision_goes_to_the_applicant_and_not_the_deciding_clerk(
    people, applied, django_capture_on_commit_callbacks, step, title
):
    submit(people, applied, django_capture_on_commit_callbacks)
    services.application_give_opinion(
        actor=people["community_a"], application_id=applied.pk, opinion=Opinion.AGREE, note="同意"
    )
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        if step == "approve":
            services.application_approve(actor=people["street_a"], application_id=applied.pk)
        elif step == "return":
            services.application_return(
                actor=people["street_a"], application_id=applied.pk, reason="章程缺少签字页"
            )
        else:
            services.application_reject(
                actor=people["street_a"], application_id=applied.pk, reason="属营利性组织"
            )
    held = inbox(people)
    assert set(held) == {"applicant"}
    assert held["applicant"][0].title.startswith(title)
    if step == "return":
        assert "章程缺少签字页" in held["applicant"][0].body


def test_an_approval_leads_the_applicant_to_the_certificate_it_announces(
    client, people, applied, django_capture_on_commit_callbacks
):
    submit(people, applied, django_capture_on_commit_callbacks)
    services.application_give_opinion(
        actor=people["community_a"], application_id=applied.pk, opinion=Opinion.AGREE, note="同意"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=people["street_a"], application_id=applied.pk)
    (message,) = inbox(people)["applicant"]
    assert "备案证书" in message.body
    applicant = people["applicant"]
    applicant.refresh_from_db()  # the applicant's account is now the organization's
    client.force_login(applicant)
    page = client.get(message.url)
    assert page.status_code == 200
    certificate = page.context["object"].certificate
    assert reverse("certificate-download", args=[certificate.pk]) in page.content.decode()


def test_a_decision_on_an_organizations_change_reaches_its_accounts(
    people, world, django_capture_on_commit_callbacks
):
    application = services.application_create(
        actor=people["org_filed"],
        kind=ApplicationKind.CHANGE,
        organization=world.orgs["a_filed"],
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal={"member_count": 30},
        fact_date=timezone.localdate(),
    )
    attach_required(people["org_filed"], application)
    services.application_submit(
        actor=people["org_filed"], application_id=application.pk, commitment_accepted=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_return(
            actor=people["community_a"], application_id=application.pk, reason="请补充会议纪要"
        )
    assert set(inbox(people)) == {"org_filed"}


def test_a_complaint_goes_to_the_street_of_the_organization(
    people, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(world.orgs["a_filed"], complainant_name="王五", complainant_phone="13900001111")
    held = inbox(people)
    assert set(held) == {"street_a", "street_a2"}
    message = held["street_a"][0]
    assert "幸福里社区邻里互助站" in message.title and message.url == f"/filing/complaints/{complaint.pk}/"
    assert "13900001111" not in message.body + message.title and "王五" not in message.body


def test_an_event_report_goes_to_the_street_and_its_answer_to_the_organization(
    people, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.event_report_submit(
            actor=people["org_a"], organization_id=world.orgs["a_guided"].pk, data=event_data()
        )
    assert set(inbox(people)) == {"street_a", "street_a2"}
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_report_request_more_info(
            actor=people["street_a"], report_id=report.pk, response="请补充安保人员名单"
        )
    held = inbox(people)
    assert set(held) == {"org_a"}
    assert "请补充安保人员名单" in held["org_a"][0].body


def test_a_report_outside_street_a_reaches_only_its_own_street(
    people, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_report_submit(
            actor=people["street_a"], organization_id=world.orgs["a_filed"].pk, data=event_data()
        )
        file(world.orgs["b_filed"])
    held = inbox(people)
    assert set(held) == {"street_a2", "street_b"}  # the reporting clerk is not told of their own step


def test_a_dormancy_flag_goes_to_the_other_clerks_of_the_street(
    people, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dormancy_flag_unreachable(
            actor=people["street_a"], organization_id=world.orgs["a_filed"].pk, note="电话三次无人接听"
        )
    held = inbox(people)
    assert set(held) == {"street_a2"}
    assert held["street_a2"][0].title == "【僵尸型组织待复核】幸福里社区邻里互助站"
    assert held["street_a2"][0].url == "/filing/dormancy/"


def test_the_nightly_scan_tells_each_street_once_however_many_it_flagged(
    people, world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    orgs = world.orgs
    make_stale(orgs["a_filed"], orgs["a_guided"], orgs["va_filed"], orgs["b_filed"], orgs["c_filed"])
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.dormancy_scan() == 5
    with django_assert_max_num_queries(4):  # the staff of every street at once, then the messages
        for callback in callbacks:
            callback()
    held = inbox(people)
    assert set(held) == {"street_a", "street_a2", "street_b"}
    assert [m.title for m in held["street_a"]] == ["【僵尸型组织待复核】本街道新标记 3 个组织"]
    assert [m.title for m in held["street_b"]] == ["【僵尸型组织待复核】本街道新标记 1 个组织"]
