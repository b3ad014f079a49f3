"""``manage.py seed_demo``: the demo city, its organizations, federations, talent and logins."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

import pytest
from django.db.models import Count

from core.models import Event
from demo.drawing import build_plan
from demo.seeding import PASSWORD
from filing.choices import RevocationGround
from filing.services import organization_revoke
from registry.choices import (
    AuditAction,
    CategoryGroup,
    OrganizationStatus,
    RegionLevel,
    Role,
    Tier,
    UrbanRural,
)
from registry.divisions import ancestor_codes
from registry.identifiers import validate_credit_code, validate_mobile, validate_resident_id
from registry.models import Category, Federation, Organization, Region, SocialWorker, User
from tests.demo.conftest import run_seed
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DEMO = "99"
ACCOUNTS = {
    "admin": "",
    "bureau_city": Role.BUREAU,
    "bureau_district": Role.BUREAU,
    "street_a": Role.STREET,
    "street_b": Role.STREET,
    "community_a": Role.COMMUNITY,
    "operator": Role.OPERATOR,
    "org_a": Role.ORGANIZATION,
    # Added by the filing part of the demo.
    "applicant_demo": Role.APPLICANT,
    "community_001002": Role.COMMUNITY,
    "community_001003": Role.COMMUNITY,
    "community_002001": Role.COMMUNITY,
}


def demo_regions():
    return Region.objects.unrestricted().filter(code__startswith=DEMO)


def demo_orgs():
    return Organization.objects.unrestricted().filter(community__code__startswith=DEMO)


def snapshot() -> dict[str, object]:
    federations = Federation.objects.unrestricted().filter(street__code__startswith=DEMO)
    workers = SocialWorker.objects.unrestricted().filter(community__code__startswith=DEMO)
    return {
        "regions": demo_regions().count(),
        "organizations": demo_orgs().count(),
        "names": sorted(demo_orgs().values_list("name", "community")),
        "credit_codes": sorted(demo_orgs().exclude(credit_code="").values_list("credit_code", flat=True)),
        "history": Organization.history.unrestricted().filter(community__code__startswith=DEMO).count(),
        "federations": federations.count(),
        "federation_members": sorted(federations.values_list("street", "members__name")),
        "social_workers": sorted(workers.values_list("certificate_number", "community", "qualification")),
        "users": User.objects.unrestricted().count(),
        "audit_events": Event.objects.unrestricted().count(),
    }


def test_it_plans_the_same_demo_every_time():
    first, second = build_plan(), build_plan()
    assert first == second
    assert sum(region.level == RegionLevel.COMMUNITY for region in first.regions) >= 60
    assert len(first.organizations) >= 600


def test_it_builds_a_city_of_urban_and_rural_communities(seeded):
    levels = Counter(demo_regions().values_list("level", flat=True))
    assert levels[RegionLevel.CITY] == 1
    assert levels[RegionLevel.DISTRICT] >= 2
    assert levels[RegionLevel.STREET] >= 4
    assert levels[RegionLevel.COMMUNITY] >= 24
    communities = demo_regions().filter(level=RegionLevel.COMMUNITY)
    assert set(communities.values_list("urban_rural", flat=True)) == {UrbanRural.URBAN, UrbanRural.RURAL}
    parents = dict(demo_regions().values_list("code", "parent"))
    for code, parent in parents.items():
        expected = next((up for up in ancestor_codes(code) if up in parents), None)
        assert parent == expected, code


def test_it_creates_organizations_of_every_tier_and_category_through_the_service(seeded):
    orgs = demo_orgs()
    assert orgs.count() >= 300
    assert set(orgs.values_list("tier", flat=True)) == set(Tier.values)
    assert set(orgs.values_list("category__code", flat=True)) == {
        "charity",
        "mutual_aid",
        "culture",
        "mediation",
        "safety",
        "featured",
    }
    created = Event.objects.unrestricted().filter(
        action=AuditAction.ORGANIZATION_CREATED, organization_id__in=orgs.values("pk")
    )
    assert created.count() == orgs.count()


def test_it_gives_every_leader_a_valid_id_and_every_registered_org_a_valid_credit_code(seeded):
    rows = demo_orgs().values_list("tier", "community", "leader_id_number", "leader_phone", "credit_code")
    for tier, community, id_number, phone, credit_code in rows:
        validate_resident_id(id_number)
        assert id_number.startswith(community[:6])
        assert 1950 <= int(id_number[6:10]) <= 1995
        validate_mobile(phone)
        assert phone[:2] in ("13", "15", "18")
        if tier == Tier.REGISTERED:
            validate_credit_code(credit_code)
            assert credit_code[0] == "5" and credit_code[1] in "12"
            assert credit_code[2:8] == community[:6]
        else:
            assert credit_code == ""
    # Every credit code in the database, whoever created it, passes the check.
    everyone = Organization.objects.unrestricted().exclude(credit_code="")
    for credit_code in everyone.values_list("credit_code", flat=True):
        validate_credit_code(credit_code)


def test_it_fills_in_realistic_details(seeded):
    rows = demo_orgs().annotate(
        n_domains=Count("domains", distinct=True), n_targets=Count("target_groups", distinct=True)
    )
    for org in rows:
        assert 10 <= org.member_count <= 120
        assert datetime.date(2012, 1, 1) <= org.founded_on <= datetime.date(2026, 10, 31)
        assert 1 <= org.n_domains <= 3 and 1 <= org.n_targets <= 3
        assert org.funding_sources and org.venue
    brands = demo_orgs().filter(is_brand=True).count()
    assert 0.04 < brands / demo_orgs().count() < 0.15
    assert len(set(demo_orgs().values_list("party_building", flat=True))) == 3


def test_it_leaves_some_communities_meeting_5_plus_x_and_some_not(seeded):
    core = set(Category.objects.filter(group=CategoryGroup.CORE).values_list("code", flat=True))
    featured = set(Category.objects.filter(group=CategoryGroup.FEATURED).values_list("code", flat=True))
    present: dict[str, set[str]] = defaultdict(set)
    for community, category in demo_orgs().active().values_list("community", "category__code"):
        present[community].add(category)
    communities = list(demo_regions().filter(level=RegionLevel.COMMUNITY).values_list("code", flat=True))
    meeting = [code for code in communities if core <= present[code] and present[code] & featured]
    assert meeting
    assert len(meeting) < len(communities)
    assert any(not present[code] for code in communities)


def test_it_sets_up_two_street_federations_and_uneven_social_work_talent(seeded):
    federations = Federation.objects.unrestricted().filter(street__code__startswith=DEMO)
    assert sorted(federations.values_list("street__name", flat=True)) == ["江滨街道", "青山街道"]
    for federation in federations.select_related("organization", "street"):
        assert federation.organization.name == f"{federation.street.name}社区社会组织联合会"
        assert federation.organization.tier == Tier.REGISTERED
        members = list(federation.members.unrestricted().values_list("community", flat=True))
        assert len(members) >= 10
        assert all(code.startswith(federation.street.prefix) for code in members)
    assert demo_regions().filter(level=RegionLevel.STREET).count() > federations.count()

    workers = SocialWorker.objects.unrestricted().filter(community__code__startswith=DEMO)
    per_community = Counter(workers.values_list("community", flat=True))
    communities = demo_regions().filter(level=RegionLevel.COMMUNITY).count()
    assert communities / 2 < len(per_community) < communities
    assert max(per_community.values()) <= 4


def test_it_creates_every_demo_account_in_its_jurisdiction(seeded):
    users = {
        user.username: user
        for user in User.objects.unrestricted()
        .filter(username__in=ACCOUNTS)
        .select_related("region", "organization")
    }
    assert set(users) == set(ACCOUNTS)
    for username, role in ACCOUNTS.items():
        user = users[username]
        assert user.role == role, username
        assert user.check_password(PASSWORD), username
        assert user.full_name, username
        user.full_clean()
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["bureau_city"].region.level == RegionLevel.CITY

    district = users["bureau_district"].region
    street_a, street_b = users["street_a"].region, users["street_b"].region
    assert district.level == RegionLevel.DISTRICT
    assert street_a.level == street_b.level == RegionLevel.STREET
    assert street_a != street_b
    assert street_a.parent_id == street_b.parent_id == district.code
    assert users["operator"].region == district

    community = users["community_a"].region
    assert community.level == RegionLevel.COMMUNITY
    assert community.name == "幸福里社区"
    assert street_a.contains(community.code)

    org_a = users["org_a"]
    assert org_a.region == community
    assert org_a.organization.community_id == community.code
    assert org_a.organization.tier in (Tier.GUIDED, Tier.FILED)


def test_it_prints_a_summary_and_every_login(seeded):
    assert "社区社会组织" in seeded and "依法登记" in seeded
    for username in ACCOUNTS:
        assert username in seeded
    assert PASSWORD in seeded
    assert "http://127.0.0.1:8000/" in seeded


def test_it_prints_only_the_logins_when_quiet(seeded):
    output = run_seed("--quiet")
    for username in ACCOUNTS:
        assert username in output
    assert PASSWORD in output
    assert "行政区划" not in output and "备案申请：" not in output


def test_it_changes_nothing_when_run_again_but_resets_the_passwords(seeded):
    street_a = User.objects.unrestricted().get(username="street_a")
    street_a.set_password("something-else")
    street_a.save()
    before = snapshot()

    output = run_seed()

    assert snapshot() == before
    assert "本次新建 0 个" in output
    street_a.refresh_from_db()
    assert street_a.check_password(PASSWORD)


def test_a_second_run_keeps_what_the_street_and_the_committee_did_since(seeded):
    street_a = User.objects.unrestricted().get(username="street_a")
    committee = User.objects.unrestricted().get(username="community_a")
    community = Region.objects.unrestricted().get(code="990101001001")
    added = OrganizationFactory(
        actor=committee, community=community, name="幸福里社区插花艺术队", tier=Tier.GUIDED
    )
    ended = (
        demo_orgs()
        .active()
        .filter(tier=Tier.FILED, community=community, federation_memberships__isnull=True)
        .order_by("name")
        .first()
    )
    organization_revoke(
        actor=street_a,
        organization_id=ended.pk,
        ground=RevocationGround.AGAINST_CHARTER,
        investigation="经走访核实，该组织多次以组织名义开展营利性培训。",
        reason="违反章程规定的非营利宗旨，经约谈仍未整改。",
    )

    output = run_seed()

    assert "本次新建 0 个" in output
    assert demo_orgs().active().filter(pk=added.pk).exists()
    assert list(demo_orgs().filter(name=ended.name).values_list("status", flat=True)) == [
        OrganizationStatus.REVOKED
    ]
