"""Scoring of each question type, attempt percent and grading methods (pure)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from quizzes import scoring


def test_single_choice():
    assert scoring.score_single(3, [3]) == 1
    assert scoring.score_single(3, [2]) == 0
    assert scoring.score_single(3, []) == 0
    assert scoring.score_single(3, [3, 2]) == 0  # two picks on a single-choice question


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        ([1, 2], Fraction(1)),  # every correct choice
        ([1], Fraction(1, 2)),  # one of two correct
        ([1, 3], Fraction(0)),  # one right, one wrong: 1 - 1 = 0
        ([1, 2, 3], Fraction(1, 2)),  # 2 - 1 over 2
        ([3, 4], Fraction(0)),  # floored at 0, never negative
        ([1, 3, 4], Fraction(0)),  # 1 - 2 → floored
        ([], Fraction(0)),
    ],
)
def test_multiple_partial_credit(picked, expected):
    assert scoring.score_multiple([1, 2], picked, scoring.PARTIAL) == expected


def test_multiple_partial_with_three_correct():
    assert scoring.score_multiple([1, 2, 3], [1, 2], scoring.PARTIAL) == Fraction(2, 3)
    assert scoring.score_multiple([1, 2, 3], [1, 2, 4], scoring.PARTIAL) == Fraction(1, 3)


@pytest.mark.parametrize(
    ("picked", "expected"), [([1, 2], 1), ([1], 0), ([1, 2, 3], 0), ([], 0), ([3], 0)]
)
def test_multiple_all_or_nothing(picked, expected):
    assert scoring.score_multiple([1, 2], picked, scoring.ALL_OR_NOTHING) == expected


def test_multiple_without_correct_choice_scores_zero():
    assert scoring.score_multiple([], [1], scoring.PARTIAL) == 0


def test_short_answer_matches_after_normalisation():
    accepted = ["مجلس حقوق الإنسان", "Human Rights Council", "HRC"]
    assert scoring.score_short(accepted, "مَجْلِسُ حُقُوقِ الْانسان") == 1
    assert scoring.score_short(accepted, "  human rights   COUNCIL ") == 1
    assert scoring.score_short(accepted, "hrc") == 1
    assert scoring.score_short(accepted, "Security Council") == 0
    assert scoring.score_short(accepted, "") == 0
    assert scoring.score_short(accepted, "   ") == 0


def test_short_answer_with_digits():
    assert scoring.score_short(["1948"], "١٩٤٨") == 1
    assert scoring.score_short(["١٩٤٨"], "۱۹۴۸") == 1
    assert scoring.score_short(["1948"], "1949") == 0


def test_blank_accepted_line_never_matches_blank_answer():
    assert scoring.score_short(["", "  "], "") == 0


def test_attempt_percent_and_rounding():
    assert scoring.attempt_percent([Fraction(1), Fraction(0), Fraction(1, 2)]) == 50
    assert scoring.attempt_percent([]) == 0
    third = scoring.attempt_percent([Fraction(1), Fraction(0), Fraction(0)])
    assert scoring.as_decimal(third) == Decimal("33.33")
    assert scoring.as_decimal(scoring.attempt_percent([Fraction(2, 3)])) == Decimal("66.67")
    assert scoring.as_decimal(Fraction(1, 8), 4) == Decimal("0.1250")


def test_final_grade_methods():
    scores = [Decimal("40"), Decimal("90"), Decimal("60")]
    assert scoring.final_grade(scores, scoring.HIGHEST) == Decimal("90")
    assert scoring.final_grade(scores, scoring.LAST) == Decimal("60")
    assert scoring.final_grade([], scoring.HIGHEST) is None
    assert scoring.final_grade([None, Decimal("10")], scoring.LAST) == Decimal("10")


def test_passes():
    assert scoring.passes(Decimal("70.00"), 70)
    assert not scoring.passes(Decimal("69.99"), 70)
    assert scoring.passes(Decimal("0"), 0)
