"""Quota dashboards: snapshots read from each persona's viewpoint, drilled down, exported, run on
demand and followed while they run."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessment.models import QuotaPolicy, QuotaReport, QuotaReportRow
from registry.choices import RegionLevel, UrbanRural
from registry.models import Category, Region
from tests.assessment.conftest import DASHBOARD, dashboard, login, run_report
from tests.conftest import Tree, make_organization

# -- who sees what ----------------------------------------------------------------------------------


def test_it_shows_a_street_only_its_own_rows_of_the_city_snapshot(client, city_report: QuotaReport) -> None:
    login(client, "street_a")

    response = dashboard(client, city_report)

    assert response.status_code == 200
    page = response.content.decode()
    assert "幸福里社区" in page and "桃源村" in page
    assert "望湖街道" not in page and "湖畔社区" not in page and "青山区" not in page
    assert response.context["region"].name == "江滨街道"
    assert [child.region.name for child, _ in response.context["children"]] == ["幸福里社区", "桃源村"]


def test_it_opens_the_city_snapshot_at_the_users_own_row(client, city_report: QuotaReport) -> None:
    login(client, "street_a")

    response = client.get(DASHBOARD)

    assert response.context["report"] == city_report
    own = QuotaReportRow.objects.unrestricted().get(report=city_report, region_id="990101001000")
    assert response.context["row"] == own


def test_it_answers_404_for_a_region_of_another_street(client, city_report: QuotaReport, tree: Tree) -> None:
    login(client, "street_a")

    response = dashboard(client, city_report, region=tree.street_b.code)

    assert response.status_code == 404


def test_it_answers_404_to_another_districts_bureau_for_a_district_snapshot(
    client, district_report: QuotaReport, tree: Tree
) -> None:
    login(client, "bureau_district_b")

    assert dashboard(client, district_report).status_code == 404
    assert client.get(reverse("quota-export"), {"report": district_report.pk}).status_code == 404
    assert client.get(reverse("quota-report-status", args=[district_report.pk])).status_code == 404
    community = reverse("quota-community", args=[tree.community_a.code])
    assert client.get(community, {"report": district_report.pk}).status_code == 404


def test_it_does_not_exist_for_organization_accounts(client, city_report: QuotaReport) -> None:
    login(client, "org_a")

    assert client.get(DASHBOARD).status_code == 404
    assert dashboard(client, city_report).status_code == 404
    assert client.get(reverse("quota-report-status", args=[city_report.pk])).status_code == 404


def test_it_sends_the_anonymous_to_the_login_page(client, city_report: QuotaReport) -> None:
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# -- what the pages show ----------------------------------------------------------------------------


def test_it_shows_headline_cards_and_a_coloured_badge_per_result(client, city_report: QuotaReport) -> None:
    login(client, "bureau_city")

    response = dashboard(client, city_report)

    page = response.content.decode()
    city = QuotaReportRow.objects.unrestricted().get(report=city_report, region_id="990100000000")
    averages = city.results["r1"]
    assert averages["outcome"] == "fail"
    assert averages["text"] in page
    assert "城市社区平均 <strong>" in page
    assert '<span class="badge text-bg-danger" data-state="fail">未达标</span>' in page
    assert response.context["meeting_all"] == 0
    furthest = response.context["furthest"]
    assert furthest and {row.level for row in furthest} == {RegionLevel.STREET}
    assert [row.shortfall for row in furthest] == sorted((row.shortfall for row in furthest), reverse=True)
    assert [child.region.name for child, _ in response.context["children"]] == ["临江区", "青山区"]


def test_it_drills_down_to_a_street_and_links_its_communities(
    client, city_report: QuotaReport, tree: Tree
) -> None:
    login(client, "bureau_city")

    response = dashboard(client, city_report, region=tree.street_a.code)

    page = response.content.decode()
    assert [region.name for region in response.context["trail"]] == ["清河市", "临江区"]
    community_page = reverse("quota-community", args=[tree.community_a.code])
    assert f'href="{community_page}?report={city_report.pk}"' in page


def test_it_sends_a_community_drill_down_to_the_community_page(
    client, city_report: QuotaReport, tree: Tree
) -> None:
    login(client, "bureau_city")

    response = dashboard(client, city_report, region=tree.community_a.code)

    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('quota-community', args=[tree.community_a.code])}?report={city_report.pk}"
    )


def test_it_sorts_the_table_by_shortfall(client, city_report: QuotaReport, tree: Tree) -> None:
    login(client, "bureau_city")

    response = dashboard(client, city_report, region=tree.district_a.code, sort="shortfall")

    rows = [child for child, _ in response.context["children"]]
    assert [row.shortfall for row in rows] == sorted((row.shortfall for row in rows), reverse=True)


def test_it_lists_the_categories_most_often_missing(client, coverage_report: QuotaReport) -> None:
    login(client, "bureau_district")

    response = dashboard(client, coverage_report)

    missing = dict(response.context["missing"])
    # No community of 临江区 has a featured (特色) or a mediation organization.
    assert missing["特色类"] == 3
    assert missing["纠纷调处类"] == 3


def test_it_shows_a_community_the_categories_it_lacks_and_the_targets_it_fails(
    client, coverage_report: QuotaReport, tree: Tree
) -> None:
    login(client, "community_a")

    response = client.get(
        reverse("quota-community", args=[tree.community_a.code]), {"report": coverage_report.pk}
    )

    assert response.status_code == 200
    assert response.context["missing"] == ["居民互助类", "纠纷调处类", "平安建设类", "特色类"]
    # No organization of the fixture city has been graded or has a project: the high-quality average
    # and the annual activity fail with 0, as reported (they no longer say "no data").
    assert [rule["label"] for rule, _ in response.context["failing"]] == [
        "类别覆盖（5+X）",
        "社区平均组织数",
        "年度服务项目与能力培训",
    ]
    page = response.content.decode()
    assert "缺居民互助类、纠纷调处类、平安建设类、特色类" in page
    assert dict(response.context["categories"]) == {"公益慈善类": 2, "文体科教类": 1}
    assert dict(response.context["tiers"]) == {"依法登记": 1, "街道备案": 1, "社区指导": 1}


def test_without_a_5_plus_x_rule_the_community_page_lists_the_categories_with_no_organization(
    client, city_report: QuotaReport, tree: Tree
) -> None:
    login(client, "community_a")

    response = client.get(
        reverse("quota-community", args=[tree.community_a.code]), {"report": city_report.pk}
    )

    assert response.status_code == 200
    assert response.context["missing"] == ["居民互助类", "纠纷调处类", "平安建设类", "特色类"]
    assert response.context["missing_by_rule"] is False
    assert "本方案不含类别覆盖指标" in response.content.decode()


def test_it_exports_a_communitys_own_line(client, coverage_report: QuotaReport, tree: Tree) -> None:
    login(client, "street_a")
    page = client.get(
        reverse("quota-community", args=[tree.community_a.code]), {"report": coverage_report.pk}
    )
    query = page.context["query"]

    response = client.get(f"{reverse('quota-export')}?{query}&table=region")

    sheet = load_workbook(io.BytesIO(response.content)).active
    header, line = list(sheet.iter_rows(values_only=True))
    row = dict(zip(header, line, strict=True))
    assert (row["区划"], row["城乡分类"]) == ("幸福里社区", "城市社区")
    assert row["类别覆盖（5+X）·判定"] == "未达标"
    assert row["类别覆盖（5+X）·结果"] == "缺居民互助类、纠纷调处类、平安建设类、特色类"


@pytest.mark.parametrize(
    "params", [{"report": "abc"}, {"policy": "1x"}, {"report": "999999"}, {"region": "not-a-code"}]
)
def test_it_answers_404_to_bad_parameters(client, city_report: QuotaReport, params: dict) -> None:
    login(client, "bureau_city")

    assert client.get(DASHBOARD, params).status_code == 404


def test_it_answers_404_for_a_community_outside_the_jurisdiction(
    client, city_report: QuotaReport, tree: Tree
) -> None:
    login(client, "street_a")

    response = client.get(
        reverse("quota-community", args=[tree.community_b.code]), {"report": city_report.pk}
    )

    assert response.status_code == 404


def test_it_draws_the_trend_across_snapshots(
    client, world, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> None:
    today = timezone.localdate()
    run_report(
        django_capture_on_commit_callbacks, city_policy, tree.city, as_of=today - datetime.timedelta(days=30)
    )
    latest = run_report(django_capture_on_commit_callbacks, city_policy, tree.city, as_of=today)
    login(client, "bureau_city")

    response = dashboard(client, latest)

    trend = response.context["charts"]["trend"]
    assert trend["dates"] == [(today - datetime.timedelta(days=30)).isoformat(), today.isoformat()]
    assert {line["name"] for line in trend["series"]} >= {"城市社区平均", "农村社区平均", "社区品牌组织数"}
    assert 'id="quota-chart-data"' in response.content.decode()


def test_it_charts_the_averages_of_each_child_region_against_the_targets(
    client, city_report: QuotaReport
) -> None:
    login(client, "bureau_city")

    averages = dashboard(client, city_report).context["charts"]["averages"]

    district_a = QuotaReportRow.objects.unrestricted().get(report=city_report, region_id="990101000000")
    assert averages["regions"] == ["临江区", "青山区"]
    assert averages["urban"][0] == district_a.results["r1"]["detail"]["urban"]["average"]
    assert (averages["urbanTarget"], averages["ruralTarget"]) == (15, 8)


# -- Excel ------------------------------------------------------------------------------------------


def test_it_exports_the_table_on_screen(client, city_report: QuotaReport, tree: Tree) -> None:
    login(client, "bureau_city")

    response = client.get(reverse("quota-export"), {"report": city_report.pk, "region": tree.district_a.code})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["区划", "区划代码", "层级"]
    assert "社区平均组织数·判定" in header and "社区品牌组织数·结果" in header
    by_name = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
    assert set(by_name) == {"江滨街道", "望湖街道"}
    street_a = QuotaReportRow.objects.unrestricted().get(report=city_report, region=tree.street_a)
    assert by_name["江滨街道"]["社区平均组织数·判定"] == "未达标"
    assert by_name["江滨街道"]["社区平均组织数·结果"] == street_a.results["r1"]["text"]
    assert by_name["江滨街道"]["街道联合会·判定"] == "未达标"
    assert by_name["江滨街道"]["街道联合会·目标"] == 1
    # Urban and rural targets as the policy states them, never a blend of the two.
    params = next(rule["params"] for rule in city_report.rules if rule["key"] == "r1")
    assert by_name["江滨街道"]["社区平均组织数·目标"] == f"城市 {params['urban']}，农村 {params['rural']}"


def test_it_exports_only_the_users_rows(client, city_report: QuotaReport) -> None:
    login(client, "street_b")

    response = client.get(reverse("quota-export"), {"report": city_report.pk})

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["湖畔社区"]


def test_it_exports_the_trend(client, city_report: QuotaReport) -> None:
    login(client, "bureau_city")

    response = client.get(reverse("quota-export"), {"report": city_report.pk, "table": "trend"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统计日期", "组织数")
    assert len(rows) == 2 and rows[1][1] == 7


# -- cost -------------------------------------------------------------------------------------------


def grow(street: Region, first: int, count: int) -> None:
    """More communities in a street, each with one organization of a core category."""
    category = Category.objects.get(code="mutual_aid")
    for number in range(first, first + count):
        community = Region.objects.create(
            code=f"{street.code[:9]}{number:03d}",
            name=f"新建{number}社区",
            level=RegionLevel.COMMUNITY,
            parent=street,
            urban_rural=UrbanRural.URBAN if number % 2 else UrbanRural.RURAL,
        )
        make_organization(community, category=category)


def test_the_dashboard_costs_the_same_few_queries_whatever_the_size(
    client,
    world,
    city_policy: QuotaPolicy,
    tree: Tree,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
) -> None:
    grow(tree.street_a, 10, 2)
    small_report = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    login(client, "bureau_city")
    with CaptureQueriesContext(connection) as small:
        client.get(DASHBOARD, {"report": small_report.pk, "region": tree.street_a.code})
    grow(tree.street_a, 20, 12)
    large_report = run_report(
        django_capture_on_commit_callbacks,
        city_policy,
        tree.city,
        as_of=timezone.localdate() - datetime.timedelta(days=1),
    )

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(DASHBOARD, {"report": large_report.pk, "region": tree.street_a.code})

    assert len(response.context["children"]) == 16
    # Session, user and region, the unread-message badge, the policies, the snapshot and its
    # choices, the region's row (which holds its communities meeting all), its children, the
    # furthest, the category names, the trail, the trend, and whether organizations or social workers
    # changed since the snapshot (one existence check each): no query per row.
    assert len(small.captured_queries) <= 15, [query["sql"] for query in small.captured_queries]


def test_a_snapshot_older_than_its_data_says_so_and_offers_to_recompute(
    client, city_report: QuotaReport, tree: Tree, personas
) -> None:
    login(client, "bureau_city")
    page = client.get(reverse("quota-dashboard"), {"report": city_report.pk}).content.decode()
    assert 'id="quota-stale"' not in page  # nothing changed since it was computed

    organization = make_organization(tree.community_b, name="湖畔社区新成立合唱队")
    page = client.get(reverse("quota-dashboard"), {"report": city_report.pk}).content.decode()
    assert 'id="quota-stale"' in page and "可能已不是最新" in page
    stale = page[page.index('id="quota-stale"') :]
    assert "立即生成报告" in stale[: stale.index("</div>")]

    # A street whose own organizations did not change still reads its part of the snapshot as current.
    login(client, "street_a")
    page = client.get(reverse("quota-dashboard"), {"report": city_report.pk}).content.decode()
    assert 'id="quota-stale"' not in page
    assert organization.community_id.startswith(tree.street_b.prefix)
