"""The quarterly statistics table (季度统计表) against hand-computed figures on the fixture city.

清河市 → 临江区 (江滨街道: 幸福里社区 urban, 桃源村 rural; 望湖街道: 湖畔社区 urban) and 青山区 (松林镇:
松林村 rural). History rows are written at creation, i.e. now; every test that reads a past
quarter moves them (and the decision rows) back to the moment the event is meant to have happened,
in the order the events happen, so history ids keep growing with time.
"""

from __future__ import annotations

import datetime
import io
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessment.quota import sources
from assessment.statistics import (
    NO_DATA,
    TRAINING_LABEL,
    QuarterlyStatistics,
    StatisticsRow,
    last_completed_quarter,
    quarterly_statistics,
)
from filing.choices import ApplicationKind, ApplicationState, RevocationGround
from filing.models import FilingApplication, Revocation
from filing.services.duties import organization_revoke
from registry import services
from registry.choices import OrganizationStatus, RegionLevel, Role, Tier, UrbanRural
from registry.models import Category, Organization, Region, User
from tests.conftest import PASSWORD, Tree, make_organization, make_user, valid_credit_code
from tests.measures_support import stand_in

NO_TRAINING = "尚无能力培训记录"


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def org_at(
    community: Region, moment: datetime.datetime, category: str = "charity", **overrides
) -> Organization:
    """An organization that entered the register at ``moment``."""
    organization = make_organization(community, category=Category.objects.get(code=category), **overrides)
    Organization.history.unrestricted().filter(id=organization.pk).update(history_date=moment)
    return organization


def registered_at(community: Region, moment: datetime.datetime, **overrides) -> Organization:
    return org_at(
        community, moment, "culture", tier=Tier.REGISTERED, credit_code=valid_credit_code(), **overrides
    )


def last_change_at(organization: Organization, moment: datetime.datetime) -> None:
    """Move the organization's newest history row (the change just made) to ``moment``."""
    newest = Organization.history.unrestricted().filter(id=organization.pk).order_by("-history_id").first()
    Organization.history.unrestricted().filter(history_id=newest.history_id).update(history_date=moment)


def revoke_at(organization: Organization, actor: User, moment: datetime.datetime) -> None:
    organization_revoke(
        actor=actor,
        organization_id=organization.pk,
        ground=RevocationGround.COMPLAINTS,
        investigation="走访核实",
        reason="群众多次投诉",
    )
    last_change_at(organization, moment)
    Revocation.objects.unrestricted().filter(organization=organization).update(decided_at=moment)


def deregister_at(organization: Organization, moment: datetime.datetime) -> None:
    system = User.objects.unrestricted().filter(is_superuser=True).first()
    services.organization_end(
        actor=system, organization_id=organization.pk, status=OrganizationStatus.DEREGISTERED, reason="解散"
    )
    last_change_at(organization, moment)


def application(
    community: Region, decided_at: datetime.datetime, kind: str = ApplicationKind.NEW, **extra
) -> FilingApplication:
    applicant = User.objects.unrestricted().filter(role=Role.APPLICANT).first() or make_user(
        "applicant", Role.APPLICANT
    )
    return FilingApplication.objects.create(
        kind=kind,
        community=community,
        applicant=applicant,
        contact_name="张三",
        contact_phone="13800000000",
        state=extra.pop("state", ApplicationState.APPROVED),
        decided_at=decided_at,
        **extra,
    )


def by_code(statistics: QuarterlyStatistics) -> dict[str, StatisticsRow]:
    return {row.code: row for row in statistics.rows}


def stats(region: Region, year: int = 2025, quarter: int = 1) -> QuarterlyStatistics:
    return quarterly_statistics(region=region, year=year, quarter=quarter)


# -- the figures ------------------------------------------------------------------------------------


def test_a_past_quarter_ignores_an_organization_filed_later(tree: Tree) -> None:
    org_at(tree.community_a, at(2025, 2, 10))
    org_at(tree.community_a, at(2025, 4, 5))

    first, second = stats(tree.street_a, 2025, 1), stats(tree.street_a, 2025, 2)

    assert by_code(first)[tree.community_a.code].organizations == 1
    assert first.total.organizations == 1
    assert first.total.by_tier == {Tier.REGISTERED: 0, Tier.FILED: 1, Tier.GUIDED: 0}
    assert by_code(second)[tree.community_a.code].organizations == 2
    assert second.total.by_category["charity"] == 2


