"""The annual evaluation: opening a round, ballots and scores, the computed results (against figures
computed by hand), the street's review, and who sees the grades."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.evaluation.choices import Grade, RoundState
from assessment.models import EvaluationEntry, EvaluationRound
from core.errors import InvalidTransition
from registry.choices import RegionLevel, Role
from registry.models import Region
from tests.assessment.evaluation.conftest import TODAY, move, open_round, score, uniform
from tests.conftest import make_user
from tests.factories import RegionFactory


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def entry(evaluation_round, organization) -> EvaluationEntry:
    return EvaluationEntry.objects.unrestricted().get(round=evaluation_round, organization=organization)


@pytest.fixture
def scored(personas, orgs, tree):
    """community_a's round, its three organizations scored as computed by hand in the assertions."""
    evaluation_round = open_round(tree.community_a, actor=personas["community_a"])
    move(evaluation_round, "start_scoring", actor=personas["community_a"])
    score(
        evaluation_round,
        orgs["a_filed"],
        {"party": 95, "governance": 92, "activities": 90, "results": 88},
        satisfied=40,
        basic=8,
        unsatisfied=2,
    )
    score(evaluation_round, orgs["a_guided"], uniform(80))
    score(
        evaluation_round,
        orgs["a_registered"],
        {"party": 60, "governance": 58, "activities": 62, "results": 59},
        satisfied=1,
        basic=1,
        unsatisfied=3,
    )
    return evaluation_round


# -- opening --------------------------------------------------------------------------------------------


def test_a_community_opens_its_round_over_its_active_organizations(personas, orgs, tree):
    evaluation_round = open_round(tree.community_a, actor=personas["community_a"])

    assert evaluation_round.state == RoundState.OPEN
    assert set(
        evaluation_round.entries.model.objects.unrestricted()
        .filter(round=evaluation_round)
        .values_list("organization__name", flat=True)
    ) == {orgs[key].name for key in ("a_guided", "a_filed", "a_registered")}
    assert [i["name"] for i in evaluation_round.indicators] == [
        "党建引领",
        "内部治理",
        "活动开展",
        "服务成效",
        "居民满意度",
    ]


@pytest.mark.parametrize("persona", ["street_a", "bureau_district", "org_a", "operator"])
def test_only_a_community_opens_a_round(personas, world, tree, persona):
    with pytest.raises(PermissionDenied):
        open_round(tree.community_a, actor=personas[persona])


def test_another_community_does_not_exist_for_the_opener(personas, world, tree):
    with pytest.raises(Region.DoesNotExist):
        open_round(tree.community_b, actor=personas["community_a"])


@pytest.mark.parametrize(
    ("year", "code"), [(TODAY.year + 1, "year_out_of_range"), (1999, "year_out_of_range")]
)
def test_a_year_outside_2000_to_this_year_is_refused(personas, world, tree, year, code):
    with pytest.raises(ValidationError) as caught:
        open_round(tree.community_a, year=year, actor=personas["community_a"])

    assert codes(caught.value) == {"year": [code]}


def test_a_year_is_opened_once(personas, world, tree):
    open_round(tree.community_a, actor=personas["community_a"])

    with pytest.raises(ValidationError) as caught:
        open_round(tree.community_a, actor=personas["community_a"])

    assert codes(caught.value) == {"year": ["duplicate_round"]}


def test_a_community_without_organizations_has_nothing_to_evaluate(admin_user, tree):
    empty = RegionFactory(code="990101001009", name="新建社区", parent=tree.street_a)

    with pytest.raises(ValidationError) as caught:
        open_round(empty, actor=admin_user)

    assert codes(caught.value) == {"community": ["no_organizations"]}


# -- ballots and scores --------------------------------------------------------------------------------


def test_votes_for_an_organization_outside_the_round_are_refused(personas, orgs, tree):
    evaluation_round = open_round(tree.community_a, actor=personas["community_a"])

    with pytest.raises(ValidationError) as caught:
        services.entry_record_votes(
            actor=personas["community_a"],
            round_id=evaluation_round.pk,
            organization_id=orgs["b_filed"].pk,
            votes={"votes_satisfied": 3},
        )

    assert codes(caught.value) == {"organization": ["not_in_round"]}
    assert caught.value.message_dict["organization"] == ["该组织不在本次评议名单中"]


