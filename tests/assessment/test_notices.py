"""Who assessment tells: the user who started a quota report run when it ends, the community committee
of a work report's organization and the organization when it is answered, the street when an annual
evaluation awaits review and the community and organizations when it is returned or published."""

import pytest

from assessment import services
from assessment.models import EvaluationEntry, QuotaRule
from registry.choices import Role
from tests.assessment.conftest import run_report
from tests.assessment.evaluation.conftest import move, open_round, score, submit, uniform
from tests.conftest import make_user
from tests.notices_support import clear, inbox


@pytest.fixture
def people(personas, tree):
    return {
        **personas,
        "street_a2": make_user("street_a2", Role.STREET, tree.street_a),
        "village_a": make_user("village_a", Role.COMMUNITY, tree.village_a),
    }


def test_a_finished_run_tells_the_user_who_started_it(
    people, world, city_policy, tree, django_capture_on_commit_callbacks
):
    report = run_report(
        django_capture_on_commit_callbacks, city_policy, tree.city, actor=people["bureau_city"]
    )
    held = inbox(people)
    assert set(held) == {"bureau_city"}
    (message,) = held["bureau_city"]
    assert message.title.startswith("【指标报告已生成】") and message.url == f"/quota/?report={report.pk}"


def test_a_failed_run_says_why_to_the_user_who_started_it(
    people, world, city_policy, tree, django_capture_on_commit_callbacks
):
    QuotaRule.objects.unrestricted().filter(policy=city_policy).update(params={"urban": "many"})
    run_report(django_capture_on_commit_callbacks, city_policy, tree.city, actor=people["bureau_city"])
    (message,) = inbox(people)["bureau_city"]
    assert message.title.startswith("【指标报告计算失败】") and "应为整数" in message.body


def test_a_nightly_run_tells_no_one(people, world, city_policy, tree, django_capture_on_commit_callbacks):
    run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    assert inbox(people) == {}


def test_a_work_report_goes_to_its_community_and_the_answer_back(
    people, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(people["org_a"], world.orgs["a_guided"])
    assert set(inbox(people)) == {"community_a"}
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.work_report_return(
            actor=people["community_a"], report_id=report.pk, response="请补充活动照片"
        )
    held = inbox(people)
    assert set(held) == {"org_a"}
    assert "请补充活动照片" in held["org_a"][0].body


def test_an_evaluation_goes_to_the_street_and_its_publication_to_the_organizations(
    people, world, tree, django_capture_on_commit_callbacks
):
    evaluation_round = move(open_round(tree.community_a), "start_scoring")
    for entry in (
        EvaluationEntry.objects.unrestricted().filter(round=evaluation_round).select_related("organization")
    ):
        score(evaluation_round, entry.organization, uniform(80))
    with django_capture_on_commit_callbacks(execute=True):
        move(evaluation_round, "submit", actor=people["community_a"])
    assert set(inbox(people)) == {"street_a", "street_a2"}
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(evaluation_round, "return", actor=people["street_a"], note="请复核评分")
    assert set(inbox(people)) == {"community_a"}
    move(evaluation_round, "resubmit", actor=people["community_a"])
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(evaluation_round, "publish", actor=people["street_a"], note="同意公布")
    held = inbox(people)
    assert set(held) == {"community_a", "org_a"}  # org_a's organization is in the round; the village is not
    assert held["org_a"][0].url == f"/organizations/{world.orgs['a_guided'].pk}/"