def test_the_quarter_has_its_period_and_a_row_per_child_in_code_order(tree: Tree) -> None:
    statistics = stats(tree.district_a, 2025, 3)

    assert (statistics.start, statistics.end) == (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
    assert [row.code for row in statistics.rows] == [tree.street_a.code, tree.street_b.code]
    assert [row.name for row in statistics.rows] == ["江滨街道", "望湖街道"]
    assert stats(tree.street_a, 2024, 4).end == datetime.date(2024, 12, 31)
    assert [row.code for row in stats(tree.city).rows] == [tree.district_a.code, tree.district_b.code]


def test_a_revoked_organization_leaves_the_counts_from_its_revocation_on(
    tree: Tree, personas: dict[str, User]
) -> None:
    kept = org_at(tree.village_a, at(2025, 1, 10))
    revoked = org_at(tree.village_a, at(2025, 1, 12))
    revoke_at(revoked, personas["street_a"], at(2025, 5, 20))

    q1, q2, q3 = (stats(tree.street_a, 2025, quarter) for quarter in (1, 2, 3))

    assert kept.pk != revoked.pk
    assert (by_code(q1)[tree.village_a.code].organizations, q1.total.measured["revocations"]) == (2, 0)
    assert (
        by_code(q2)[tree.village_a.code].organizations,
        by_code(q2)[tree.village_a.code].measured["revocations"],
    ) == (
        1,
        1,
    )
    assert (q3.total.organizations, q3.total.measured["revocations"]) == (1, 0)


def test_new_filings_revocations_and_deregistrations_count_in_their_own_quarter(
    tree: Tree, personas: dict[str, User]
) -> None:
    application(tree.community_a, at(2025, 3, 31, 23, 30))  # still Q1 in Beijing time, Q1 in UTC too
    application(tree.community_b, at(2025, 4, 1, 0, 30))  # Q2 in Beijing time, yet March 31st in UTC
    application(tree.community_a, at(2025, 2, 1), state=ApplicationState.REJECTED)
    application(tree.community_a, at(2025, 2, 1), kind=ApplicationKind.CHANGE)
    application(tree.village_c, at(2025, 2, 1))  # the other district
    revoked = org_at(tree.community_a, at(2025, 1, 3))
    ended = org_at(tree.community_b, at(2025, 1, 5))
    deregister_at(ended, at(2025, 2, 15))
    revoke_at(revoked, personas["street_a"], at(2025, 3, 31, 23, 59))

    q1, q2 = stats(tree.district_a, 2025, 1), stats(tree.district_a, 2025, 2)
    street_a, street_b = by_code(q1)[tree.street_a.code], by_code(q1)[tree.street_b.code]

    assert (
        street_a.measured["new_filings"],
        street_a.measured["revocations"],
        street_a.measured["deregistrations"],
    ) == (1, 1, 0)
    assert (
        street_b.measured["new_filings"],
        street_b.measured["revocations"],
        street_b.measured["deregistrations"],
    ) == (0, 0, 1)
    assert (
        q1.total.measured["new_filings"],
        q1.total.measured["revocations"],
        q1.total.measured["deregistrations"],
    ) == (1, 1, 1)
    assert q1.total.organizations == 0
    assert q1.total.entered_by_tier == {Tier.REGISTERED: 0, Tier.FILED: 2, Tier.GUIDED: 0}
    assert by_code(q2)[tree.street_b.code].measured["new_filings"] == 1
    assert (
        q2.total.measured["new_filings"],
        q2.total.measured["revocations"],
        q2.total.measured["deregistrations"],
        q2.total.entered,
    ) == (
        1,
        0,
        0,
        0,
    )


def test_a_later_edit_of_a_deregistered_organization_is_not_a_second_deregistration(tree: Tree) -> None:
    ended = org_at(tree.community_b, at(2025, 1, 5))
    deregister_at(ended, at(2025, 2, 15))
    Organization.objects.unrestricted().get(pk=ended.pk).save()  # any later save writes a history row
    last_change_at(ended, at(2025, 5, 1))

    assert stats(tree.street_b, 2025, 1).total.measured["deregistrations"] == 1
    assert stats(tree.street_b, 2025, 2).total.measured["deregistrations"] == 0


def test_organizations_are_split_by_urban_and_rural_community_tier_category_and_brand(tree: Tree) -> None:
    org_at(tree.community_a, at(2025, 1, 2), is_brand=True)
    registered_at(tree.community_a, at(2025, 1, 3))
    org_at(tree.village_a, at(2025, 1, 4), "mutual_aid", tier=Tier.GUIDED)
    org_at(tree.community_b, at(2025, 1, 5), "featured")
    org_at(tree.village_c, at(2025, 1, 6))

    district = stats(tree.district_a)
    street_a, street_b = by_code(district)[tree.street_a.code], by_code(district)[tree.street_b.code]
    city = stats(tree.city)

    assert (street_a.urban_communities, street_a.rural_communities) == (1, 1)
    assert (street_a.organizations, street_a.in_urban, street_a.in_rural, street_a.brands) == (3, 2, 1, 1)
    assert street_a.by_tier == {Tier.REGISTERED: 1, Tier.FILED: 1, Tier.GUIDED: 1}
    categories = {"charity": 1, "mutual_aid": 1, "culture": 1, "mediation": 0, "safety": 0, "featured": 0}
    assert street_a.by_category == categories
    assert (street_b.urban_communities, street_b.rural_communities) == (1, 0)
    assert (street_b.in_urban, street_b.in_rural) == (1, 0)
    total = district.total
    assert (total.urban_communities, total.rural_communities, total.organizations) == (2, 1, 4)
    assert (total.in_urban, total.in_rural) == (3, 1)
    assert [name for _, name in district.categories][:2] == ["公益慈善类", "居民互助类"]
    district_b = by_code(city)[tree.district_b.code]
    assert (district_b.rural_communities, district_b.in_rural) == (1, 1)
    assert (city.total.organizations, city.total.in_urban, city.total.in_rural) == (5, 3, 2)


def test_a_community_sees_its_own_figures_as_its_only_row(tree: Tree) -> None:
    org_at(tree.village_a, at(2025, 1, 4))

    statistics = stats(tree.village_a)

    assert [(row.code, row.organizations, row.rural_communities) for row in statistics.rows] == [
        (tree.village_a.code, 1, 1)
    ]
    assert statistics.total.organizations == 1


def test_a_column_no_app_provides_yet_has_no_data_and_says_why(tree: Tree) -> None:
    with stand_in(sources.TRAINING_ATTENDANCE, None):
        statistics = stats(tree.district_a)

    assert statistics.total.measured.get("training_attendance") is None
    assert all(row.measured.get("training_attendance") is None for row in statistics.rows)
    assert statistics.missing == {TRAINING_LABEL: NO_TRAINING}


def test_training_counts_the_person_times_recorded_in_the_quarter_once_a_source_exists(tree: Tree) -> None:
    recorded = [(at(2024, 12, 30), tree.community_a.code), (at(2025, 2, 1), tree.community_a.code)]
    recorded += [(at(2025, 3, 1), tree.village_a.code), (at(2025, 4, 2), tree.community_b.code)]

    def provider(prefix: str, cutoff: datetime.datetime, params: object) -> dict[str, int]:
        counts: dict[str, int] = {}
        for moment, code in recorded:
            if moment < cutoff and code.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
        return counts

    with stand_in(sources.TRAINING_ATTENDANCE, provider):
        statistics = stats(tree.district_a)

    assert by_code(statistics)[tree.street_a.code].measured.get("training_attendance") == 2
    assert by_code(statistics)[tree.street_b.code].measured.get("training_attendance") == 0
    assert statistics.missing == {}


# -- the page and the download -------------------------------------------------------------------


def page(client, user: User, name: str = "quarterly-statistics", **params):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse(name), params)