def test_ballot_counts_are_whole_and_not_negative(personas, orgs, tree):
    evaluation_round = open_round(tree.community_a, actor=personas["community_a"])

    with pytest.raises(ValidationError) as caught:
        services.entry_record_votes(
            actor=personas["community_a"],
            round_id=evaluation_round.pk,
            organization_id=orgs["a_filed"].pk,
            votes={"votes_satisfied": 3, "votes_basic": -1, "votes_unsatisfied": "两票"},
        )

    assert codes(caught.value) == {"votes_basic": ["negative"], "votes_unsatisfied": ["negative"]}


def test_the_committee_scores_only_once_the_residents_voted(personas, orgs, tree):
    evaluation_round = open_round(tree.community_a, actor=personas["community_a"])

    with pytest.raises(InvalidTransition):
        score(evaluation_round, orgs["a_filed"], uniform(80))


@pytest.mark.parametrize(
    ("scores", "field", "code", "message"),
    [
        ({"party": 100.5}, "scores.party", "score_above_maximum", "“党建引领”的得分不能超过满分100分"),
        ({"results": "88.25"}, "scores.results", "score_precision", "“服务成效”的得分至多保留一位小数"),
        ({"results": -1}, "scores.results", "invalid", "“服务成效”的得分应为不小于0的数"),
        ({"karaoke": 10}, "scores", "unknown_indicator", "未知的评议指标：karaoke"),
    ],
)
def test_a_bad_score_is_refused_on_its_indicator(personas, orgs, tree, scores, field, code, message):
    evaluation_round = move(open_round(tree.community_a, actor=personas["community_a"]), "start_scoring")

    with pytest.raises(ValidationError) as caught:
        services.entry_score(
            actor=personas["community_a"],
            round_id=evaluation_round.pk,
            organization_id=orgs["a_filed"].pk,
            scores=scores,
        )

    assert codes(caught.value) == {field: [code]}
    assert caught.value.message_dict[field] == [message]
    assert entry(evaluation_round, orgs["a_filed"]).scores == {}


@pytest.mark.parametrize("persona", ["street_a", "bureau_district"])
def test_staff_above_the_community_do_not_score(personas, orgs, tree, persona):
    evaluation_round = move(open_round(tree.community_a, actor=personas["community_a"]), "start_scoring")

    with pytest.raises(PermissionDenied):
        services.entry_score(
            actor=personas[persona],
            round_id=evaluation_round.pk,
            organization_id=orgs["a_filed"].pk,
            scores={},
        )


# -- results -----------------------------------------------------------------------------------------------


def test_submitting_needs_every_organization_scored(personas, orgs, tree):
    evaluation_round = move(open_round(tree.community_a, actor=personas["community_a"]), "start_scoring")
    score(evaluation_round, orgs["a_filed"], uniform(90))

    with pytest.raises(ValidationError) as caught:
        move(evaluation_round, "submit", actor=personas["community_a"])

    assert caught.value.code == "scoring_incomplete"
    assert EvaluationRound.objects.unrestricted().get(pk=evaluation_round.pk).state == RoundState.SCORING


def test_submitting_computes_every_total_grade_and_rank(personas, orgs, scored):
    move(scored, "submit", actor=personas["community_a"])

    results = {
        key: (
            entry(scored, orgs[key]).final_score,
            entry(scored, orgs[key]).grade,
            entry(scored, orgs[key]).rank,
        )
        for key in ("a_filed", "a_guided", "a_registered")
    }
    # a_filed: ballots (40×100 + 8×60 + 2×0)/50 = 89.6; (95 + 92 + 90 + 88 + 89.6) × 20% = 90.92 → 90.9
    # a_guided: 80 on every indicator, no ballots → 80.0
    # a_registered: ballots (100 + 60 + 0)/5 = 32.0; (60 + 58 + 62 + 59 + 32) × 20% = 54.2
    assert results == {
        "a_filed": (Decimal("90.9"), Grade.EXCELLENT, 1),
        "a_guided": (Decimal("80.0"), Grade.GOOD, 2),
        "a_registered": (Decimal("54.2"), Grade.FAIL, 3),
    }


def test_equal_totals_share_a_rank(personas, orgs, tree):
    evaluation_round = move(open_round(tree.community_a, actor=personas["community_a"]), "start_scoring")
    for key in ("a_filed", "a_guided"):
        score(evaluation_round, orgs[key], uniform(85))
    score(evaluation_round, orgs["a_registered"], uniform(70))
    move(evaluation_round, "submit")

    assert [entry(evaluation_round, orgs[key]).rank for key in ("a_filed", "a_guided", "a_registered")] == [
        1,
        1,
        3,
    ]


