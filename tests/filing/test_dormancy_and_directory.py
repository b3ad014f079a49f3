"""The dormant-organization review (僵尸型): the scan, dismissals and unreachable marks, and its page;
the public directory (名录) and the public announcement pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import filing.views.public_directory as public_directory
from core.models import Event
from filing import services
from filing.choices import AnnouncementKind, DormancyReason, DormancyState, EventKind
from filing.models import Announcement, DormancyFlag, EventReport
from registry.choices import Tier
from registry.models import Organization
from tests.conftest import make_organization
from tests.filing.conftest import advance, deregistration_draft, personal_data, revoke, revoke_url

pytestmark = pytest.mark.usefixtures("fresh_counters")


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def make_stale(*organizations: Organization, days: int = 400) -> None:
    Organization.objects.unrestricted().filter(pk__in=[o.pk for o in organizations]).update(
        updated_at=days_ago(days)
    )


def report_event(organization: Organization, user, *, submitted_days_ago: int) -> EventReport:
    starts = days_ago(submitted_days_ago - 7)
    return EventReport.objects.create(
        organization_id=organization.pk,
        kind=EventKind.FESTIVAL,
        title="重阳节敬老联欢会",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="社区广场",
        expected_participants=120,
        description="文艺表演与义诊",
        safety_measures="安排志愿者维持秩序",
        submitted_by=user,
        submitted_at=days_ago(submitted_days_ago),
    )


def open_flags(organization: Organization) -> list[DormancyFlag]:
    return list(
        DormancyFlag.objects.unrestricted().filter(organization_id=organization.pk, state=DormancyState.OPEN)
    )


# -- dormancy ----------------------------------------------------------------------------------------


def test_the_scan_flags_organizations_without_activity_for_a_year(personas, world):
    a_filed, a_guided, va_filed = world.orgs["a_filed"], world.orgs["a_guided"], world.orgs["va_filed"]
    report_event(a_filed, personas["street_a"], submitted_days_ago=400)  # too old to count
    report_event(a_guided, personas["org_a"], submitted_days_ago=30)
    advance(personas, deregistration_draft(personas, va_filed), "submitted")
    make_stale(a_filed, a_guided, va_filed, world.orgs["a_registered"], world.orgs["c_filed"])

    assert services.dormancy_scan() == 2

    flagged = DormancyFlag.objects.unrestricted().filter(state=DormancyState.OPEN)
    assert {flag.organization_id for flag in flagged} == world.ids("a_filed", "c_filed")
    flag = flagged.get(organization_id=a_filed.pk)
    assert flag.reasons == [DormancyReason.NO_ACTIVITY]
    assert flag.street_id == "990101001000"
    assert Event.objects.unrestricted().filter(organization_id=a_filed.pk, action="dormancy.flagged").exists()


def test_the_scan_leaves_ended_and_recently_changed_organizations_alone(personas, world):
    make_stale(world.orgs["b_filed"], days=300)
    revoke(personas["street_a"], world.orgs["a_filed"])
    make_stale(world.orgs["a_filed"])
    assert services.dormancy_scan() == 0


def test_a_second_scan_flags_nothing_new(world):
    make_stale(world.orgs["a_filed"])
    assert services.dormancy_scan() == 1
    assert services.dormancy_scan() == 0
    assert len(open_flags(world.orgs["a_filed"])) == 1


def test_the_scan_runs_as_a_task(world):
    from filing.tasks import scan_dormant_organizations

    make_stale(world.orgs["a_filed"])
    assert scan_dormant_organizations.apply().get() == 1


def test_dismissal_needs_a_note(personas, world):
    make_stale(world.orgs["a_filed"])
    services.dormancy_scan()
    (flag,) = open_flags(world.orgs["a_filed"])
    with pytest.raises(ValidationError) as error:
        services.dormancy_dismiss(actor=personas["street_a"], flag_id=flag.pk, note="  ")
    assert "note" in error.value.error_dict
    flag.refresh_from_db()
    assert flag.state == DormancyState.OPEN


@pytest.mark.parametrize("persona", ["street_b", "community_a", "bureau_district"])
def test_only_the_own_street_dismisses(personas, world, persona):
    make_stale(world.orgs["a_filed"])
    services.dormancy_scan()
    (flag,) = open_flags(world.orgs["a_filed"])
    with pytest.raises(DormancyFlag.DoesNotExist):
        services.dormancy_dismiss(actor=personas[persona], flag_id=flag.pk, note="正常")


def test_a_recently_dismissed_organization_is_not_flagged_again(personas, world):
    organization = world.orgs["a_filed"]
    make_stale(organization)
    services.dormancy_scan()
    (flag,) = open_flags(organization)
    services.dormancy_dismiss(actor=personas["street_a"], flag_id=flag.pk, note="上月刚组织过活动，已核实")
    make_stale(organization)  # still no recorded activity

    assert services.dormancy_scan() == 0
    DormancyFlag.objects.unrestricted().filter(pk=flag.pk).update(reviewed_at=days_ago(181))
    assert services.dormancy_scan() == 1


def test_a_dismissed_flag_cannot_be_dismissed_again(personas, world):
    make_stale(world.orgs["a_filed"])
    services.dormancy_scan()
    (flag,) = open_flags(world.orgs["a_filed"])
    services.dormancy_dismiss(actor=personas["street_a"], flag_id=flag.pk, note="正常")
    with pytest.raises(ValidationError) as error:
        services.dormancy_dismiss(actor=personas["street_a"], flag_id=flag.pk, note="正常")
    assert error.value.code == "not_open"


def test_the_street_flags_an_unreachable_organization(personas, world):
    organization = world.orgs["a_guided"]
    flag = services.dormancy_flag_unreachable(
        actor=personas["street_a"], organization_id=organization.pk, note="电话停机"
    )
    assert flag.reasons == [DormancyReason.UNREACHABLE] and flag.state == DormancyState.OPEN
    make_stale(organization)
    assert services.dormancy_scan() == 0  # already open
    event = Event.objects.unrestricted().get(organization_id=organization.pk, action="dormancy.flagged")
    assert "电话停机" in event.reason


def test_an_unreachable_mark_joins_an_open_flag(personas, world):
    make_stale(world.orgs["a_filed"])
    services.dormancy_scan()
    flag = services.dormancy_flag_unreachable(
        actor=personas["street_a"], organization_id=world.orgs["a_filed"].pk, note="走访无人"
    )
    assert flag.reasons == [DormancyReason.NO_ACTIVITY, DormancyReason.UNREACHABLE]
    assert len(open_flags(world.orgs["a_filed"])) == 1


def test_an_unreachable_mark_needs_a_note_and_the_own_street(personas, world):
    with pytest.raises(ValidationError) as error:
        services.dormancy_flag_unreachable(
            actor=personas["street_a"], organization_id=world.orgs["a_filed"].pk, note=""
        )
    assert "note" in error.value.error_dict
    with pytest.raises(Organization.DoesNotExist):
        services.dormancy_flag_unreachable(
            actor=personas["street_b"], organization_id=world.orgs["a_filed"].pk, note="走访无人"
        )
    with pytest.raises(PermissionDenied):
        services.dormancy_flag_unreachable(
            actor=personas["community_a"], organization_id=world.orgs["a_guided"].pk, note="走访无人"
        )
    assert not DormancyFlag.objects.unrestricted().exists()


@pytest.fixture
def flagged(world):
    make_stale(world.orgs["a_filed"], world.orgs["b_filed"])
    services.dormancy_scan()
    return {key: open_flags(world.orgs[key])[0] for key in ("a_filed", "b_filed")}


def listed_flags(client, persona) -> set[int]:
    client.force_login(persona)
    response = client.get(reverse("dormancy-list"))
    assert response.status_code == 200
    return {flag.pk for flag in response.context["object_list"]}


def test_the_dormancy_page_lists_the_jurisdictions_open_flags(client, personas, flagged):
    a_flag, b_flag = flagged["a_filed"], flagged["b_filed"]
    assert listed_flags(client, personas["street_a"]) == {a_flag.pk}
    page = client.get(reverse("dormancy-list")).content.decode()
    assert f'data-flag="{a_flag.pk}"' in page and f'data-flag="{b_flag.pk}"' not in page
    assert "幸福里社区邻里互助站" in page and DormancyReason.NO_ACTIVITY.label in page
    assert reverse("dormancy-dismiss", args=[a_flag.pk]) in page
    assert f"{revoke_url(a_flag.organization)}?ground=dormant" in page

    assert listed_flags(client, personas["street_b"]) == {b_flag.pk}
    assert listed_flags(client, personas["bureau_district"]) == {a_flag.pk, b_flag.pk}
    assert listed_flags(client, personas["community_a"]) == set()
    assert "复核正常" not in client.get(reverse("dormancy-list")).content.decode()


def test_the_dormancy_pages_query_count_is_flat(client, personas, flagged, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dormancy-list")).status_code == 200
        return len(captured)

    client.force_login(personas["street_a"])
    before = queries()
    extra = [
        make_organization(world.orgs["a_filed"].community, name=f"幸福里社区第{i}舞蹈队") for i in range(4)
    ]
    make_stale(*extra)
    services.dormancy_scan()
    assert queries() == before


def test_dismissing_from_the_page(client, personas, flagged):
    flag = flagged["a_filed"]
    url = reverse("dormancy-dismiss", args=[flag.pk])
    client.force_login(personas["street_b"])
    assert client.post(url, {"note": "正常"}).status_code == 404

    client.force_login(personas["street_a"])
    response = client.post(url, {"note": ""}, follow=True)
    assert "请填写复核意见" in response.content.decode()
    flag.refresh_from_db()
    assert flag.state == DormancyState.OPEN

    response = client.post(url, {"note": "已电话核实，活动正常"}, follow=True)
    assert "复核为正常" in response.content.decode()
    flag.refresh_from_db()
    assert flag.state == DormancyState.DISMISSED and flag.review_note == "已电话核实，活动正常"
    assert f'data-flag="{flag.pk}"' not in client.get(reverse("dormancy-list")).content.decode()


def test_flagging_from_the_page(client, personas, world):
    client.force_login(personas["street_a"])
    url = reverse("dormancy-flag")
    client.post(url, {"organization": world.orgs["b_filed"].pk, "note": "走访无人"})
    assert not DormancyFlag.objects.unrestricted().exists()
    client.post(url, {"organization": world.orgs["a_guided"].pk, "note": "走访无人"})
    assert open_flags(world.orgs["a_guided"])[0].reasons == [DormancyReason.UNREACHABLE]
    client.force_login(personas["community_a"])
    assert client.post(url, {"organization": world.orgs["a_guided"].pk, "note": "x"}).status_code == 403


# -- the public directory ----------------------------------------------------------------------------------


def directory(client, **params):
    return client.get(reverse("public-directory"), params)


def test_the_directory_asks_for_a_street_or_a_search_first(client, world):
    response = directory(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="990101001000">江滨街道</option>' in page
    assert "幸福里社区邻里互助站" not in page


def test_a_search_without_a_street_covers_every_street(client, world):
    page = directory(client, q="社区").content.decode()
    listed_everywhere = (
        "江滨街道 · 幸福里社区",
        "幸福里社区邻里互助站",
        "望湖街道 · 湖畔社区",
        "湖畔社区平安巡逻队",
    )
    for listed in listed_everywhere:
        assert listed in page, listed
    assert "全部街道/乡镇备案及社区指导的在册社区社会组织，名称或拼音含“社区”" in page
    assert "幸福里社区文体协会" not in page  # registered: published by the bureau, not here


@pytest.mark.parametrize("q", ["xyh", "XYH", "xiyanghong", "夕阳红"])
def test_pinyin_initials_match_any_word_of_a_name(client, world, q):
    """Names begin with their community's name, so initials must match past it: xyh → 夕阳红."""
    page = directory(client, q=q).content.decode()
    assert "幸福里社区夕阳红合唱队" in page
    assert "幸福里社区邻里互助站" not in page


