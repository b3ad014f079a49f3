"""Deadlines of the filing workflow: each role's to-do list, its flags, the workbench page and the
nightly reminders (the in-app notifications they land in: tests/registry/test_notifications.py).

Today is fixed at Tuesday 2025-09-30, the eve of the National Day holiday (10-01 … 10-08 off,
Saturday 10-11 worked): an opinion due Friday 10-10 is only 2 working days away.
"""

import datetime
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.workdays import add_working_days
from filing.choices import ApplicationKind
from filing.choices import ApplicationState as S
from filing.models import Certificate, FilingApplication
from filing.selectors import (
    Awaiting,
    Flag,
    Part,
    application_url,
    deadline_counts,
    pending_items,
)
from filing.services.reminders import deadline_reminders_send
from filing.tasks import send_deadline_reminders
from registry.choices import Role
from registry.models import Notification
from tests.conftest import make_organization, make_user

D = datetime.date
TODAY = D(2025, 9, 30)
NEXT_WORKING_DAY = D(2025, 10, 9)
OVERDUE = D(2025, 9, 26)  # Friday: 3 working days ago (Sun 9-28 was worked)
DUE_SOON = D(2025, 10, 10)  # 10 calendar days away, 2 working days
ON_TIME = D(2025, 10, 11)  # the make-up Saturday: 3 working days away


def make_application(tree, personas, state, *, community=None, applicant=None, **extra):
    return FilingApplication.objects.create(
        kind=extra.pop("kind", ApplicationKind.NEW),
        community=community or tree.community_a,
        applicant=applicant or personas["street_a"],
        contact_name="张三",
        contact_phone="13800000000",
        state=state,
        **extra,
    )


def returned_on(application, day):
    """The application was returned for correction at ten in the morning of ``day``."""
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    FilingApplication.objects.unrestricted().filter(pk=application.pk).update(returned_at=when)


def by_pk(items):
    return {item.application.pk: item for item in items}


@pytest.fixture
def apps(tree, personas, applicant):
    """Applications of street A (community A and village A) and street B, in every pending state."""
    org_a = personas["org_a"]
    made = {
        "a_overdue": make_application(tree, personas, S.SUBMITTED, opinion_due=OVERDUE),
        "a_due_soon": make_application(tree, personas, S.SUBMITTED, opinion_due=DUE_SOON),
        "a_on_time": make_application(tree, personas, S.SUBMITTED, opinion_due=ON_TIME),
        "va_submitted": make_application(
            tree, personas, S.SUBMITTED, community=tree.village_a, opinion_due=DUE_SOON
        ),
        "a_decision": make_application(
            tree, personas, S.OPINION_GIVEN, opinion_due=OVERDUE, decision_due=D(2025, 9, 29)
        ),
        "a_approved": make_application(tree, personas, S.APPROVED, opinion_due=OVERDUE),
        "a_street_draft": make_application(tree, personas, S.DRAFT),
        "org_draft": make_application(
            tree,
            personas,
            S.DRAFT,
            applicant=org_a,
            kind=ApplicationKind.CHANGE,
            organization=org_a.organization,
            fact_date=D(2025, 9, 24),
        ),
        "org_returned": make_application(tree, personas, S.RETURNED, applicant=org_a),
        "applicant_draft": make_application(tree, personas, S.DRAFT, applicant=applicant),
        "applicant_returned": make_application(tree, personas, S.RETURNED, applicant=applicant),
        "b_submitted": make_application(
            tree,
            personas,
            S.SUBMITTED,
            community=tree.community_b,
            applicant=personas["street_b"],
            opinion_due=OVERDUE,
        ),
        "b_decision": make_application(
            tree,
            personas,
            S.OPINION_GIVEN,
            community=tree.community_b,
            applicant=personas["street_b"],
            decision_due=OVERDUE,
        ),
    }
    returned_on(made["org_returned"], D(2025, 9, 15))  # long past its 5 working days
    returned_on(made["applicant_returned"], D(2025, 9, 29))  # due back 10-13
    return made


def keys_of(apps, items):
    names = {application.pk: name for name, application in apps.items()}
    return {names[item.application.pk] for item in items}


# -- each role's to-do list ---------------------------------------------------------------------


def test_it_lists_a_community_what_awaits_its_opinion(personas, apps):
    items = pending_items(personas["community_a"], TODAY)
    assert keys_of(apps, items) == {"a_overdue", "a_due_soon", "a_on_time"}
    assert {(item.awaiting, item.part) for item in items} == {(Awaiting.OPINION, Part.ACT)}


