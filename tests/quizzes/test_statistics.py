"""Item statistics on a small data set whose figures are computed by hand below."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.statistics import (
    AttemptRow,
    choice_frequencies,
    discrimination_index,
    facility_index,
    pearson,
    pearson_from_sums,
    question_figures,
)

# Four first attempts, questions 1..5 (each worth one point); question 5 was drawn only in
# attempt D. Choices: question 1 has 11 (right), 12, 13; question 2 (multiple) 21, 22 (right)
# and 23; question 3 is a short answer with partial points given by hand.
#
#        q1   q2   q3   q4   q5 | total
#   A    1    1    1    1    -  |  4
#   B    1    0   .5    1    -  |  2.5
#   C    0    1    0    1    -  |  2
#   D    0    0   .5    1    0  |  1.5
ROWS = [
    AttemptRow(points={1: 1, 2: 1, 3: 1, 4: 1}, picked={1: [11], 2: [21, 22]}),
    AttemptRow(points={1: 1, 2: 0, 3: Decimal("0.5"), 4: 1}, picked={1: [11], 2: [23]}),
    AttemptRow(points={1: 0, 2: 1, 3: 0, 4: 1}, picked={1: [12], 2: [21, 22]}),
    AttemptRow(points={1: 0, 2: 0, 3: Decimal("0.5"), 4: 1, 5: 0}, picked={1: [13]}),
]


def test_facility_index_is_the_mean_share_of_the_mark():
    # q1: (1+1+0+0)/4 = 0.5; q3: (1+.5+0+.5)/4 = 0.5; q4: 4/4 = 1; q5: 0/1 = 0.
    assert facility_index(ROWS, 1) == pytest.approx(0.5)
    assert facility_index(ROWS, 3) == pytest.approx(0.5)
    assert facility_index(ROWS, 4) == pytest.approx(1.0)
    assert facility_index(ROWS, 5) == pytest.approx(0.0)
    assert facility_index(ROWS, 99) is None


def test_discrimination_index_correlates_with_the_rest_of_the_test():
    # q1: x = [1, 1, 0, 0] (mean .5), rest = total - x = [3, 1.5, 2, 1.5] (mean 2).
    #   dx = [.5, .5, -.5, -.5], dr = [1, -.5, 0, -.5]
    #   Sxy = .5 - .25 + 0 + .25 = .5; Sxx = 4 × .25 = 1; Syy = 1 + .25 + 0 + .25 = 1.5
    #   r = .5 / sqrt(1.5) = 0.408248… → 40.8248
    assert discrimination_index(ROWS, 1) == pytest.approx(40.8248, abs=1e-4)
    # q2: x = [1, 0, 1, 0], rest = [3, 2.5, 1, 1.5] (mean 2)
    #   dx = [.5, -.5, .5, -.5], dr = [1, .5, -1, -.5]
    #   Sxy = .5 - .25 - .5 + .25 = 0 → r = 0
    assert discrimination_index(ROWS, 2) == pytest.approx(0.0, abs=1e-9)
    # q3: x = [1, .5, 0, .5] (mean .5), rest = [3, 2, 2, 1] (mean 2)
    #   dx = [.5, 0, -.5, 0], dr = [1, 0, 0, -1]
    #   Sxy = .5; Sxx = .5; Syy = 2 → r = .5 / sqrt(1) = .5 → 50
    assert discrimination_index(ROWS, 3) == pytest.approx(50.0)


def test_discrimination_index_is_undefined_without_spread_or_with_one_attempt():
    # q4: everyone scored 1, no variance. q5: asked in one attempt only.
    assert discrimination_index(ROWS, 4) is None
    assert discrimination_index(ROWS, 5) is None
    assert discrimination_index([], 1) is None


def test_a_question_that_predicts_the_total_perfectly_scores_100():
    # x = [1, 0], rest = [1, 0] (the other question goes the same way) → r = 1.
    rows = [AttemptRow(points={1: 1, 2: 1}), AttemptRow(points={1: 0, 2: 0})]
    assert discrimination_index(rows, 1) == pytest.approx(100.0)
    # And the opposite: x = [1, 0], rest = [0, 1] → r = -1.
    rows = [AttemptRow(points={1: 1, 2: 0}), AttemptRow(points={1: 0, 2: 1})]
    assert discrimination_index(rows, 1) == pytest.approx(-100.0)


def test_choice_frequencies_count_attempts_that_picked_each_choice():
    # q1: 11 in A and B, 12 in C, 13 in D. q2: 21 and 22 in A and C, 23 in B, D blank.
    assert choice_frequencies(ROWS, 1) == {11: 2, 12: 1, 13: 1}
    assert choice_frequencies(ROWS, 2) == {21: 2, 22: 2, 23: 1}
    assert choice_frequencies(ROWS, 3) == {}


def test_a_choice_repeated_in_one_attempt_counts_once():
    rows = [AttemptRow(points={1: 1}, picked={1: [11, 11]})]
    assert choice_frequencies(rows, 1) == {11: 1}


def test_pearson_edge_cases():
    assert pearson([1], [2]) is None
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    # x = [1, 2, 3], y = [2, 4, 7]: dx = [-1, 0, 1], dy = [-7/3, -1/3, 8/3]
    # Sxy = 7/3 + 8/3 = 5; Sxx = 2; Syy = (49 + 1 + 64) / 9 = 114/9 → r = 5 / sqrt(228/9)
    assert pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(5 / (228 / 9) ** 0.5)
    with pytest.raises(ValueError):
        pearson([1, 2], [1])


def test_question_figures_gathers_everything_in_the_order_asked():
    figures = question_figures(ROWS, [3, 1, 5])
    assert [f.question_id for f in figures] == [3, 1, 5]
    assert [f.asked for f in figures] == [4, 4, 1]
    assert figures[1].picks == {11: 2, 12: 1, 13: 1}
    assert figures[0].discrimination == pytest.approx(50.0)
    assert figures[2].facility == pytest.approx(0.0) and figures[2].discrimination is None


def test_question_figures_agree_with_the_single_functions_on_random_data():
    import random

    rng = random.Random(7)
    rows = [
        AttemptRow(
            points={q: rng.choice([0, 0.5, 1]) for q in range(1, 7) if rng.random() < 0.8},
            picked={q: [q * 10 + rng.randint(1, 3)] for q in range(1, 7)},
        )
        for _ in range(40)
    ]
    for figure in question_figures(rows, range(1, 7)):
        qid = figure.question_id
        assert figure.facility == pytest.approx(facility_index(rows, qid))
        expected = discrimination_index(rows, qid)
        assert figure.discrimination == (None if expected is None else pytest.approx(expected))
        # Picks count only attempts that were asked the question.
        assert figure.picks == choice_frequencies(rows, qid)


def sums(xs, ys, scale):
    xs = [round(x * scale) for x in xs]
    ys = [round(y * scale) for y in ys]
    return (
        len(xs),
        sum(xs),
        sum(ys),
        sum(x * y for x, y in zip(xs, ys, strict=True)),
        sum(x * x for x in xs),
        sum(y * y for y in ys),
    )


def test_pearson_from_sums_on_the_hand_computed_series():
    assert pearson_from_sums(*sums([1, 2, 3], [2, 4, 7], 1)) == pytest.approx(5 / (228 / 9) ** 0.5)
    assert pearson_from_sums(*sums([1], [2], 1)) is None
    assert pearson_from_sums(*sums([1, 1, 1], [1, 2, 3], 1)) is None
    # Constant ten-thousandths: exactly no spread, whatever the rounding of floats would say.
    xs = [Decimal("0.3333")] * 1000
    assert pearson_from_sums(*sums(xs, range(1000), 10_000), scale=10_000) is None


FOUR_PLACES = st.decimals(min_value=0, max_value=3, places=4)


@given(st.lists(st.tuples(FOUR_PLACES, FOUR_PLACES), max_size=30))
def test_pearson_from_sums_is_pearson(pairs):
    xs = [float(x) for x, _ in pairs]
    ys = [float(y) for _, y in pairs]
    expected = pearson(xs, ys)
    got = pearson_from_sums(
        *sums([x for x, _ in pairs], [y for _, y in pairs], 10_000), scale=10_000
    )
    assert got == (None if expected is None else pytest.approx(expected, abs=1e-12))