def test_the_street_publishes_and_the_organization_then_sees_its_grade(personas, orgs, scored):
    move(scored, "submit", actor=personas["community_a"])
    assert not EvaluationEntry.objects.for_user(personas["org_a"]).exists()

    published = move(scored, "publish", actor=personas["street_a"], note="同意公布")

    assert (published.state, published.review_note, published.reviewed_by) == (
        RoundState.PUBLISHED,
        "同意公布",
        personas["street_a"],
    )
    assert published.published_at is not None
    (own,) = EvaluationEntry.objects.for_user(personas["org_a"])
    assert (own.organization_id, own.grade) == (orgs["a_guided"].pk, Grade.GOOD)


@pytest.mark.parametrize("persona", ["community_a", "bureau_district"])
def test_only_the_street_publishes(personas, scored, persona):
    move(scored, "submit", actor=personas["community_a"])

    with pytest.raises(PermissionDenied):
        move(scored, "publish", actor=personas[persona])


def test_another_street_does_not_see_the_round(personas, scored):
    move(scored, "submit", actor=personas["community_a"])

    with pytest.raises(EvaluationRound.DoesNotExist):
        move(scored, "publish", actor=personas["street_b"])


def test_a_returned_round_is_corrected_and_computed_again(personas, orgs, scored):
    move(scored, "submit", actor=personas["community_a"])
    with pytest.raises(ValidationError) as caught:
        move(scored, "return", actor=personas["street_a"])
    assert codes(caught.value) == {"review_note": ["comment_required"]}

    move(scored, "return", actor=personas["street_a"], note="负责人评分偏低，请复核")
    score(scored, orgs["a_registered"], uniform(90))  # its ballots still count: (4 × 90 + 32) × 20% = 78.4
    move(scored, "resubmit", actor=personas["community_a"])

    corrected = entry(scored, orgs["a_registered"])
    assert (corrected.final_score, corrected.grade, corrected.rank) == (Decimal("78.4"), Grade.GOOD, 3)
    assert EvaluationRound.objects.unrestricted().get(pk=scored.pk).state == RoundState.REVIEW


def test_a_published_round_is_final(personas, scored):
    move(scored, "submit", "publish")

    for action in ("return", "resubmit", "submit"):
        with pytest.raises(InvalidTransition):
            move(scored, action, note="再议")
    with pytest.raises(InvalidTransition):
        services.entry_record_votes(
            actor=personas["community_a"],
            round_id=scored.pk,
            organization_id=scored.entries.model.objects.unrestricted()
            .filter(round=scored)
            .first()
            .organization_id,
            votes={},
        )


def test_the_round_keeps_the_rubric_it_was_opened_with(personas, world, tree):
    street_scheme = services.scheme_create(
        actor=personas["street_a"],
        jurisdiction_code=tree.street_a.code,
        data={
            "name": "江滨街道评议方案",
            "indicators": [
                {"name": "党建引领", "weight": 30, "max_score": 10},
                {"name": "服务成效", "weight": 70, "max_score": 10},
            ],
            "thresholds": {"excellent": 85, "good": 70, "pass": 55},
            "vote_values": {"satisfied": 100, "basic": 50, "unsatisfied": 0},
        },
    )
    evaluation_round = open_round(tree.community_a, actor=personas["community_a"])
    services.scheme_update(
        actor=personas["street_a"],
        scheme_id=street_scheme.pk,
        data={
            "name": "江滨街道评议方案（修订）",
            "indicators": [{"name": "综合", "weight": 100, "max_score": 100}],
            "thresholds": {"excellent": 95, "good": 80, "pass": 60},
            "vote_values": {"satisfied": 100, "basic": 60, "unsatisfied": 0},
        },
    )

    evaluation_round.refresh_from_db()
    assert evaluation_round.scheme_id == street_scheme.pk
    assert [i["name"] for i in evaluation_round.indicators] == ["党建引领", "服务成效"]
    assert evaluation_round.thresholds == {"excellent": 85, "good": 70, "pass": 55}
    # 湖畔社区 in 望湖街道 still takes the platform's default.
    other = open_round(tree.community_b, actor=make_user("community_b", Role.COMMUNITY, tree.community_b))
    assert other.scheme.jurisdiction_id is None
    assert tree.community_b.level == RegionLevel.COMMUNITY