def test_it_lists_a_street_its_decisions_follow_ups_and_returns(personas, apps):
    items = by_pk(pending_items(personas["street_a"], TODAY))
    assert keys_of(apps, items.values()) == {
        "a_overdue",
        "a_due_soon",
        "a_on_time",
        "va_submitted",
        "a_decision",
        "a_street_draft",
        "org_returned",
        "applicant_returned",
    }
    decision = items[apps["a_decision"].pk]
    assert (decision.awaiting, decision.part, decision.due) == (Awaiting.DECISION, Part.ACT, D(2025, 9, 29))
    follow_up = items[apps["va_submitted"].pk]
    assert (follow_up.awaiting, follow_up.part) == (Awaiting.OPINION, Part.FOLLOW_UP)
    returned = items[apps["org_returned"].pk]
    assert (returned.awaiting, returned.part) == (Awaiting.CORRECTION, Part.INFO)
    assert items[apps["a_street_draft"].pk].awaiting == Awaiting.SUBMISSION


def test_it_shows_street_b_nothing_of_street_a(personas, apps):
    assert keys_of(apps, pending_items(personas["street_b"], TODAY)) == {"b_submitted", "b_decision"}


def test_it_lists_an_organization_account_its_own_drafts_and_returns(personas, apps):
    items = by_pk(pending_items(personas["org_a"], TODAY))
    assert keys_of(apps, items.values()) == {"org_draft", "org_returned"}
    # A change is due 7 working days after the fact (Wed 9-24): 9-25, 9-26, Sun 9-28, 9-29, 9-30,
    # then 10-9, 10-10.
    change = items[apps["org_draft"].pk]
    assert (change.awaiting, change.due, change.flag) == (Awaiting.SUBMISSION, D(2025, 10, 10), Flag.DUE_SOON)
    returned = items[apps["org_returned"].pk]
    assert (returned.awaiting, returned.part, returned.flag) == (Awaiting.CORRECTION, Part.ACT, Flag.OVERDUE)


def test_it_lists_an_applicant_account_its_own_drafts_and_returns(applicant, apps):
    items = by_pk(pending_items(applicant, TODAY))
    assert keys_of(apps, items.values()) == {"applicant_draft", "applicant_returned"}
    assert items[apps["applicant_draft"].pk].due is None
    returned = items[apps["applicant_returned"].pk]
    assert (returned.due, returned.flag) == (D(2025, 10, 13), Flag.ON_TIME)


def test_it_lists_bureau_staff_nothing_to_do(personas, apps):
    assert pending_items(personas["bureau_city"], TODAY) == []


def test_it_narrows_the_list_to_one_kind(personas, apps):
    assert keys_of(apps, pending_items(personas["org_a"], TODAY, kind=ApplicationKind.CHANGE)) == {
        "org_draft"
    }


# -- flags --------------------------------------------------------------------------------------


def test_it_flags_deadlines_counting_the_holiday_out(personas, apps):
    items = by_pk(pending_items(personas["community_a"], TODAY))
    overdue, soon, on_time = (items[apps[key].pk] for key in ("a_overdue", "a_due_soon", "a_on_time"))
    assert (overdue.flag, overdue.working_days_left, overdue.overdue_days) == (Flag.OVERDUE, -3, 3)
    assert (soon.flag, soon.working_days_left) == (Flag.DUE_SOON, 2)
    assert (on_time.flag, on_time.working_days_left) == (Flag.ON_TIME, 3)


def test_it_flags_a_deadline_due_today_as_due_soon(tree, personas):
    make_application(tree, personas, S.SUBMITTED, opinion_due=TODAY)
    [item] = pending_items(personas["community_a"], TODAY)
    assert (item.flag, item.working_days_left) == (Flag.DUE_SOON, 0)


def test_it_puts_the_most_urgent_first(personas, apps):
    dues = [item.due for item in pending_items(personas["community_a"], TODAY)]
    assert dues == [OVERDUE, DUE_SOON, ON_TIME]


def test_it_counts_overdue_and_due_soon_for_badges(personas, apps):
    counts = deadline_counts(personas["street_a"], TODAY)
    # Overdue: a_overdue, a_decision (org_returned is information only, not counted).
    # Due soon: a_due_soon, va_submitted.
    assert (counts.overdue, counts.due_soon) == (2, 2)
    assert counts.total == 6


def test_it_reads_the_list_in_one_query_however_many_rows(tree, personas, apps):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            items = pending_items(personas["street_a"], TODAY)
            [(item.url, item.application.display_name, item.application.community.parent) for item in items]
        return len(captured)

    few = queries()
    for _ in range(20):
        make_application(tree, personas, S.SUBMITTED, community=tree.village_a, opinion_due=OVERDUE)
        make_application(
            tree,
            personas,
            S.RETURNED,
            applicant=personas["org_a"],
            organization=personas["org_a"].organization,
        )
    assert few == queries() == 1


