"""The filing workflow: every transition allowed and refused, by role, with its effects."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Event
from core.workdays import add_working_days
from filing import services
from filing.choices import ApplicationKind, ApplicationState, Opinion
from filing.models import Certificate, FilingApplication
from filing.rules import current_rules
from registry.choices import OrganizationStatus, Tier
from registry.models import Organization
from tests.filing.conftest import advance, attach_required, new_proposal, pdf


def codes(error: ValidationError) -> set[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return {(field, item.code) for field, items in error.error_dict.items() for item in items}
    return {("", item.code) for item in error.error_list}


def events(application):
    """The application's steps in the trail, by the workflow's own action names."""
    return [
        (e.action.removeprefix("filing."), e.from_state, e.to_state)
        for e in Event.objects.unrestricted().of(application)
    ]


# -- submit -------------------------------------------------------------------------------------


def test_it_submits_with_a_receipt_number_commitment_and_deadline(personas, draft):
    application = services.application_submit(
        actor=personas["street_a"], application_id=draft.pk, commitment_accepted=True
    )
    assert application.state == ApplicationState.SUBMITTED
    assert re.fullmatch(r"BA[2-9A-HJKMNP-Z]{10}", application.receipt_number)
    assert application.commitment_accepted_at is not None and "真实" in application.commitment_text
    assert application.opinion_due == add_working_days(
        timezone.localdate(), current_rules().opinion_working_days
    )
    assert events(application) == [("submit", "draft", "submitted")]


def test_it_refuses_to_submit_without_the_signed_commitment(personas, draft):
    with pytest.raises(ValidationError) as raised:
        services.application_submit(
            actor=personas["street_a"], application_id=draft.pk, commitment_accepted=False
        )
    assert codes(raised.value) == {("commitment", "commitment_required")}
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT and draft.receipt_number is None


def test_it_names_every_missing_material(personas, tree):
    application = services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.NEW,
        community=tree.community_a,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal=new_proposal(),
    )
    services.material_add(
        actor=personas["street_a"], application_id=application.pk, kind="charter", upload=pdf()
    )
    with pytest.raises(ValidationError) as raised:
        services.application_submit(
            actor=personas["street_a"], application_id=application.pk, commitment_accepted=True
        )
    (message,) = raised.value.message_dict["materials"]
    assert message == "缺少材料：备案申请表、负责人登记表、活动场所使用证明、成员名册"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"name": "幸福里小区业主委员会"}, ("name", "excluded_kind")),
        ({"name": "幸福里社区快乐商贸有限公司"}, ("name", "excluded_kind")),
        ({"name": "幸福里社区的一群朋友们"}, ("name", "name_pattern")),
        ({"member_count": 6}, ("member_count", "too_few_members")),
        ({"member_count": 10**20}, ("member_count", "max_value")),  # more than the register keeps
        ({"leader_id_number": "110105194912310021"}, ("leader_id_number", "checksum")),
        ({"venue": ""}, ("venue", "required")),
        ({"founded_on": "2999-01-01"}, ("founded_on", "future_date")),
    ],
)
def test_it_checks_the_filing_conditions_when_drafting(personas, tree, overrides, error):
    with pytest.raises(ValidationError) as raised:
        services.application_create(
            actor=personas["street_a"],
            kind=ApplicationKind.NEW,
            community=tree.community_a,
            contact_name="刘桂兰",
            contact_phone="13911112222",
            proposal=new_proposal(**overrides),
        )
    assert error in codes(raised.value)
    assert not FilingApplication.objects.unrestricted().exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("a.pdf", b"MZ\x90\x00binary", "file_type"), ("a.exe", b"%PDF-1.4 x", "file_extension")],
)
def test_it_refuses_materials_that_are_not_documents(personas, draft, name, content, code):
    with pytest.raises(ValidationError) as raised:
        services.material_add(
            actor=personas["street_a"],
            application_id=draft.pk,
            kind="other",
            upload=SimpleUploadedFile(name, content),
        )
    assert codes(raised.value) == {("file", code)}


def test_it_refuses_oversize_materials(personas, draft, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as raised:
        services.material_add(
            actor=personas["street_a"],
            application_id=draft.pk,
            kind="other",
            upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 500),
        )
    assert codes(raised.value) == {("file", "file_too_large")}


# -- opinion, return, resubmit --------------------------------------------------------------------


def test_it_takes_the_committee_opinion_and_starts_the_street_deadline(personas, draft):
    application = advance(personas, draft, "opinion_given")
    assert (application.state, application.opinion) == (ApplicationState.OPINION_GIVEN, Opinion.AGREE)
    assert application.decision_due == add_working_days(timezone.localdate(), 10)


def test_it_lets_only_the_committee_give_the_opinion(personas, draft):
    advance(personas, draft, "submitted")
    with pytest.raises(PermissionDenied):
        services.application_give_opinion(
            actor=personas["street_a"], application_id=draft.pk, opinion="agree"
        )
    with pytest.raises(FilingApplication.DoesNotExist):  # another street: the application does not exist
        services.application_give_opinion(
            actor=personas["street_b"], application_id=draft.pk, opinion="agree"
        )
    with pytest.raises(PermissionDenied):  # the bureau reads but takes no part
        services.application_give_opinion(
            actor=personas["bureau_district"], application_id=draft.pk, opinion="agree"
        )


def test_it_requires_a_certified_venue_when_several_groups_share_it(personas, draft):
    services.application_update(
        actor=personas["street_a"], application_id=draft.pk, data={"shared_venue": True}
    )
    advance(personas, draft, "submitted")
    with pytest.raises(ValidationError) as raised:
        services.application_give_opinion(
            actor=personas["community_a"], application_id=draft.pk, opinion="agree"
        )
    assert codes(raised.value) == {("venue_certified", "venue_not_certified")}
    application = services.application_give_opinion(
        actor=personas["community_a"], application_id=draft.pk, opinion="agree", venue_certified=True
    )
    assert application.venue_certified


def test_it_returns_for_correction_and_keeps_the_receipt_on_resubmission(personas, draft):
    submitted = advance(personas, draft, "submitted")
    with pytest.raises(ValidationError) as raised:
        services.application_return(actor=personas["community_a"], application_id=draft.pk, reason=" ")
    assert codes(raised.value) == {("reason", "reason_required")}
    returned = services.application_return(
        actor=personas["community_a"], application_id=draft.pk, reason="成员名册缺少签名"
    )
    assert returned.state == ApplicationState.RETURNED
    services.application_update(
        actor=personas["street_a"], application_id=draft.pk, data={"proposal": new_proposal(member_count=18)}
    )
    again = services.application_submit(
        actor=personas["street_a"], application_id=draft.pk, commitment_accepted=True
    )
    assert again.receipt_number == submitted.receipt_number
    assert events(again)[-2:] == [("return", "submitted", "returned"), ("submit", "returned", "submitted")]


def test_it_locks_the_application_once_submitted(personas, draft):
    advance(personas, draft, "submitted")
    with pytest.raises(ValidationError) as raised:
        services.application_update(
            actor=personas["street_a"], application_id=draft.pk, data={"contact_name": "x"}
        )
    assert codes(raised.value) == {("", "not_editable")}


# -- decisions ----------------------------------------------------------------------------------


def test_it_approves_a_new_filing_into_an_organization_with_a_numbered_certificate(personas, draft, tree):
    application = advance(personas, draft, "approved")
    org = application.organization
    assert (org.name, org.tier, org.community, org.status) == (
        "幸福里社区银龄志愿服务队",
        Tier.FILED,
        tree.community_a,
        OrganizationStatus.ACTIVE,
    )
    assert sorted(org.domains.values_list("code", flat=True)) == ["elderly", "volunteer"]
    certificate = Certificate.objects.unrestricted().get(organization=org)
    assert certificate.filing_number == f"990101001-{timezone.localdate().year}-0001"
    assert certificate.valid_until.year == certificate.issued_on.year + 3
    assert application.decided_at is not None
    assert events(application)[-1] == ("approve", "opinion_given", "approved")


def test_it_numbers_filings_per_street_and_year_without_gaps(personas, tree):
    numbers = []
    for index in range(3):
        application = services.application_create(
            actor=personas["street_a"],
            kind=ApplicationKind.NEW,
            community=tree.community_a,
            contact_name="张三",
            contact_phone="13911112222",
            proposal=new_proposal(f"幸福里社区第{index}读书社"),
        )
        attach_required(personas["street_a"], application)
        numbers.append(advance(personas, application, "approved").organization.certificate.filing_number)
    year = timezone.localdate().year
    assert numbers == [f"990101001-{year}-000{n}" for n in (1, 2, 3)]


def test_it_gives_the_number_back_when_approval_fails(personas, draft, world):
    advance(personas, draft, "opinion_given")
    FilingApplication.objects.unrestricted().filter(pk=draft.pk).update(
        proposal={**draft.proposal, "name": world.orgs["a_filed"].name}
    )  # the name was taken meanwhile
    with pytest.raises(ValidationError) as raised:
        services.application_approve(actor=personas["street_a"], application_id=draft.pk)
    assert ("name", "duplicate_name") in codes(raised.value)
    draft.refresh_from_db()
    assert draft.state == ApplicationState.OPINION_GIVEN
    assert not Certificate.objects.unrestricted().exists()
    from filing.models import FilingNumberSequence

    assert not FilingNumberSequence.objects.unrestricted().filter(last_value__gt=0).exists()


@pytest.mark.parametrize("until", ["submitted", "approved"])
def test_it_refuses_to_approve_from_the_wrong_state(personas, draft, until):
    advance(personas, draft, until)
    with pytest.raises(ValidationError) as raised:
        services.application_approve(actor=personas["street_a"], application_id=draft.pk)
    assert codes(raised.value) == {("", "invalid_transition")}


def test_it_rejects_with_a_reason_and_allows_no_further_step(personas, draft):
    advance(personas, draft, "submitted")
    with pytest.raises(PermissionDenied):
        services.application_reject(actor=personas["community_a"], application_id=draft.pk, reason="不符合")
    rejected = services.application_reject(
        actor=personas["street_a"], application_id=draft.pk, reason="活动场所无法核实"
    )
    assert (rejected.state, rejected.decision_reason) == (ApplicationState.REJECTED, "活动场所无法核实")
    for attempt in (services.application_return, services.application_reject):
        with pytest.raises(ValidationError):
            attempt(actor=personas["street_a"], application_id=draft.pk, reason="再次")


def test_it_approves_a_change_and_keeps_the_old_values_in_history(personas, world):
    org = world.orgs["a_filed"]
    application = services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.CHANGE,
        organization=org,
        contact_name="王建国",
        contact_phone="13911112222",
        fact_date=datetime.date.today(),
        proposal={"venue": "幸福里社区文化活动室", "member_count": 25},
    )
    attach_required(personas["street_a"], application)
    advance(personas, application, "approved")
    org.refresh_from_db()
    assert (org.venue, org.member_count) == ("幸福里社区文化活动室", 25)
    latest, original = org.history.unrestricted()[:2]
    assert (
        original.venue == "幸福里社区党群服务中心"
        and latest.history_change_reason == "修改：成员人数、活动场所"
    )


def test_it_ends_an_organization_on_approved_deregistration(personas, world):
    org = world.orgs["a_filed"]
    application = services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.DEREGISTRATION,
        organization=org,
        contact_name="王建国",
        contact_phone="13911112222",
        fact_date=datetime.date.today(),
    )
    attach_required(personas["street_a"], application)
    advance(personas, application, "approved")
    org.refresh_from_db()
    assert org.status == OrganizationStatus.DEREGISTERED


def test_it_lets_an_organization_account_apply_only_for_its_own_organization(personas, world):
    own, other = world.orgs["a_guided"], world.orgs["a_filed"]
    with pytest.raises(ValidationError) as raised:
        services.application_create(
            actor=personas["org_a"],
            kind=ApplicationKind.CHANGE,
            organization=other,
            contact_name="x",
            contact_phone="13911112222",
            fact_date=datetime.date.today(),
            proposal={"member_count": 30},
        )
    assert ("organization", "outside_jurisdiction") in codes(raised.value)
    with pytest.raises(ValidationError) as raised:  # a guided organization is not filed at the street
        services.application_create(
            actor=personas["org_a"],
            kind=ApplicationKind.CHANGE,
            organization=own,
            contact_name="x",
            contact_phone="13911112222",
            fact_date=datetime.date.today(),
            proposal={"member_count": 30},
        )
    assert ("organization", "not_filed") in codes(raised.value)


def test_it_lets_a_new_applicant_file_and_follow_only_their_own(personas, applicant, tree):
    application = services.application_create(
        actor=applicant,
        kind=ApplicationKind.NEW,
        community=tree.village_a,
        contact_name="赵红",
        contact_phone="13700001111",
        proposal=new_proposal("桃源村广场舞队"),
    )
    attach_required(applicant, application)
    services.application_submit(actor=applicant, application_id=application.pk, commitment_accepted=True)
    assert list(FilingApplication.objects.for_user(applicant)) == [application]
    assert FilingApplication.objects.for_user(personas["street_a"]).filter(pk=application.pk).exists()
    assert not FilingApplication.objects.for_user(personas["community_a"]).filter(pk=application.pk).exists()
    with pytest.raises(PermissionDenied):
        services.application_approve(actor=applicant, application_id=application.pk)
    assert not Organization.objects.for_user(applicant).exists()


def test_it_requires_the_date_of_the_fact_before_a_change_is_submitted(personas, world):
    application = services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.CHANGE,
        organization=world.orgs["a_filed"],
        contact_name="王建国",
        contact_phone="13911112222",
        fact_date=datetime.date.today(),
        proposal={"member_count": 30},
    )
    attach_required(personas["street_a"], application)
    services.application_update(
        actor=personas["street_a"], application_id=application.pk, data={"fact_date": None}
    )
    with pytest.raises(ValidationError) as raised:
        services.application_submit(
            actor=personas["street_a"], application_id=application.pk, commitment_accepted=True
        )
    assert codes(raised.value) == {("fact_date", "required")}


def test_it_shows_the_filing_steps_on_the_organizations_timeline(client, personas, draft):
    from django.urls import reverse

    application = advance(personas, draft, "approved")
    client.force_login(personas["street_a"])
    page = client.get(reverse("organization-detail", args=[application.organization.pk])).content.decode()
    for label in ("备案申请：准予备案", "颁发备案证书", "新建组织"):
        assert label in page


@pytest.mark.parametrize(
    "day", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1), datetime.date(1999, 12, 31)]
)
def test_a_fact_date_out_of_range_is_refused_on_its_field(personas, world, day):
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=personas["street_a"],
            kind=ApplicationKind.CHANGE,
            organization=world.orgs["a_filed"],
            contact_name="刘桂兰",
            contact_phone="13911112222",
            proposal={"member_count": 20},
            fact_date=day,
        )
    assert [e.code for e in refused.value.error_dict["fact_date"]] == ["fact_date_out_of_range"]
    assert "事项发生日期应在2000年1月1日至今天之间" in refused.value.error_dict["fact_date"][0].messages[0]


def test_an_opinion_too_long_to_read_is_refused_and_changes_nothing(personas, draft):
    application = advance(personas, draft, "submitted")
    with pytest.raises(ValidationError) as raised:
        services.application_give_opinion(
            actor=personas["community_a"],
            application_id=application.pk,
            opinion=Opinion.AGREE,
            note="意" * 1001,
        )
    assert ("reason", "too_long") in codes(raised.value)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