def test_the_page_defaults_to_the_users_jurisdiction_and_the_last_completed_quarter(
    client, personas: dict[str, User], tree: Tree
) -> None:
    response = page(client, personas["street_a"])

    statistics = response.context["statistics"]
    assert response.status_code == 200
    assert statistics.region == tree.street_a
    assert statistics.quarter == last_completed_quarter()
    assert "季度统计表" in response.content.decode()


def test_the_page_shows_the_figures_and_no_data_for_training(
    client, personas: dict[str, User], tree: Tree
) -> None:
    org_at(tree.community_b, at(2025, 1, 5), "featured")

    with stand_in(sources.TRAINING_ATTENDANCE, None):
        response = page(
            client, personas["bureau_district"], region=tree.district_a.code, year=2025, quarter=1
        )

    body = response.content.decode()
    assert response.status_code == 200
    assert by_code(response.context["statistics"])[tree.street_b.code].organizations == 1
    assert "望湖街道" in body and "特色类" in body
    assert f"{TRAINING_LABEL}：{NO_DATA}（{NO_TRAINING}）" in body
    assert f"?region={tree.street_a.code}&amp;year=2025&amp;quarter=1" in body  # drill down


def test_the_quarter_under_way_can_be_drawn_and_says_it_may_still_change(
    client, personas: dict[str, User], tree: Tree
) -> None:
    today = timezone.localdate()
    make_organization(tree.community_a)

    response = page(client, personas["street_a"], year=today.year, quarter=(today.month - 1) // 3 + 1)

    assert response.context["statistics"].in_progress
    assert response.context["statistics"].total.organizations == 2  # with the personas' own
    assert "本季度尚未结束" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "region"),
    [
        ("street_a", "street_b"),
        ("street_a", "district_a"),
        ("bureau_district_b", "street_a"),
        ("community_a", "village_a"),
    ],
)
@pytest.mark.parametrize("name", ["quarterly-statistics", "quarterly-statistics-export"])
def test_a_region_outside_the_jurisdiction_does_not_exist(
    client, personas: dict[str, User], tree: Tree, persona: str, region: str, name: str
) -> None:
    response = page(client, personas[persona], name, region=getattr(tree, region).code, year=2025, quarter=1)

    assert response.status_code == 404