# -- the workbench page -------------------------------------------------------------------------


@pytest.fixture
def live(tree, personas):
    """Applications due relative to the real today, for the page (which has no fixed date)."""
    today = timezone.localdate()
    return {
        "overdue": make_application(
            tree, personas, S.OPINION_GIVEN, decision_due=add_working_days(today, -2)
        ),
        "soon": make_application(tree, personas, S.OPINION_GIVEN, decision_due=add_working_days(today, 1)),
        "later": make_application(
            tree,
            personas,
            S.OPINION_GIVEN,
            kind=ApplicationKind.CHANGE,
            decision_due=add_working_days(today, 9),
        ),
    }


def workbench(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("filing-workbench"), params)
    assert response.status_code == 200
    return response


def test_it_shows_the_workbench_with_badges_and_links(client, personas, live):
    page = workbench(client, personas["street_a"])
    html = page.content.decode()
    assert [item.application for item in page.context["items"]] == [
        live["overdue"],
        live["soon"],
        live["later"],
    ]
    assert "逾期 2 个工作日" in html
    assert "即将到期" in html and "正常" in html
    assert f'href="{application_url(live["overdue"].pk)}"' in html
    assert application_url(live["overdue"].pk) == f"/filing/applications/{live['overdue'].pk}/"
    assert f'href="{reverse("filing-workbench")}">待办</a>' in html  # the navigation item


def test_it_filters_the_workbench_by_flag_and_kind(client, personas, live):
    overdue = workbench(client, personas["street_a"], flag="overdue")
    assert [item.application for item in overdue.context["items"]] == [live["overdue"]]
    changes = workbench(client, personas["street_a"], kind="change")
    assert [item.application for item in changes.context["items"]] == [live["later"]]


def test_it_answers_a_bad_filter_with_a_message_not_an_error(client, personas, live):
    page = workbench(client, personas["street_a"], flag="late")
    assert page.context["items"] == []
    assert page.context["form"].errors["flag"]


