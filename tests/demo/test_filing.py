"""The filing part of ``manage.py seed_demo``: applications in every state, certificates, logins."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

import pypdf
import pytest
from django.db.models import Prefetch
from django.utils import timezone

from core.models import Event
from demo.filing.materials import FILING_FORM_NAMES, MATERIAL_NAMES
from demo.filing.plan import plan
from demo.seeding import PASSWORD
from filing.choices import ApplicationKind, ApplicationState
from filing.models import (
    ApplicationMaterial,
    Certificate,
    FilingApplication,
    FilingNumberSequence,
)
from filing.rules import current_rules
from filing.selectors import Flag, Part, pending_items
from filing.services import check_complete
from filing.services.certificates import renewal_opens_on
from filing.services.proposals import clean_proposal
from registry.choices import AuditAction, OrganizationStatus, Role, Tier
from registry.identifiers import validate_mobile, validate_resident_id
from registry.models import Organization, Region, User
from tests.demo.conftest import run_seed
from tests.factories import FilingApplicationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DEMO = "99"
S = ApplicationState
STREET_A, STREET_B = "990101001", "990101002"


def applications():
    return FilingApplication.objects.unrestricted().filter(community__code__startswith=DEMO)


def certificates():
    return Certificate.objects.unrestricted().filter(organization__community__code__startswith=DEMO)


def user(username: str) -> User:
    return User.objects.unrestricted().select_related("region", "organization").get(username=username)


def test_it_plans_the_same_applications_every_time():
    assert plan() == plan()
    keys = [(item.spec.community, item.spec.kind, item.spec.contact) for item in plan()]
    assert len(keys) == len(set(keys))


def test_it_files_applications_in_every_state_and_of_every_kind(seeded):
    assert set(applications().values_list("state", flat=True)) == set(S.values)
    assert set(applications().values_list("kind", flat=True)) == set(ApplicationKind.values)

    street_a = Counter(
        applications().filter(community__code__startswith=STREET_A).values_list("state", "kind")
    )
    new = ApplicationKind.NEW
    assert street_a[S.DRAFT, new] >= 2
    assert street_a[S.SUBMITTED, new] >= 4
    assert street_a[S.OPINION_GIVEN, new] >= 2
    assert street_a[S.RETURNED, new] >= 2
    assert street_a[S.REJECTED, new] >= 1
    assert street_a[S.APPROVED, new] >= 3
    assert street_a[S.APPROVED, ApplicationKind.CHANGE] >= 1
    assert street_a[S.APPROVED, ApplicationKind.DEREGISTRATION] >= 1
    shared = applications().get(shared_venue=True)
    assert shared.state == S.SUBMITTED and shared.community.name == "幸福里社区"
    assert applications().filter(community__code__startswith=STREET_B).count() >= 3


def test_it_leaves_the_workbenches_with_overdue_and_due_soon_items(seeded):
    today = timezone.localdate()
    assert applications().filter(state=S.SUBMITTED, opinion_due__lt=today).exists()
    assert applications().filter(state=S.OPINION_GIVEN, decision_due__lt=today).exists()

    community_a = pending_items(user("community_a"), today)
    assert {item.flag for item in community_a} == {Flag.OVERDUE, Flag.DUE_SOON, Flag.ON_TIME}
    assert all(item.part == Part.ACT for item in community_a)
    street_a = pending_items(user("street_a"), today)
    assert any(item.flag == Flag.OVERDUE and item.part == Part.ACT for item in street_a)
    for username in ("street_b", "applicant_demo"):
        assert pending_items(user(username), today), username


def test_every_application_went_through_the_workflow(seeded):
    now = timezone.now()
    steps = {
        S.DRAFT: [],
        S.SUBMITTED: ["submit"],
        S.OPINION_GIVEN: ["submit", "opinion"],
        S.APPROVED: ["submit", "opinion", "approve"],
        S.RETURNED: ["submit", "return"],
        S.REJECTED: ["submit", "reject"],
    }
    for application in applications().prefetch_related(
        Prefetch("materials", queryset=ApplicationMaterial.objects.unrestricted())
    ):
        trail = list(Event.objects.unrestricted().of(application))
        assert [event.action.removeprefix("filing.") for event in trail] == steps[application.state], (
            application
        )
        times = [application.created_at, *(event.occurred_at for event in trail)]
        assert times == sorted(times) and times[-1] <= now, application
        if application.state == S.DRAFT:
            assert application.receipt_number is None
            clean_proposal(application.kind, application.proposal)
            continue
        assert application.receipt_number and application.commitment_text
        assert application.submitted_at == trail[0].occurred_at
        check_complete(application)
        if application.state in (S.RETURNED, S.REJECTED):
            assert trail[-1].reason
    rejected = applications().get(state=S.REJECTED)
    assert rejected.decision_reason and rejected.decided_at
    # Each step is written once, to the one trail.
    steps_taken = sum(len(steps[state]) for state in applications().values_list("state", flat=True))
    audited = Event.objects.unrestricted().filter(action__startswith="filing.", region_code__startswith=DEMO)
    assert audited.count() == steps_taken


def test_opinions_come_from_each_communitys_own_committee(seeded):
    opinions = Event.objects.unrestricted().filter(action="filing.opinion", region_code__startswith=DEMO)
    assert opinions
    for event in opinions.select_related("actor"):
        assert event.actor.role == Role.COMMUNITY
        assert event.actor.region_id == event.region_code


def test_the_proposals_meet_the_filing_conditions(seeded):
    rules = current_rules()
    for application in applications().filter(kind=ApplicationKind.NEW):
        proposal = application.proposal
        clean_proposal(application.kind, proposal)
        assert proposal["name"].startswith(application.community.name)
        assert proposal["name"].endswith(rules.name_suffixes)
        assert proposal["member_count"] >= rules.min_members
        validate_resident_id(proposal["leader_id_number"])
        validate_mobile(proposal["leader_phone"])
        validate_mobile(application.contact_phone)


def test_approvals_changed_the_registry(seeded):
    approved = applications().filter(state=S.APPROVED).select_related("organization")
    for application in approved.filter(kind=ApplicationKind.NEW):
        organization = application.organization
        assert organization.name == application.proposal["name"]
        assert organization.tier == Tier.FILED and organization.status == OrganizationStatus.ACTIVE
        assert organization.certificate.version == 1
    change = approved.get(kind=ApplicationKind.CHANGE, community__code__startswith=STREET_A)
    assert change.organization.leader_name == change.proposal["leader_name"]
    assert change.organization.certificate.version == 2
    ended = approved.get(kind=ApplicationKind.DEREGISTRATION).organization
    assert ended.status == OrganizationStatus.DEREGISTERED
    assert (
        Event.objects.unrestricted()
        .filter(organization_id=ended.pk, action=AuditAction.ORGANIZATION_DEREGISTERED)
        .exists()
    )


def test_materials_are_small_real_pdfs(seeded):
    materials = ApplicationMaterial.objects.unrestricted().filter(application__in=applications())
    names = set(MATERIAL_NAMES.values()) | set(FILING_FORM_NAMES.values())
    assert materials.count() > 50
    for material in materials:
        assert material.original_name in names
        assert material.content_kind == "pdf"
        with material.file.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
        assert len(content) == material.size < 4096
    sample = materials.filter(kind="charter").first()
    reader = pypdf.PdfReader(sample.file.path, strict=True)
    assert reader.metadata.title == "章程"
    assert sample.application.display_name in reader.pages[0].extract_text()


def test_every_filed_organization_of_the_city_has_a_certificate(seeded):
    filed = Organization.objects.unrestricted().filter(community__code__startswith=DEMO, tier=Tier.FILED)
    assert filed.active().count() >= 300
    assert not filed.active().filter(certificate__isnull=True).exists()
    assert certificates().count() == filed.count()  # the deregistered one keeps its certificate
    issued = Event.objects.unrestricted().filter(action="certificate.issued", region_code__startswith=DEMO)
    assert issued.count() == certificates().count()
    # None is rendered by the seed: each PDF renders on its first download.
    assert not certificates().exclude(pdf="").exists()


def test_filing_numbers_are_unique_and_consecutive_per_street(seeded):
    numbers = list(Certificate.objects.unrestricted().values_list("filing_number", flat=True))
    assert len(numbers) == len(set(numbers))
    serials = defaultdict(list)
    for number in numbers:
        street, year, serial = number.split("-")
        serials[street, int(year)].append(int(serial))
    assert {street for street, _year in serials} >= {STREET_A, STREET_B}
    for (street, year), values in serials.items():
        assert sorted(values) == list(range(1, len(values) + 1)), street
        sequence = FilingNumberSequence.objects.unrestricted().get(street_id=street.ljust(12, "0"), year=year)
        assert sequence.last_value == len(values)


def test_some_certificates_are_due_for_renewal(seeded):
    today = timezone.localdate()
    due = certificates().filter(
        organization__status=OrganizationStatus.ACTIVE,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=60),
    )
    assert 2 <= due.count() <= 3
    for certificate in due:
        assert renewal_opens_on(certificate) <= today < certificate.valid_until
        assert certificate.issued_on < today


def test_applicant_demo_can_log_in_with_a_draft_and_a_returned_filing(seeded, client):
    applicant = user("applicant_demo")
    assert applicant.role == Role.APPLICANT and applicant.region is None and applicant.full_name
    applicant.full_clean()
    assert client.login(username="applicant_demo", password=PASSWORD)
    own = applications().filter(applicant=applicant)
    assert sorted(own.values_list("state", "kind")) == [
        (S.DRAFT, ApplicationKind.NEW),
        (S.RETURNED, ApplicationKind.NEW),
    ]
    for username in ("community_001002", "community_001003", "community_002001"):
        committee = user(username)
        assert committee.role == Role.COMMUNITY and committee.check_password(PASSWORD)
        committee.full_clean()


def test_it_prints_the_filing_summary_before_the_logins(seeded):
    lines = seeded.splitlines()
    summary = next(index for index, line in enumerate(lines) if line.startswith("  备案申请："))
    assert lines[summary + 1].startswith("  备案证书：")
    logins = next(index for index, line in enumerate(lines) if line.startswith("演示账号"))
    assert summary < logins
    assert any(line.split()[0] == "applicant_demo" for line in lines[logins + 1 :] if line.strip())
    assert lines[-1].startswith("访问地址")


def snapshot() -> dict[str, object]:
    return {
        "applications": sorted(applications().values_list("pk", "state", "kind", "receipt_number")),
        "materials": ApplicationMaterial.objects.unrestricted().count(),
        "certificates": sorted(certificates().values_list("filing_number", "version", "valid_until")),
        "sequences": sorted(
            FilingNumberSequence.objects.unrestricted().values_list("street", "year", "last_value")
        ),
        "organizations": Organization.objects.unrestricted().count(),
        "users": User.objects.unrestricted().count(),
        "audit_events": Event.objects.unrestricted().count(),
    }


def test_a_second_run_changes_no_filing_count(seeded):
    before = snapshot()
    output = run_seed()
    assert snapshot() == before
    assert "本次新建 0 件" in output and "本次颁发 0 张" in output


def test_a_second_run_leaves_the_applications_filed_since_alone(seeded):
    community = Region.objects.unrestricted().get(code="990101001001")
    filed = FilingApplicationFactory(actor=user("street_a"), community=community, contact_name="何晓燕")
    before = applications().count()

    output = run_seed()

    assert "本次新建 0 件" in output
    assert applications().count() == before
    assert applications().get(pk=filed.pk).proposal == filed.proposal