def test_an_unknown_region_code_does_not_exist(client, personas: dict[str, User]) -> None:
    assert page(client, personas["bureau_city"], region="not-a-code").status_code == 404


@pytest.mark.parametrize("persona", ["bureau_city", "street_a", "community_a", "operator"])
def test_every_staff_role_draws_the_table_of_a_region_inside_its_jurisdiction(
    client, personas: dict[str, User], tree: Tree, persona: str
) -> None:
    region = personas[persona].region
    assert page(client, personas[persona], region=region.code, year=2025, quarter=1).status_code == 200


def test_an_organization_account_may_not_see_the_table(client, personas: dict[str, User]) -> None:
    assert page(client, personas["org_a"]).status_code == 403


def test_the_anonymous_are_sent_to_log_in(client) -> None:
    response = client.get(reverse("quarterly-statistics"))

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": 2025, "quarter": 5}, "quarter", "季度应为1至4"),
        ({"year": "二〇二五", "quarter": 1}, "year", "年度应为四位数字"),
        ({"year": 1999, "quarter": 1}, "year", "年度应在2000年至"),
    ],
)
def test_bad_input_shows_the_field_error_and_no_table(
    client, personas: dict[str, User], params: dict, field: str, message: str
) -> None:
    response = page(client, personas["street_a"], **params)

    assert response.status_code == 200
    assert response.context["statistics"] is None
    assert response.context["form"].errors[field][0].startswith(message)
    assert message in response.content.decode()


def test_a_bad_quarter_gives_no_download(client, personas: dict[str, User]) -> None:
    response = page(client, personas["street_a"], "quarterly-statistics-export", year=2025, quarter=9)

    assert response.status_code == 400
    assert response.context["form"].errors["quarter"] == ["季度应为1至4"]


