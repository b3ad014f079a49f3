"""The applicant's account becomes the organization's account when its new filing is approved: from
then on it sees its organization and acts for it (changes, major events, work reports)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Event
from filing import services
from filing.choices import ApplicationKind, ApplicationState, Opinion
from registry.choices import AuditAction, Role
from registry.models import User
from tests.conftest import make_user
from tests.factories import PASSWORD

from .conftest import attach_required, new_proposal


def applied_and_reviewed(personas, tree, applicant, name: str = "幸福里社区银龄志愿服务队"):
    """An applicant's own new filing, submitted and given the community's opinion."""
    application = services.application_create(
        actor=applicant,
        kind=ApplicationKind.NEW,
        community=tree.community_a,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal=new_proposal(name),
    )
    attach_required(applicant, application)
    services.application_submit(actor=applicant, application_id=application.pk, commitment_accepted=True)
    services.application_give_opinion(
        actor=personas["community_a"], application_id=application.pk, opinion=Opinion.AGREE, note="同意"
    )
    return application


def reloaded(user: User) -> User:
    return User.objects.unrestricted().get(pk=user.pk)


def test_the_applicant_acts_for_the_organization_right_after_approval(client, personas, tree, applicant):
    application = applied_and_reviewed(personas, tree, applicant)
    client.force_login(applicant)
    assert client.get("/api/v1/organizations/").json()["results"] == []  # no organization yet

    approved = services.application_approve(actor=personas["street_a"], application_id=application.pk)

    account = reloaded(applicant)
    organization = approved.organization
    assert (account.role, account.organization, account.region) == (
        Role.ORGANIZATION,
        organization,
        tree.community_a,
    )
    client.force_login(account)
    # Its status, its own page, and the forms of what it files from now on.
    assert client.get(reverse("application-detail", args=[application.pk])).status_code == 200
    assert client.get(reverse("organization-detail", args=[organization.pk])).status_code == 200
    change_page = f"{reverse('application-create')}?kind=change&organization={organization.pk}"
    assert client.get(change_page).status_code == 200
    assert client.get(reverse("event-report-create")).status_code == 200
    assert client.get(reverse("work-report-create")).status_code == 200
    listed = client.get("/api/v1/organizations/").json()
    assert [row["id"] for row in listed["results"]] == [organization.pk]
    # It files a change of its own organization through the same workflow.
    change = services.application_create(
        actor=account,
        kind=ApplicationKind.CHANGE,
        organization=organization,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal={"member_count": 20},
        fact_date=timezone.localdate(),
    )
    assert change.state == ApplicationState.DRAFT and change.organization == organization
    # Its other organizations' pages stay out of reach.
    other = personas["org_a"].organization
    assert client.get(reverse("organization-detail", args=[other.pk])).status_code == 404


def test_the_binding_is_on_the_accounts_trail(personas, tree, applicant):
    application = applied_and_reviewed(personas, tree, applicant)

    services.application_approve(actor=personas["street_a"], application_id=application.pk, ip="10.0.0.7")

    event = Event.objects.unrestricted().of(applicant).get()
    assert (event.action, event.actor, event.region_code, event.ip_address) == (
        AuditAction.USER_PROVISIONED,
        personas["street_a"],
        tree.community_a.code,
        "10.0.0.7",
    )
    assert Event.objects.for_user(personas["street_a"]).contains(event)
    assert not Event.objects.for_user(personas["street_b"]).contains(event)


def test_the_street_names_another_person_at_approval(client, personas, tree, applicant):
    application = applied_and_reviewed(personas, tree, applicant)
    leader = make_user("liuguilan", Role.APPLICANT)
    client.force_login(personas["street_a"])

    response = client.post(
        reverse("application-action", args=[application.pk, "approve"]),
        {"reason": "", "account": "LiuGuiLan", "confirmed": "yes"},
    )

    assert response.status_code == 302
    organization = reloaded(leader).organization
    assert organization is not None and organization.name == "幸福里社区银龄志愿服务队"
    assert reloaded(applicant).role == Role.APPLICANT and reloaded(applicant).organization is None


@pytest.mark.parametrize("named", ["nobody", "street_b", "org_a"])
def test_an_account_that_cannot_be_bound_stops_the_approval(client, personas, tree, applicant, named):
    application = applied_and_reviewed(personas, tree, applicant)
    client.force_login(personas["street_a"])

    response = client.post(
        reverse("application-action", args=[application.pk, "approve"]),
        {"account": named, "confirmed": "yes"},
        follow=True,
    )

    assert "不是可开通的账号" in response.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.OPINION_GIVEN and application.organization is None
    assert reloaded(personas["org_a"]).organization == personas["org_a"].organization


def test_the_api_names_the_account_at_approval(client, personas, tree, applicant):
    application = applied_and_reviewed(personas, tree, applicant)
    leader = make_user("leader2", Role.APPLICANT)
    client.force_login(personas["street_a"])

    response = client.post(
        f"/api/v1/filings/{application.pk}/approve/", {"account": "leader2"}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert reloaded(leader).role == Role.ORGANIZATION


def test_a_filing_the_street_made_opens_no_account(personas, draft):
    services.application_submit(actor=personas["street_a"], application_id=draft.pk, commitment_accepted=True)
    services.application_give_opinion(
        actor=personas["community_a"], application_id=draft.pk, opinion=Opinion.AGREE
    )

    approved = services.application_approve(actor=personas["street_a"], application_id=draft.pk)

    assert approved.organization.accounts.for_user(personas["street_a"]).count() == 0
    assert reloaded(personas["street_a"]).role == Role.STREET


def test_an_applicant_with_an_organization_already_keeps_it(client, personas, tree, applicant):
    first = applied_and_reviewed(personas, tree, applicant, name="幸福里社区银龄志愿服务队")
    second = applied_and_reviewed(personas, tree, applicant, name="幸福里社区邻里调解队")
    services.application_approve(actor=personas["street_a"], application_id=first.pk)

    approved = services.application_approve(actor=personas["street_a"], application_id=second.pk)

    assert approved.state == ApplicationState.APPROVED
    account = reloaded(applicant)
    assert account.organization.name == "幸福里社区银龄志愿服务队"
    assert client.login(username="applicant", password=PASSWORD)
