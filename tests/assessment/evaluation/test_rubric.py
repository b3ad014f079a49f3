"""The rubric's arithmetic against figures computed by hand: weights, maxima, ballots, rounding half up
to one decimal, grade boundaries, shared ranks; and the checks of a rubric."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessment.evaluation import rubric
from assessment.evaluation.choices import Grade
from assessment.evaluation.errors import EvaluationCode

D = Decimal
THRESHOLDS = rubric.thresholds_of(rubric.DEFAULT_THRESHOLDS)  # 优秀 90, 良好 75, 合格 60
VALUES = rubric.DEFAULT_VOTE_VALUES  # 满意 100, 基本满意 60, 不满意 0
# Weights 40 / 35 / 25 with maxima 10 / 20 / 100; the last one scored by the residents' ballots.
WEIGHTED = rubric.indicators_of(
    [
        {"code": "a", "name": "党建引领", "weight": 40, "max_score": 10},
        {"code": "b", "name": "活动开展", "weight": 35, "max_score": 20},
        {"code": "c", "name": "居民满意度", "weight": 25, "max_score": 100, "from_votes": True},
    ]
)
HALVES = rubric.indicators_of(
    [
        {"code": "a", "name": "甲", "weight": 50, "max_score": 100},
        {"code": "b", "name": "乙", "weight": 50, "max_score": 100},
    ]
)


NO_VOTES = rubric.Votes()


def total(indicators, committee, votes=NO_VOTES):
    return rubric.final_score(indicators, rubric.indicator_scores(indicators, committee, votes, VALUES))


def test_it_weighs_each_score_against_its_maximum():
    # Ballots 30 / 10 / 5: (30×100 + 10×60 + 5×0) / 45 = 80.0, so c = 80.0 of 100.
    # 40 × 8.5/10 + 35 × 15.5/20 + 25 × 80/100 = 34 + 27.125 + 20 = 81.125 → 81.1, 良好.
    score = total(WEIGHTED, {"a": 8.5, "b": 15.5}, rubric.Votes(30, 10, 5))

    assert score == D("81.1")
    assert rubric.grade_of(score, THRESHOLDS) == Grade.GOOD


def test_the_vote_indicator_is_rounded_before_it_is_added():
    # Ballots 2 / 1 / 0: 260/3 = 86.666… → 86.7, shown and added: 34 + 27.125 + 21.675 = 82.8 exactly.
    votes = rubric.Votes(2, 1, 0)
    used = rubric.indicator_scores(WEIGHTED, {"a": 8.5, "b": 15.5}, votes, VALUES)

    assert used["c"] == D("86.7")
    assert rubric.final_score(WEIGHTED, used) == D("82.8")


def test_without_ballots_the_committee_scores_the_vote_indicator():
    assert total(WEIGHTED, {"a": 10, "b": 20, "c": 60}) == D("90.0")  # 40 + 35 + 15


def test_a_missing_score_leaves_the_total_open():
    assert total(WEIGHTED, {"a": 10, "b": 20}) is None


def test_it_rounds_half_up_and_grades_the_rounded_score():
    # 50 × 89.9/100 + 50 × 90/100 = 89.95: half up to 90.0, which is 优秀 (the boundary belongs to it).
    score = total(HALVES, {"a": D("89.9"), "b": 90})

    assert score == D("90.0")
    assert rubric.grade_of(score, THRESHOLDS) == Grade.EXCELLENT
    assert total(HALVES, {"a": D("89.8"), "b": 90}) == D("89.9")  # 89.90 stays


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90.0", Grade.EXCELLENT),
        ("89.9", Grade.GOOD),
        ("75.0", Grade.GOOD),
        ("74.9", Grade.PASS),
        ("60.0", Grade.PASS),
        ("59.9", Grade.FAIL),
        ("0", Grade.FAIL),
    ],
)
def test_each_threshold_is_the_lowest_score_of_its_grade(score, grade):
    assert rubric.grade_of(D(score), THRESHOLDS) == grade


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    ranks = rubric.ranks(
        {"甲": D("90.0"), "乙": D("85.5"), "丙": D("85.5"), "丁": D("70.0"), "戊": D("91.2")}
    )

    assert ranks == {"戊": 1, "甲": 2, "乙": 3, "丙": 3, "丁": 5}


def test_the_ballots_value_is_their_mean():
    assert rubric.vote_score(rubric.Votes(1, 1, 1), VALUES) == D(160) / D(3)
    assert rubric.vote_score(rubric.Votes(), VALUES) is None


# -- checking a rubric ---------------------------------------------------------------------------------


def messages(error: ValidationError, field: str) -> list[tuple[str, str]]:
    return [(e.code, e.message % (e.params or {})) for e in error.error_dict[field]]


def indicator(name: str, weight: float, max_score: float = 100, **extra) -> dict:
    return {"name": name, "weight": weight, "max_score": max_score, **extra}


def test_weights_not_summing_to_100_are_refused_with_the_total():
    with pytest.raises(ValidationError) as caught:
        rubric.clean_indicators([indicator("甲", 30), indicator("乙", 30), indicator("丙", 30)])

    assert messages(caught.value, "indicators") == [
        (EvaluationCode.WEIGHTS_SUM, "各项指标的权重之和应为100，现为90")
    ]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ([], EvaluationCode.NO_INDICATORS),
        ([indicator("甲", 50), indicator("甲", 50)], EvaluationCode.DUPLICATE_INDICATOR),
        (
            [indicator("甲", 50, from_votes=True), indicator("乙", 50, from_votes=True)],
            EvaluationCode.VOTE_INDICATORS,
        ),
        ([indicator("甲", 0), indicator("乙", 100)], "invalid"),
        ([indicator("甲", 50, max_score=-5), indicator("乙", 50)], "invalid"),
        ([indicator("", 50), indicator("乙", 50)], "invalid"),
    ],
)
def test_a_bad_rubric_is_refused_on_its_indicators(raw, code):
    with pytest.raises(ValidationError) as caught:
        rubric.clean_indicators(raw)

    assert [c for c, _ in messages(caught.value, "indicators")] == [code]


def test_a_good_rubric_gets_codes_and_keeps_its_numbers():
    cleaned = rubric.clean_indicators(
        [indicator("党建引领", 60.5, 10, code="party"), indicator("成效", 39.5)]
    )

    assert [(i.code, i.weight, i.max_score) for i in cleaned] == [
        ("party", D("60.5"), D(10)),
        ("i2", D("39.5"), D(100)),
    ]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ({"excellent": 90, "good": 75, "pass": 80}, EvaluationCode.THRESHOLDS_ORDER),
        ({"excellent": 101, "good": 75, "pass": 60}, EvaluationCode.THRESHOLDS_ORDER),
        ({"excellent": 90, "good": "良好"}, "invalid"),
    ],
)
def test_thresholds_must_rise_from_pass_to_excellent(raw, code):
    with pytest.raises(ValidationError) as caught:
        rubric.clean_thresholds(raw)

    assert [c for c, _ in messages(caught.value, "thresholds")] == [code]


def test_ballot_values_must_fall_from_satisfied_to_unsatisfied():
    with pytest.raises(ValidationError) as caught:
        rubric.clean_vote_values({"satisfied": 60, "basic": 100, "unsatisfied": 0})

    assert [c for c, _ in messages(caught.value, "vote_values")] == [EvaluationCode.THRESHOLDS_ORDER]