def test_the_download_holds_the_same_numbers_as_the_page(
    client, personas: dict[str, User], tree: Tree
) -> None:
    org_at(tree.community_a, at(2025, 1, 2), is_brand=True)
    org_at(tree.village_a, at(2025, 1, 4), "mutual_aid", tier=Tier.GUIDED)
    org_at(tree.community_b, at(2025, 1, 5), "featured")
    application(tree.community_b, at(2025, 2, 1))
    params = {"region": tree.district_a.code, "year": 2025, "quarter": 1}
    with stand_in(sources.TRAINING_ATTENDANCE, None):
        shown = page(client, personas["bureau_district"], **params).context["statistics"]
        response = page(client, personas["bureau_district"], "quarterly-statistics-export", **params)

    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]).endswith("季度统计表-临江区-2025Q1.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert lines[0][0] == "临江区2025年第1季度社区社会组织统计表"
    assert lines[1][0] == "统计期间：2025年1月1日至2025年3月31日"
    header = next(line for line in lines if line[0] == "区划" and "合计" in line)
    assert header[2:] == [column.label for column in shown.columns]
    table = {line[0]: line[2:] for line in lines if line[0] in ("江滨街道", "望湖街道", "合计")}
    expected = {row.name: [NO_DATA if cell is None else cell for cell in cells] for row, cells in shown.table}
    assert table == expected
    assert table["合计"][:3] == [2, 1, 3]  # urban communities, rural communities, organizations
    assert table["合计"][header.index("人次") - 2] == NO_DATA
    assert [f"{TRAINING_LABEL}：{NO_DATA}（{NO_TRAINING}）"] in [line[:1] for line in lines]


# -- cost ------------------------------------------------------------------------------------------

# Regions, categories, organization counts, entries; then each flow measure (new filings, revocations,
# deregistrations, graduations from incubation, training person-times) at both ends of the quarter,
# and each stock measure (incubation bases and tenants, Party organizations, Party-member leaders)
# at its end.
QUERIES = 4 + 5 * 2 + 4


def grow(tree: Tree, personas: dict[str, User], first: int, count: int) -> None:
    """More communities in 江滨街道, each with organizations, a filing, a revocation and a deregistration."""
    for number in range(first, first + count):
        community = Region.objects.create(
            code=f"990101001{number:03d}",
            name=f"新建{number}社区",
            level=RegionLevel.COMMUNITY,
            parent=tree.street_a,
            urban_rural=UrbanRural.URBAN if number % 2 else UrbanRural.RURAL,
        )
        _, revoked, ended = (org_at(community, at(2025, 1, 2)) for _ in range(3))
        application(community, at(2025, 2, 1))
        revoke_at(revoked, personas["street_a"], at(2025, 2, 2))
        deregister_at(ended, at(2025, 2, 3))


def test_the_number_of_queries_does_not_grow_with_the_communities(
    tree: Tree, personas: dict[str, User], django_assert_max_num_queries
) -> None:
    grow(tree, personas, 10, 2)
    with CaptureQueriesContext(connection) as small:
        stats(tree.district_a)
    grow(tree, personas, 20, 10)

    with django_assert_max_num_queries(QUERIES):
        statistics = stats(tree.district_a)

    assert len(small.captured_queries) == QUERIES
    row = by_code(statistics)[tree.street_a.code]
    assert (
        row.organizations,
        row.measured["new_filings"],
        row.measured["revocations"],
        row.measured["deregistrations"],
    ) == (12, 12, 12, 12)


def test_the_page_costs_the_same_few_queries_whatever_the_size(
    client, tree: Tree, personas: dict[str, User], django_assert_max_num_queries
) -> None:
    grow(tree, personas, 10, 2)
    client.login(username="bureau_district", password=PASSWORD)
    url, params = (
        reverse("quarterly-statistics"),
        {"region": tree.district_a.code, "year": 2025, "quarter": 1},
    )
    with CaptureQueriesContext(connection) as small:
        client.get(url, params)
    grow(tree, personas, 20, 10)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, params)

    assert response.status_code == 200
    # Besides the table: session, user, the user's region, the requested region, the trail up to
    # the jurisdiction, and the unread-message badge.
    assert len(small.captured_queries) == QUERIES + 6