def test_it_hides_the_workbench_from_the_signed_out(client):
    response = client.get(reverse("filing-workbench"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_warns_when_the_year_has_no_official_calendar(client, personas, live, monkeypatch):
    monkeypatch.setattr("filing.views.workbench.calendar_is_official", lambda year: False)
    year = timezone.localdate().year
    page = workbench(client, personas["street_a"])
    assert f"尚未载入{year}年法定节假日安排，期限暂按周一至周五计算" in page.content.decode()


def test_it_does_not_warn_when_the_calendar_is_official(client, personas, live, monkeypatch):
    monkeypatch.setattr("filing.views.workbench.calendar_is_official", lambda year: True)
    assert "法定节假日安排" not in workbench(client, personas["street_a"]).content.decode()


# -- the nightly reminders ----------------------------------------------------------------------


@pytest.fixture
def recipients(tree, personas):
    """Besides the personas: a second committee member of community A and staff of the others."""
    return {
        "community_a2": make_user("community_a2", Role.COMMUNITY, tree.community_a),
        "village_a": make_user("village_a", Role.COMMUNITY, tree.village_a),
        "community_b": make_user("community_b", Role.COMMUNITY, tree.community_b),
        "street_a_retired": make_user("street_a_retired", Role.STREET, tree.street_a, is_active=False),
    }


@pytest.fixture
def certificates(tree):
    def certificate(name, number, valid_until):
        organization = make_organization(tree.community_a, name=name)
        return Certificate.objects.create(
            organization=organization,
            filing_number=number,
            issued_on=valid_until.replace(year=valid_until.year - 3),
            valid_until=valid_until,
        )

    return {
        "expiring": certificate(
            "幸福里社区邻里互助站", "990101001-2022-0001", TODAY + datetime.timedelta(days=30)
        ),
        "later": certificate("幸福里社区书法队", "990101001-2022-0002", TODAY + datetime.timedelta(days=90)),
    }


def received():
    return {
        (notification.user.username, notification.dedupe_key)
        for notification in Notification.objects.unrestricted().select_related("user")
    }


def test_it_reminds_the_responsible_people(personas, apps, recipients, certificates):
    sent = deadline_reminders_send(today=TODAY)
    day = TODAY.isoformat()
    app = {name: application.pk for name, application in apps.items()}
    renewal = f"renewal:{certificates['expiring'].pk}:2025-10-30:2025-W40"
    expected = {
        ("community_a", f"deadline:{app['a_overdue']}:submitted:{day}"),
        ("community_a2", f"deadline:{app['a_overdue']}:submitted:{day}"),
        ("community_a", f"deadline:{app['a_due_soon']}:submitted:{day}"),
        ("community_a2", f"deadline:{app['a_due_soon']}:submitted:{day}"),
        ("village_a", f"deadline:{app['va_submitted']}:submitted:{day}"),
        ("street_a", f"deadline:{app['a_decision']}:opinion_given:{day}"),
        ("org_a", f"deadline:{app['org_returned']}:returned:{day}"),
        ("community_b", f"deadline:{app['b_submitted']}:submitted:{day}"),
        ("street_b", f"deadline:{app['b_decision']}:opinion_given:{day}"),
        ("street_a", renewal),
    }
    assert received() == expected
    assert sent == len(expected)


def test_it_writes_reminders_people_can_act_on(personas, apps, recipients, certificates):
    deadline_reminders_send(today=TODAY)
    decision = Notification.objects.for_user(personas["street_a"]).get(dedupe_key__startswith="deadline:")
    assert decision.title.startswith("【逾期】街道办结")
    assert "2025-09-29" in decision.body and "已逾期 1 个工作日" in decision.body
    assert decision.url == application_url(apps["a_decision"].pk)
    soon = Notification.objects.for_user(recipients["village_a"]).get()
    assert soon.title.startswith("【即将到期】社区初审") and "还剩 2 个工作日" in soon.body
    renewal = Notification.objects.for_user(personas["street_a"]).get(dedupe_key__startswith="renewal:")
    assert "990101001-2022-0001" in renewal.body and "2025-10-30" in renewal.body
    assert renewal.url == reverse("certificate-renewals")


def test_it_sends_nothing_twice_on_the_same_day(personas, apps, recipients, certificates):
    first = deadline_reminders_send(today=TODAY)
    assert deadline_reminders_send(today=TODAY) == 0
    assert Notification.objects.unrestricted().count() == first


def test_it_reminds_again_the_next_working_day(personas, apps, recipients, certificates):
    first = deadline_reminders_send(today=TODAY)
    # The holiday sends nothing; on 10-9 the same deadlines are due again, the renewal is in a new
    # week, and a_on_time (Sat 10-11) is now due soon.
    assert deadline_reminders_send(today=D(2025, 10, 3)) == 0
    again = deadline_reminders_send(today=NEXT_WORKING_DAY)
    new = {(user, key) for user, key in received() if NEXT_WORKING_DAY.isoformat() in key or "W41" in key}
    assert again == len(new) == first + 2
    assert ("community_a", f"deadline:{apps['a_on_time'].pk}:submitted:2025-10-09") in received()


def test_the_task_is_scheduled_nightly_and_runs_the_service(personas, apps, recipients):
    entry = settings.CELERY_BEAT_SCHEDULE["filing-deadline-reminders"]
    assert entry["task"] == send_deadline_reminders.name == "filing.send_deadline_reminders"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {30})
    assert isinstance(send_deadline_reminders.apply().get(), int)


def test_it_keeps_the_workbench_query_count_flat(client, tree, personas, live, admin_user):
    def queries(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("filing-workbench")).status_code == 200
        return len(captured)

    few = queries(personas["street_a"])
    for _ in range(15):
        make_application(tree, personas, S.SUBMITTED, community=tree.village_a, opinion_due=OVERDUE)
    # Session, user and the user's region (navigation), the pending items, the unread badge.
    assert few == queries(personas["street_a"]) == 5
    assert queries(admin_user) == 4  # no region


def test_it_shows_the_workbench_for_drafts_dated_at_the_ends_of_the_calendar(client, personas, tree):
    """Dates from before the range was enforced (or typed into the admin) still cannot break the page:
    the deadline stops at the calendar's last day, and a count over centuries is arithmetic."""
    org_a = personas["org_a"]
    kinds_and_dates = [
        (ApplicationKind.CHANGE, D(9999, 12, 31)),
        (ApplicationKind.DEREGISTRATION, D(9999, 12, 31)),
        (ApplicationKind.CHANGE, D(1, 1, 1)),
        (ApplicationKind.DEREGISTRATION, D(1, 1, 1)),
    ]
    for kind, fact_date in kinds_and_dates:
        make_application(
            tree,
            personas,
            S.DRAFT,
            applicant=personas["street_a"],
            kind=kind,
            organization=org_a.organization,
            fact_date=fact_date,
        )
    started = time.perf_counter()
    page = workbench(client, personas["street_a"])
    assert time.perf_counter() - started < 5
    dues = sorted(item.due for item in page.context["items"])
    assert dues[-2:] == [D.max, D.max]
    assert dues[0] < D(1, 2, 1)
    assert "逾期" in page.content.decode()
