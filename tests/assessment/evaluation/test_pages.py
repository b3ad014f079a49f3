"""The pages of work reports, rounds, brands, projects and trainings: what each persona may open, the
forms end to end, the Excel download of a round, the panels on the organization page and the workbench."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment import services
from assessment.models import EvaluationEntry, WorkReport
from registry.choices import Role
from tests.assessment.evaluation.conftest import (
    LAST_YEAR,
    TODAY,
    graded_round,
    last_period,
    move,
    open_round,
    submit,
)
from tests.conftest import make_user

PAGES = {
    "work-report-list": {"org_a", "community_a", "street_a", "bureau_district", "operator"},
    "work-report-missing": {"community_a", "street_a", "bureau_district", "operator"},
    "work-report-create": {"org_a", "community_a"},
    "evaluation-round-list": {"community_a", "street_a", "bureau_district", "operator"},
    "evaluation-round-create": {"community_a"},
    "evaluation-scheme-list": {"community_a", "street_a", "bureau_district", "operator"},
    "evaluation-scheme-create": {"street_a", "bureau_district"},
    "brand-list": {"community_a", "street_a", "bureau_district", "operator"},
    "brand-designate": {"street_a", "bureau_district"},
    "selection-list": {"community_a", "street_a", "bureau_district", "operator"},
    "selection-create": {"street_a", "bureau_district"},
    "service-project-list": {"org_a", "community_a", "street_a", "bureau_district", "operator"},
    "service-project-create": {"org_a", "community_a", "street_a"},
    "training-list": {"org_a", "community_a", "street_a", "bureau_district", "operator"},
    "training-create": {"community_a", "street_a", "bureau_district"},
}
EVERYONE = ("org_a", "community_a", "street_a", "bureau_district", "operator", "applicant")


@pytest.fixture
def everyone(personas, tree):
    return {**personas, "applicant": make_user("applicant", Role.APPLICANT)}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_opens_for_those_it_is_for_and_refuses_the_others(client, everyone, world, name):
    opened = set()
    for persona in EVERYONE:
        client.force_login(everyone[persona])
        status = client.get(reverse(name)).status_code
        assert status in (200, 403), (persona, status)
        if status == 200:
            opened.add(persona)

    assert opened == PAGES[name]


# -- forms end to end ------------------------------------------------------------------------------------


def test_an_organization_reports_through_the_page_with_its_activities(client, personas, orgs):
    period = last_period()
    client.force_login(personas["org_a"])

    response = client.post(
        reverse("work-report-create"),
        {
            "period": period.key,
            "narrative": "上半年开展合唱排练二十次。",
            "volunteer_hours": "60",
            "funds_received": "0",
            "funds_used": "0",
            "activities-TOTAL_FORMS": "3",
            "activities-INITIAL_FORMS": "0",
            "activities-0-title": "社区文艺汇演",
            "activities-0-held_on": period.start.isoformat(),
            "activities-0-participants": "120",
        },
    )

    report = WorkReport.objects.unrestricted().get(organization=orgs["a_guided"])
    assert response.status_code == 302 and response["Location"] == reverse(
        "work-report-detail", args=[report.pk]
    )
    assert report.activities.model.objects.unrestricted().filter(report=report).count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "社区文艺汇演" in detail and "已报送" in detail


def test_the_page_shows_the_services_refusal_beside_the_field(client, personas, orgs):
    period = last_period()
    client.force_login(personas["org_a"])

    response = client.post(
        reverse("work-report-create"),
        {
            "period": period.key,
            "narrative": "补报。",
            "volunteer_hours": "0",
            "funds_received": "0",
            "funds_used": "0",
            "activities-TOTAL_FORMS": "1",
            "activities-INITIAL_FORMS": "0",
            "activities-0-title": "植树",
            "activities-0-held_on": (period.end + datetime.timedelta(days=1)).isoformat(),
            "activities-0-participants": "8",
        },
    )

    assert response.status_code == 200
    assert f"第1项活动的日期不在{period.label}之内" in response.content.decode()
    assert not WorkReport.objects.unrestricted().exists()


@pytest.mark.parametrize("amount", ["1e400", "-1e400", "99999999999999999999"])
def test_an_amount_no_figure_could_hold_is_refused_beside_its_field(client, personas, orgs, amount):
    client.force_login(personas["org_a"])

    response = client.post(
        reverse("work-report-create"),
        {
            "period": last_period().key,
            "narrative": "本期开展读书活动。",
            "volunteer_hours": "0",
            "funds_received": "0",
            "funds_used": amount,
            "activities-TOTAL_FORMS": "0",
            "activities-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["funds_used"]  # on its field, in Chinese, not a 500
    assert not WorkReport.objects.unrestricted().exists()


def test_a_period_not_offered_is_refused_by_the_form(client, personas, orgs):
    client.force_login(personas["org_a"])

    response = client.post(
        reverse("work-report-create"), {"period": f"half-{TODAY.year + 1}-1", "narrative": "x"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["period"]


def test_a_score_above_the_maximum_is_shown_on_its_field(client, personas, orgs, tree):
    evaluation_round = move(open_round(tree.community_a, actor=personas["community_a"]), "start_scoring")
    entry = EvaluationEntry.objects.unrestricted().get(round=evaluation_round, organization=orgs["a_filed"])
    client.force_login(personas["community_a"])

    response = client.post(reverse("evaluation-entry-score", args=[entry.pk]), {"scores.party": "120"})

    assert response.status_code == 200
    assert "“党建引领”的得分不能超过满分100分" in response.content.decode()


def test_the_street_publishes_a_round_from_its_page(client, personas, orgs, tree):
    evaluation_round = graded_round(tree.community_a, {orgs["a_filed"]: 92}, publish=False)
    services.round_move(
        actor=personas["street_a"], round_id=evaluation_round.pk, action="return", review_note="复核"
    )
    move(evaluation_round, "resubmit")
    client.force_login(personas["street_a"])

    page = client.get(reverse("evaluation-round-detail", args=[evaluation_round.pk])).content.decode()
    response = client.post(reverse("evaluation-round-action", args=[evaluation_round.pk, "publish"]))

    assert "审核通过并公布" in page
    assert response.status_code == 302
    assert "评议结果已公布" in client.get(response["Location"]).content.decode()


def test_a_community_cannot_publish_from_the_page(client, personas, orgs, tree):
    evaluation_round = move(open_round(tree.community_a), "start_scoring")
    client.force_login(personas["community_a"])

    response = client.post(reverse("evaluation-round-action", args=[evaluation_round.pk, "publish"]))

    assert response.status_code == 403


# -- the round's download ---------------------------------------------------------------------------------


def test_a_rounds_results_download_as_a_workbook(client, personas, orgs, tree):
    evaluation_round = graded_round(
        tree.community_a, {orgs["a_filed"]: 95, orgs["a_guided"]: 80, orgs["a_registered"]: 50}
    )
    client.force_login(personas["street_a"])

    response = client.get(reverse("evaluation-round-export", args=[evaluation_round.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *lines = list(sheet.iter_rows(values_only=True))
    rows = {line[1]: dict(zip(header, line, strict=True)) for line in lines}
    assert header[:3] == ("名次", "组织名称", "组织类别")
    assert (
        rows[orgs["a_filed"].name]["总分"],
        rows[orgs["a_filed"].name]["等级"],
        rows[orgs["a_filed"].name]["名次"],
    ) == (
        95.0,
        "优秀",
        1,
    )
    assert rows[orgs["a_registered"].name]["等级"] == "不合格"
    assert rows[orgs["a_guided"].name]["党建引领（满分100，权重20%）"] == 80.0


def test_the_download_is_refused_to_an_organization_as_if_the_round_did_not_exist(
    client, personas, orgs, tree
):
    evaluation_round = graded_round(tree.community_a, {orgs["a_filed"]: 95})
    client.force_login(personas["org_a"])

    assert client.get(reverse("evaluation-round-export", args=[evaluation_round.pk])).status_code == 404


# -- panels ------------------------------------------------------------------------------------------------


def test_the_organization_page_shows_its_grades_per_year(client, personas, orgs, tree):
    graded_round(tree.community_a, {orgs["a_guided"]: 80}, year=LAST_YEAR)
    client.force_login(personas["org_a"])

    page = client.get(reverse("organization-detail", args=[orgs["a_guided"].pk])).content.decode()

    assert f'data-year="{LAST_YEAR}"' in page and "良好" in page and "较高质量组织" in page


def test_the_workbench_shows_the_reports_missing_and_the_rounds_waiting(client, personas, orgs, tree):
    submit(personas["org_a"], orgs["a_guided"])
    open_round(tree.community_a, actor=personas["community_a"])

    client.force_login(personas["community_a"])
    community = client.get(reverse("home")).content.decode()
    client.force_login(personas["org_a"])
    own = client.get(reverse("home")).content.decode()

    assert "已报送 1 / 3" in community and "2 个组织未报送" in community and "1 个年度评议待办理" in community
    assert f"{last_period().label}工作报告：已报送" in own