def test_a_single_initial_matches_only_the_start_of_a_name(client, world):
    page = directory(client, q="t").content.decode()
    assert "桃源村红白理事会" in page
    assert "幸福里社区邻里互助站" not in page  # its initials hold a "t" only inside


def test_the_directory_lists_the_streets_active_filed_and_guided_organizations(
    client, personas, world, certificate
):
    revoked = make_organization(world.orgs["a_filed"].community, name="幸福里社区已撤销服务队")
    revoke(personas["street_a"], revoked)

    response = directory(client, street="990101001000")

    assert response.status_code == 200
    page = response.content.decode()
    for listed in (
        "幸福里社区邻里互助站",
        "幸福里社区夕阳红合唱队",
        "桃源村红白理事会",
        certificate.filing_number,
    ):
        assert listed in page, listed
    for absent in ("幸福里社区文体协会", "湖畔社区平安巡逻队", "松林村乡贤理事会", "幸福里社区已撤销服务队"):
        assert absent not in page, absent
    for organization in world.orgs.values():
        for personal in personal_data(organization):
            assert personal not in page
    assert "社区指导" in page and "公益慈善类" in page


@pytest.mark.parametrize("q", ["tyc", "taoyuan", "红白", "TYC"])
def test_the_directory_is_searched_by_name_or_pinyin(client, world, q):
    page = directory(client, street="990101001000", q=q).content.decode()
    assert "桃源村红白理事会" in page
    assert "幸福里社区邻里互助站" not in page


