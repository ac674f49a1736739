"""Scoring of answers and attempts. Pure (standard library only): exact fractions, no
database. Every question is worth 1 point; points are in 0..1."""

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .normalise import normalise_answer

PARTIAL = "partial"
ALL_OR_NOTHING = "all_or_nothing"
HIGHEST = "highest"
LAST = "last"


def score_single(correct_id, picked_ids: Iterable) -> Fraction:
    """1 when exactly the correct choice is picked, else 0 (also for true/false)."""
    picked = set(picked_ids)
    return Fraction(1) if picked == {correct_id} else Fraction(0)


def score_multiple(correct_ids: Iterable, picked_ids: Iterable, scoring: str = PARTIAL) -> Fraction:
    """Partial: (correct picks − wrong picks) / number of correct choices, floored at 0.
    All or nothing: 1 only when the picks are exactly the correct choices."""
    correct = set(correct_ids)
    picked = set(picked_ids)
    if not correct:
        return Fraction(0)
    if scoring == ALL_OR_NOTHING:
        return Fraction(1) if picked == correct else Fraction(0)
    right = len(picked & correct)
    wrong = len(picked - correct)
    return max(Fraction(0), Fraction(right - wrong, len(correct)))


def score_short(accepted: Iterable[str], answer: str) -> Fraction:
    """1 when the answer matches one accepted answer after normalisation, else 0."""
    given = normalise_answer(answer or "")
    if not given:
        return Fraction(0)
    accepted_forms = {normalise_answer(a) for a in accepted}
    accepted_forms.discard("")
    return Fraction(1) if given in accepted_forms else Fraction(0)


def attempt_percent(points: Sequence[Fraction]) -> Fraction:
    """The attempt's score in percent (0..100) from each question's points."""
    if not points:
        return Fraction(0)
    return Fraction(sum(points, Fraction(0)) * 100, len(points))


def as_decimal(value: Fraction, places: int = 2) -> Decimal:
    """A fraction rounded half-up to `places` decimals, for storing."""
    exponent = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        exponent, rounding=ROUND_HALF_UP
    )


def passes(percent, pass_mark) -> bool:
    return Fraction(str(percent)) >= Fraction(pass_mark)


def final_grade(attempt_scores: Sequence, method: str = HIGHEST):
    """The quiz grade from submitted attempts' scores in the order they were taken:
    the highest, or the last. None when there is no submitted attempt."""
    scores = [s for s in attempt_scores if s is not None]
    if not scores:
        return None
    if method == LAST:
        return scores[-1]
    return max(scores)
