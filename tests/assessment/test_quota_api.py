"""API v1 quota snapshots: the persona matrix on both sides of every boundary, the viewpoint
headline, rows and their filters, runs (allowed, refused, repeated), pinned query counts and the
schema (policies: test_quota_policy_api.py)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from assessment.choices import RuleKind
from assessment.models import QuotaReport, QuotaReportRow
from registry.models import User
from tests.assessment.conftest import (
    PERSONAS,
    POLICIES,
    REPORTS,
    STAFF,
    codes,
    error_codes,
    report_url,
    run_report,
)
from tests.conftest import make_organization

TODAY = timezone.localdate()

# The rows of the city snapshot each persona sees: its own region and everything below it.
CITY_ROWS = {
    "bureau_city": {"city", "district_a", "district_b", "street_a", "street_b", "street_c"}
    | {"community_a", "village_a", "community_b", "village_c"},
    "bureau_district": {"district_a", "street_a", "street_b", "community_a", "village_a", "community_b"},
    "bureau_district_b": {"district_b", "street_c", "village_c"},
    "street_a": {"street_a", "community_a", "village_a"},
    "street_b": {"street_b", "community_b"},
    "community_a": {"community_a"},
    "operator": {"street_a", "community_a", "village_a"},
    "org_a": set(),
}
# Whose jurisdiction each persona's headline of the city snapshot is drawn from.
VIEWPOINT = {
    "bureau_city": "city",
    "bureau_district": "district_a",
    "bureau_district_b": "district_b",
    "street_a": "street_a",
    "street_b": "street_b",
    "community_a": "community_a",
    "operator": "street_a",
}


# -- snapshots: who sees what --------------------------------------------------------------------


def test_it_refuses_the_anonymous(city_report):
    response = APIClient().get(REPORTS)
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_the_city_snapshot_to_every_staff_member_of_the_city(api, city_report, persona):
    results = api(persona).get(REPORTS).json()["results"]
    assert [row["id"] for row in results] == ([city_report.pk] if persona in STAFF else [])


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_404_for_a_snapshot_of_another_jurisdiction(
    api, world, city_policy, tree, django_capture_on_commit_callbacks, persona
):
    street_a_report = run_report(django_capture_on_commit_callbacks, city_policy, tree.street_a)
    district_a_report = run_report(django_capture_on_commit_callbacks, city_policy, tree.district_a)
    client = api(persona)
    sees_street_a = persona in {"bureau_city", "bureau_district", "street_a", "community_a", "operator"}
    sees_district_a = sees_street_a or persona == "street_b"
    assert client.get(report_url(street_a_report)).status_code == (200 if sees_street_a else 404)
    assert client.get(report_url(street_a_report, "rows")).status_code == (200 if sees_street_a else 404)
    assert client.get(report_url(district_a_report)).status_code == (200 if sees_district_a else 404)
    listed = {row["id"] for row in client.get(REPORTS).json()["results"]}
    assert listed == {
        report.pk
        for report, seen in ((street_a_report, sees_street_a), (district_a_report, sees_district_a))
        if seen
    }


@pytest.mark.parametrize("persona", STAFF)
def test_it_heads_a_wider_snapshot_with_the_users_own_region(api, city_report, tree, persona):
    own = getattr(tree, VIEWPOINT[persona])
    row = QuotaReportRow.objects.unrestricted().get(report=city_report, region=own)
    listed = api(persona).get(REPORTS).json()["results"][0]["headline"]
    detail = api(persona).get(report_url(city_report)).json()
    assert listed == detail["headline"]
    assert listed["region"] == {"code": own.code, "name": own.name}
    assert (listed["organizations"], listed["passed"], listed["failed"]) == (
        row.organizations,
        row.passed,
        row.failed,
    )
    assert detail["row"]["region"]["code"] == own.code
    assert "summary" not in detail and "row_count" not in detail


def test_it_never_shows_a_street_the_citys_figures(api, city_report, tree):
    headline = api("street_a").get(report_url(city_report)).json()["headline"]
    city = api("bureau_city").get(report_url(city_report)).json()["headline"]
    # 江滨街道 holds four of the city's seven organizations and two of its four communities.
    assert (headline["organizations"], headline["communities"]) == (4, 2)
    assert (city["organizations"], city["communities"]) == (7, 4)
    assert city == {"region": {"code": tree.city.code, "name": tree.city.name}, **city_report.summary}
    meeting = QuotaReportRow.objects.unrestricted().filter(
        report=city_report, level=5, region__code__startswith=tree.street_a.prefix, passed__gt=0, failed=0
    )
    assert headline["communities_meeting_all"] == meeting.count()


def test_it_retrieves_a_snapshot_with_its_frozen_rules(api, city_report):
    body = api("street_a").get(report_url(city_report)).json()
    assert body["status"] == "done" and body["has_rows"] is True
    assert [rule["key"] for rule in body["rules"]] == ["r1", "r2", "r3"]
    assert body["rules"][0]["kind"] == RuleKind.AVERAGE_ORGANIZATIONS
    assert body["rules"][0]["params"] == {"urban": 15, "rural": 8, "high_quality_only": False}
    assert "城市社区平均不少于 15 个" in body["rules"][0]["description"]
    assert set(body["row"]["results"]) == {"r1", "r2", "r3"}


# -- rows ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_only_the_rows_inside_the_users_jurisdiction(api, city_report, tree, persona):
    response = api(persona).get(report_url(city_report, "rows"))
    if persona == "org_a":
        assert response.status_code == 404
        return
    assert {row["region"]["code"] for row in response.json()["results"]} == codes(tree, *CITY_ROWS[persona])


def test_it_refuses_a_row_filter_outside_the_jurisdiction(api, city_report, tree):
    response = api("street_b").get(report_url(city_report, "rows"), {"region": tree.street_a.code})
    assert response.status_code == 400
    assert ("region", "invalid_choice") in error_codes(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "street"}, ("street_a", "street_b", "street_c")),
        ({"level": "4"}, ("street_a", "street_b", "street_c")),
        ({"level": "district"}, ("district_a", "district_b")),
        ({"parent": "990101001000"}, ("community_a", "village_a")),
        ({"region": "990101000000", "level": "community"}, ("community_a", "village_a", "community_b")),
        ({"rule": "r3"}, ("city", "district_a", "district_b", "street_a", "street_b", "street_c")),
    ],
)
def test_it_filters_rows_by_level_parent_region_and_rule(api, city_report, tree, params, expected):
    response = api("bureau_city").get(report_url(city_report, "rows"), params)
    assert response.status_code == 200, response.json()
    assert {row["region"]["code"] for row in response.json()["results"]} == codes(tree, *expected)


def test_it_filters_rows_by_the_outcome_of_a_rule(api, city_report):
    rows = QuotaReportRow.objects.unrestricted().filter(report=city_report)
    failing = {row.region_id for row in rows if row.results.get("r1", {}).get("outcome") == "fail"}
    passing = {row.region_id for row in rows if row.results.get("r1", {}).get("outcome") == "pass"}
    assert failing  # the fixture city is far below 15 organizations a community
    client = api("bureau_city")
    for outcome, expected in (("fail", failing), ("pass", passing)):
        response = client.get(report_url(city_report, "rows"), {"rule": "r1", "outcome": outcome})
        assert {row["region"]["code"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"outcome": "fail"}, ("outcome", "rule_required")),
        ({"rule": "r1;drop", "outcome": "fail"}, ("rule", "invalid_rule")),
        ({"rule": "r1", "outcome": "maybe"}, ("outcome", "invalid_choice")),
        ({"level": "province"}, ("level", "invalid_choice")),
    ],
)
def test_it_refuses_bad_row_filters_with_codes(api, city_report, params, error):
    response = api("bureau_city").get(report_url(city_report, "rows"), params)
    assert response.status_code == 400
    assert error in error_codes(response)


def test_it_pages_rows_with_a_cursor(api, city_report):
    client = api("bureau_city")
    first = client.get(report_url(city_report, "rows"), {"page_size": 4}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    seen = [row["region"]["code"] for row in first["results"] + second["results"] + third["results"]]
    assert len(seen) == 10 and seen == sorted(set(seen))


def test_it_filters_snapshots_by_policy_region_date_and_status(
    api, world, city_policy, district_policy, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    week_ago = TODAY - datetime.timedelta(days=7)
    old = run_report(capture, city_policy, tree.city, as_of=week_ago)
    new = run_report(capture, city_policy, tree.city)
    district = run_report(capture, district_policy, tree.district_a)
    client = api("bureau_city")

    def ids(**params):
        return [row["id"] for row in client.get(REPORTS, params).json()["results"]]

    assert ids() == [district.pk, new.pk, old.pk]  # newest date first
    assert ids(policy=city_policy.pk) == [new.pk, old.pk]
    assert ids(region=tree.district_a.code) == [district.pk]
    assert ids(as_of=week_ago.isoformat()) == [old.pk]
    assert ids(as_of_before=(TODAY - datetime.timedelta(days=1)).isoformat()) == [old.pk]
    assert ids(as_of_after=TODAY.isoformat()) == [district.pk, new.pk]
    assert ids(status="done") == [district.pk, new.pk, old.pk]
    assert ids(status="failed") == []


# -- runs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "region"), [("bureau_city", "city"), ("street_a", "street_a")])
def test_it_runs_a_snapshot_for_bureau_and_street_staff(
    api, world, city_policy, tree, django_capture_on_commit_callbacks, persona, region
):
    client = api(persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORTS, {"policy": city_policy.pk}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["region"]["code"] == getattr(tree, region).code  # the user's area by default
    assert body["as_of"] == TODAY.isoformat()
    assert body["status"] in ("pending", "running", "done")
    done = client.get(f"{REPORTS}{body['id']}/").json()
    assert done["status"] == "done" and done["headline"]["region"]["code"] == getattr(tree, region).code
    assert done["row"]["region"]["code"] == getattr(tree, region).code


def test_it_runs_over_the_policys_own_area_when_it_lies_inside_the_users(
    api, world, district_policy, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("bureau_city").post(REPORTS, {"policy": district_policy.pk}, format="json")
    assert response.status_code == 202
    assert response.json()["region"]["code"] == tree.district_a.code


@pytest.mark.parametrize("persona", ["community_a", "operator", "org_a"])
def test_it_refuses_runs_to_other_roles(api, city_policy, persona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(persona).post(REPORTS, {"policy": city_policy.pk}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "code": "role_not_allowed",
        "message": "只有民政局和街道办事处可以生成指标报告",
    }
    assert not QuotaReport.objects.unrestricted().exists()


@pytest.mark.parametrize(
    ("persona", "policy", "data", "error"),
    [
        ("bureau_city", "city", {"as_of": "2099-01-01"}, ("as_of", "future_date")),
        ("bureau_city", "district", {"region": "990102000000"}, ("region", "outside_policy")),
        ("street_a", "city", {"region": "990101002000"}, ("region", "does_not_exist")),
        ("street_a", "city", {"region": "990100000000"}, ("region", "does_not_exist")),
        ("bureau_district_b", "district", {}, ("policy", "does_not_exist")),
        ("bureau_city", "city", {"as_of": "2024-13-01"}, ("as_of", "invalid")),
    ],
)
def test_it_refuses_bad_runs_with_coded_errors(
    api, city_policy, district_policy, django_capture_on_commit_callbacks, persona, policy, data, error
):
    policy = city_policy if policy == "city" else district_policy
    with django_capture_on_commit_callbacks(execute=True):
        response = api(persona).post(REPORTS, {"policy": policy.pk, **data}, format="json")
    assert response.status_code == 400
    assert error in error_codes(response)
    assert not QuotaReport.objects.unrestricted().exists()


def test_it_refuses_an_unknown_policy_on_its_field(api, quota_presets):
    response = api("bureau_city").post(REPORTS, {"policy": 999999}, format="json")
    assert response.status_code == 400
    assert ("policy", "does_not_exist") in error_codes(response)


def test_it_replaces_the_rows_when_the_same_snapshot_runs_twice(
    api, world, city_policy, tree, django_capture_on_commit_callbacks
):
    client = api("bureau_city")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(REPORTS, {"policy": city_policy.pk}, format="json").json()
    rows = QuotaReportRow.objects.unrestricted().filter(report_id=first["id"])
    before = set(rows.values_list("pk", flat=True))
    make_organization(tree.community_b, name="湖畔社区新成立读书会")
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(REPORTS, {"policy": city_policy.pk}, format="json").json()
    assert second["id"] == first["id"]
    assert QuotaReport.objects.unrestricted().count() == 1
    after = set(rows.values_list("pk", flat=True))
    assert len(after) == len(before) == 10 and not before & after
    headline = client.get(f"{REPORTS}{first['id']}/").json()["headline"]
    assert headline["organizations"] == 8


# -- query counts ----------------------------------------------------------------------------------


def count_queries(user: User, url: str, params: dict | None = None) -> tuple[int, int]:
    client = APIClient()
    client.force_authenticate(User.objects.unrestricted().get(pk=user.pk))  # nothing cached on the user
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    body = response.json()
    return len(captured), len(body["results"] if isinstance(body, dict) else body)


def test_it_lists_snapshots_with_a_pinned_number_of_queries(
    personas, world, city_policy, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run_report(capture, city_policy, tree.city)
    street_few = count_queries(personas["street_a"], REPORTS)
    city_few = count_queries(personas["bureau_city"], REPORTS)
    for days in range(1, 4):
        as_of = TODAY - datetime.timedelta(days=days)
        run_report(capture, city_policy, tree.city, as_of=as_of)
        run_report(capture, city_policy, tree.street_a, as_of=as_of)
    # The user's region, the page and the street's own rows of wider snapshots (which hold its
    # communities meeting every target); a bureau heading only its own snapshots needs no rows.
    assert street_few == (3, 1) and count_queries(personas["street_a"], REPORTS) == (3, 7)
    assert city_few == (2, 1) and count_queries(personas["bureau_city"], REPORTS) == (2, 7)


def test_it_lists_rows_and_policies_with_a_pinned_number_of_queries(personas, city_report, district_policy):
    rows = report_url(city_report, "rows")
    user = personas["bureau_city"]
    # The user's region, the snapshot, the page of rows (their regions joined).
    assert count_queries(user, rows, {"level": "community"}) == (3, 4)
    assert count_queries(user, rows) == (3, 10)
    # The user's region, the page, its rules, the category vocabulary once.
    assert count_queries(user, POLICIES, {"preset": "false"}) == (4, 2)
    assert count_queries(user, POLICIES) == (4, 7)


# -- the schema ------------------------------------------------------------------------------------


def test_it_documents_the_quota_endpoints_in_a_valid_schema(admin_client):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    rows = paths["/api/v1/quota-reports/{id}/rows/"]["get"]
    assert {"level", "parent", "region", "rule", "outcome", "cursor"} <= {
        p["name"] for p in rows["parameters"]
    }
    assert {"202", "400", "403"} <= set(paths["/api/v1/quota-reports/"]["post"]["responses"])
    assert {"200", "400", "403", "404"} <= set(paths["/api/v1/quota-policies/{id}/"]["patch"]["responses"])
    assert "post" in paths["/api/v1/quota-policies/{id}/copy/"]
    assert "get" in paths["/api/v1/quota-policies/rule-kinds/"]
    assert "delete" not in paths["/api/v1/quota-policies/{id}/"]