@pytest.mark.parametrize("street", ["990101009000", "990101001001", "abc", "9901010010001"])
def test_an_unknown_street_is_not_found(client, world, street):
    assert directory(client, street=street).status_code == 404


def test_the_directory_pages_by_fifty(client, world, monkeypatch):
    assert public_directory.DIRECTORY_PAGE_SIZE == 50
    monkeypatch.setattr(public_directory, "DIRECTORY_PAGE_SIZE", 2)
    first = directory(client, street="990101001000").content.decode()
    second = directory(client, street="990101001000", page=2).content.decode()
    assert "共 3 条" in first and "page=2" in first and "street=990101001000" in first
    assert second.count("<tr>") == 2  # the header row and the one organization left


def test_the_directorys_query_count_is_flat(client, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert directory(client, street="990101001000", q="xfl").status_code == 200
        return len(captured)

    before = queries()
    for index in range(6):
        organization = make_organization(world.orgs["a_filed"].community, name=f"幸福里社区第{index}读书会")
        services.certificate_issue(organization=organization)
    assert queries() == before


def test_directory_searches_are_rate_limited(client, world, monkeypatch):
    monkeypatch.setattr(public_directory, "DIRECTORY_SEARCH_RATE", (2, 600))
    for _ in range(3):
        assert directory(client, street="990101001000").status_code == 200  # browsing is not counted
    assert directory(client, street="990101001000", q="tyc").status_code == 200
    assert directory(client, street="990101001000", q="xfl").status_code == 200
    response = directory(client, street="990101001000", q="hp")
    assert response.status_code == 429
    assert "查询过于频繁" in response.content.decode() and response["Retry-After"] == "600"


def test_the_public_pages_link_to_each_other(client, db):
    page = client.get(reverse("public-status")).content.decode()
    for name in ("public-directory", "public-announcements", "public-status"):
        assert f'href="{reverse(name)}"' in page


# -- public announcements ------------------------------------------------------------------------------


@pytest.fixture
def published(personas, tree, world):
    revoke(personas["street_a"], world.orgs["a_filed"])
    services.announcement_publish(
        actor=personas["street_b"], region=tree.street_b, title="望湖通知", body="正文"
    )
    return Announcement.objects.unrestricted().order_by("published_at", "id")


def test_the_public_announcements_list_every_street_newest_first(client, published):
    response = client.get(reverse("public-announcements"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("望湖通知") < page.index("关于取消“幸福里社区邻里互助站”备案的公告")


def test_the_public_announcements_filter_by_street(client, published):
    page = client.get(reverse("public-announcements"), {"street": "990101002000"}).content.decode()
    assert "望湖通知" in page and "幸福里社区邻里互助站" not in page
    assert client.get(reverse("public-announcements"), {"street": "123"}).status_code == 404


def test_a_public_announcement_reads_without_login(client, published, world):
    revocation = published.get(kind=AnnouncementKind.REVOCATION)
    response = client.get(reverse("public-announcement", args=[revocation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert revocation.title in page and "江滨街道办事处" in page
    for personal in personal_data(world.orgs["a_filed"]):
        assert personal not in page


def test_an_unknown_announcement_is_not_found(client, published):
    missing = max(a.pk for a in published) + 1
    assert client.get(reverse("public-announcement", args=[missing])).status_code == 404


def test_the_directory_leaves_out_registered_organizations_by_tier(world):
    street = world.orgs["a_filed"].community.parent
    tiers = {row["tier"] for row in public_directory.directory_queryset(street)}
    assert tiers == {Tier.FILED, Tier.GUIDED}
