"""API v1 of work reports, schemes, rounds and results, brands, selections, projects and trainings: the
same scope as the pages (404 outside), refusals with their codes, never a 500."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from assessment.evaluation.periods import period_containing
from assessment.models import BrandDesignation, WorkReport
from tests.assessment.evaluation.conftest import (
    TODAY,
    graded_round,
    last_period,
    move,
    open_round,
    report_data,
    submit,
)


@pytest.fixture
def api(personas):
    def as_persona(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(personas[name])
        return client

    return as_persona


def errors(response) -> set[tuple[str, str]]:
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


def report_payload(**overrides):
    data = report_data(**overrides)
    data["activities"] = [{**a, "held_on": a["held_on"].isoformat()} for a in data["activities"]]
    return data


# -- work reports ---------------------------------------------------------------------------------------


def test_an_organization_reports_through_the_api(api, orgs):
    response = api("org_a").post("/api/v1/work-reports/", report_payload(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["organization"]["id"], body["period_label"], body["state"]) == (
        orgs["a_guided"].pk,
        last_period().label,
        "submitted",
    )
    assert body["activities"] == [
        {"title": "重阳节敬老茶话会", "held_on": last_period().start.isoformat(), "participants": 45}
    ]
    assert body["allowed_actions"] == []


def test_a_future_period_is_a_field_error(api, orgs):
    future = period_containing("half", TODAY + datetime.timedelta(days=200))
    payload = report_payload(period_kind=future.kind, year=future.year, period_index=future.index)

    response = api("org_a").post("/api/v1/work-reports/", payload, format="json")

    assert response.status_code == 400
    assert errors(response) == {("period", "future_period")}


def test_the_street_does_not_report_and_another_communitys_organization_is_not_found(api, orgs):
    assert api("street_a").post("/api/v1/work-reports/", report_payload(), format="json").status_code == 403
    foreign = {**report_payload(), "organization": orgs["b_filed"].pk}
    assert api("community_a").post("/api/v1/work-reports/", foreign, format="json").status_code == 404


def test_the_community_answers_through_the_api(api, personas, orgs):
    report = submit(personas["org_a"], orgs["a_guided"])
    url = f"/api/v1/work-reports/{report.pk}/"

    missing = api("community_a").post(url + "return/", {"response": ""}, format="json")
    acknowledged = api("community_a").post(url + "acknowledge/", {"response": "已阅"}, format="json")
    again = api("community_a").post(url + "return/", {"response": "请补充"}, format="json")

    assert missing.status_code == 400 and errors(missing) == {("response", "comment_required")}
    assert acknowledged.status_code == 200 and acknowledged.json()["state"] == "acknowledged"
    assert again.status_code == 409
    assert api("street_b").post(url + "acknowledge/", {}, format="json").status_code == 404


def test_an_organization_lists_only_its_own_reports(api, personas, orgs):
    submit(personas["org_a"], orgs["a_guided"])
    submit(personas["community_a"], orgs["a_filed"])

    own = api("org_a").get("/api/v1/work-reports/").json()["results"]
    street = api("street_a").get("/api/v1/work-reports/").json()["results"]

    assert [r["organization"]["id"] for r in own] == [orgs["a_guided"].pk]
    assert len(street) == 2


# -- rounds and results ------------------------------------------------------------------------------------


def test_a_round_runs_through_the_api(api, orgs, tree):
    opened = api("community_a").post("/api/v1/evaluation-rounds/", {"year": TODAY.year - 1}, format="json")
    assert opened.status_code == 201, opened.json()
    url = f"/api/v1/evaluation-rounds/{opened.json()['id']}/"

    outside = api("community_a").post(
        url + "votes/", {"organization": orgs["b_filed"].pk, "votes_satisfied": 3}, format="json"
    )
    votes = api("community_a").post(
        url + "votes/", {"organization": orgs["a_filed"].pk, "votes_satisfied": 9}, format="json"
    )
    early = api("community_a").post(
        url + "scores/", {"organization": orgs["a_filed"].pk, "scores": {}}, format="json"
    )
    api("community_a").post(url + "start-scoring/", {}, format="json")
    too_high = api("community_a").post(
        url + "scores/", {"organization": orgs["a_filed"].pk, "scores": {"party": "101"}}, format="json"
    )
    incomplete = api("community_a").post(url + "submit/", {}, format="json")

    assert outside.status_code == 400 and errors(outside) == {("organization", "not_in_round")}
    assert votes.status_code == 200 and votes.json()["votes_satisfied"] == 9
    assert early.status_code == 409
    assert too_high.status_code == 400 and errors(too_high) == {("scores.party", "score_above_maximum")}
    assert incomplete.status_code == 400 and errors(incomplete) == {
        ("non_field_errors", "scoring_incomplete")
    }


def test_only_the_street_of_the_round_publishes(api, orgs, tree):
    evaluation_round = graded_round(tree.community_a, {orgs["a_filed"]: 91}, publish=False)
    url = f"/api/v1/evaluation-rounds/{evaluation_round.pk}/"

    assert api("community_a").post(url + "publish/", {}, format="json").status_code == 403
    assert api("street_b").post(url + "publish/", {}, format="json").status_code == 404
    published = api("street_a").post(url + "publish/", {"review_note": "同意"}, format="json")
    assert published.status_code == 200 and published.json()["state"] == "published"


def test_an_organization_reads_its_published_results_per_year(api, orgs, tree):
    graded_round(tree.community_a, {orgs["a_guided"]: 80}, year=TODAY.year - 1)
    move(open_round(tree.community_a, year=TODAY.year), "start_scoring")  # this year's: not published

    results = api("org_a").get("/api/v1/evaluation-entries/").json()["results"]
    assert [(r["year"], r["grade"], r["final_score"], r["published"]) for r in results] == [
        (TODAY.year - 1, "good", "80.0", True)
    ]
    community = (
        api("community_a").get("/api/v1/evaluation-entries/", {"published": "false"}).json()["results"]
    )
    assert {r["year"] for r in community} == {TODAY.year}


def test_a_scheme_whose_weights_do_not_add_up_is_refused(api):
    payload = {
        "name": "江滨街道评议方案",
        "indicators": [
            {"name": "党建", "weight": 50, "max_score": 100},
            {"name": "成效", "weight": 40, "max_score": 100},
        ],
        "thresholds": {"excellent": 90, "good": 75, "pass": 60},
        "vote_values": {"satisfied": 100, "basic": 60, "unsatisfied": 0},
    }

    refused = api("street_a").post("/api/v1/evaluation-schemes/", payload, format="json")
    payload["indicators"][1]["weight"] = 50
    created = api("street_a").post("/api/v1/evaluation-schemes/", payload, format="json")

    assert refused.status_code == 400 and errors(refused) == {("indicators", "weights_sum")}
    assert created.status_code == 201 and created.json()["jurisdiction"]["code"] == "990101001000"
    assert api("community_a").post("/api/v1/evaluation-schemes/", payload, format="json").status_code == 403


# -- brands, selections, projects, trainings ----------------------------------------------------------------


def test_brands_are_designated_and_revoked_through_the_api(api, orgs):
    payload = {"organization": orgs["a_filed"].pk, "year": TODAY.year, "reason": "成效突出"}

    assert api("community_a").post("/api/v1/brand-designations/", payload, format="json").status_code == 403
    created = api("street_a").post("/api/v1/brand-designations/", payload, format="json")
    assert created.status_code == 201 and created.json()["state"] == "active"
    url = f"/api/v1/brand-designations/{created.json()['id']}/revoke/"
    assert errors(api("street_a").post(url, {}, format="json")) == {("reason", "required")}
    assert api("street_a").post(url, {"reason": "停止活动"}, format="json").json()["state"] == "revoked"
    assert BrandDesignation.objects.unrestricted().get().state == "revoked"


def test_a_selection_records_a_model_project(api, personas, orgs):
    project = api("org_a").post(
        "/api/v1/service-projects/",
        {
            "title": "合唱进社区",
            "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(),
            "funding_source": "own",
        },
        format="json",
    )
    held = api("street_a").post(
        "/api/v1/selections/",
        {"title": "优秀项目评选", "year": TODAY.year - 1, "held_on": TODAY.isoformat()},
        format="json",
    )
    award = api("street_a").post(
        f"/api/v1/selections/{held.json()['id']}/awards/",
        {"kind": "project", "organization": orgs["a_guided"].pk, "project": project.json()["id"]},
        format="json",
    )

    assert (project.status_code, held.status_code, award.status_code) == (201, 201, 201)
    assert award.json()["title"] == "优秀典型项目案例"


def test_a_project_is_corrected_by_its_recorders_only(api, orgs):
    created = api("community_a").post(
        "/api/v1/service-projects/",
        {
            "organization": orgs["a_filed"].pk,
            "title": "巡逻",
            "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(),
            "funding_source": "own",
        },
        format="json",
    )
    url = f"/api/v1/service-projects/{created.json()['id']}/"
    body = {**created.json(), "beneficiaries": 50, "domain": None, "target_groups": []}

    assert api("street_b").put(url, body, format="json").status_code == 404
    assert api("bureau_district").put(url, body, format="json").status_code == 403
    updated = api("street_a").put(url, body, format="json")
    bad = api("street_a").put(
        url, {**body, "ends_on": (TODAY - datetime.timedelta(days=3)).isoformat()}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["beneficiaries"] == 50
    assert bad.status_code == 400 and errors(bad) == {("ends_on", "ends_before_start")}


def test_trainings_and_their_attendees_through_the_api(api, orgs, tree):
    created = api("street_a").post(
        "/api/v1/trainings/",
        {"title": "能力提升培训", "organizer": "江滨街道", "held_on": TODAY.isoformat(), "hours": "8"},
        format="json",
    )
    url = f"/api/v1/trainings/{created.json()['id']}/"
    leaders = api("street_a").post(
        url + "leaders/", {"organizations": [orgs["a_filed"].pk, orgs["va_filed"].pk]}, format="json"
    )
    outside = api("street_a").post(
        url + "attendees/",
        {"audience": "volunteer", "name": "李雷", "region": tree.village_c.code},
        format="json",
    )
    assistant = api("street_a").post(
        url + "attendees/",
        {"audience": "civil_affairs", "name": "周明", "region": tree.street_a.code},
        format="json",
    )

    assert created.status_code == 201 and leaders.json()["attendee_count"] == 2
    assert outside.status_code == 400 and errors(outside) == {("region", "outside_training")}
    assert assistant.status_code == 201
    removed = api("street_a").delete(f"/api/v1/training-attendees/{assistant.json()['id']}/")
    assert removed.status_code == 204
    assert api("org_a").get("/api/v1/trainings/").json()["results"] == []  # its people did not attend


def test_the_schema_documents_the_endpoints(api):
    schema = api("street_a").get("/api/schema/", {"format": "json"}).json()

    for path in (
        "/api/v1/work-reports/{id}/return/",
        "/api/v1/evaluation-rounds/{id}/publish/",
        "/api/v1/evaluation-entries/",
        "/api/v1/brand-designations/{id}/revoke/",
        "/api/v1/trainings/{id}/leaders/",
    ):
        assert path in schema["paths"], path
    assert "409" in schema["paths"]["/api/v1/evaluation-rounds/{id}/publish/"]["post"]["responses"]


def test_nothing_half_saved_on_a_refused_report(api, orgs):
    bad = {**report_payload(), "activities": [{"title": "", "held_on": "2000-01-01", "participants": 1}]}

    response = api("org_a").post("/api/v1/work-reports/", bad, format="json")

    assert response.status_code == 400
    assert not WorkReport.objects.unrestricted().exists()
