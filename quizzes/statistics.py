"""Item statistics of a quiz, as Moodle's quiz statistics report defines them.

Everything is computed over *first* attempts (one per trainee, submitted), so that practice
on later attempts does not flatter the questions:

- facility index: the mean points scored on the question, as a share 0..1 (every question
  is worth 1 point, so this is the share of the available mark obtained);
- discrimination index: 100 × the Pearson correlation between the points scored on the
  question and the score on the rest of the test (the attempt's total minus this question),
  over the attempts that were asked the question; None when it is undefined (fewer than two
  such attempts, or no spread in either score);
- choice frequencies: how many of those attempts picked each choice.

The functions at the top are pure (no database); `quiz_statistics(quiz)` loads the rows of
one quiz with a few grouped queries and returns a `QuizStatistics`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class AttemptRow:
    """One first attempt: the points of every question it asked (question id → 0..1) and the
    choice ids picked per question (absent or empty for an unanswered or short question)."""

    points: Mapping[int, float | Decimal]
    picked: Mapping[int, Sequence[int]] = field(default_factory=dict)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation coefficient of two equally long series, or None when it is
    undefined (fewer than two pairs, or a series without any variance)."""
    if len(xs) != len(ys):
        raise ValueError("the two series must have the same length")
    n = len(xs)
    if n < 2:
        return None
    mean_x = math.fsum(xs) / n
    mean_y = math.fsum(ys) / n
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    syy = math.fsum((y - mean_y) ** 2 for y in ys)
    # A variance that is zero up to rounding is zero: no spread, no correlation.
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    r = sxy / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


def _asked(rows: Iterable[AttemptRow], question_id: int) -> list[AttemptRow]:
    return [row for row in rows if question_id in row.points]


def facility_index(rows: Iterable[AttemptRow], question_id: int) -> float | None:
    """Mean points on the question as a share 0..1, over the attempts that asked it; None if
    none did."""
    asked = _asked(rows, question_id)
    if not asked:
        return None
    return math.fsum(float(row.points[question_id]) for row in asked) / len(asked)


def discrimination_index(rows: Iterable[AttemptRow], question_id: int) -> float | None:
    """100 × Pearson(question score, rest-of-test score) over the attempts that asked the
    question; None when undefined."""
    asked = _asked(rows, question_id)
    xs = [float(row.points[question_id]) for row in asked]
    totals = [math.fsum(float(p) for p in row.points.values()) for row in asked]
    rest = [total - x for total, x in zip(totals, xs, strict=True)]
    r = pearson(xs, rest)
    return None if r is None else 100 * r


def choice_frequencies(rows: Iterable[AttemptRow], question_id: int) -> dict[int, int]:
    """How many of the attempts that asked the question picked each choice id (a choice
    picked by nobody is absent)."""
    counts: Counter[int] = Counter()
    for row in rows:
        if question_id in row.points:
            counts.update(set(row.picked.get(question_id, ())))
    return dict(counts)


@dataclass(frozen=True)
class QuestionFigures:
    question_id: int
    asked: int  # first attempts that were asked this question
    facility: float | None  # share 0..1
    discrimination: float | None  # -100..100
    picks: dict[int, int]  # choice id → first attempts that picked it


def question_figures(rows: Sequence[AttemptRow], question_ids: Iterable[int]) -> list:
    """The figures of every question id given, in that order (the same values as the
    functions above, in one pass per question with each attempt's total computed once)."""
    rows = list(rows)
    totals = [math.fsum(float(p) for p in row.points.values()) for row in rows]
    figures = []
    for qid in question_ids:
        xs, rest = [], []
        picks: Counter[int] = Counter()
        for row, total in zip(rows, totals, strict=True):
            if qid not in row.points:
                continue
            x = float(row.points[qid])
            xs.append(x)
            rest.append(total - x)
            picks.update(set(row.picked.get(qid, ())))
        r = pearson(xs, rest)
        figures.append(
            QuestionFigures(
                question_id=qid,
                asked=len(xs),
                facility=math.fsum(xs) / len(xs) if xs else None,
                discrimination=None if r is None else 100 * r,
                picks=dict(picks),
            )
        )
    return figures


# --- Loading the figures of one quiz --------------------------------------------------------


@dataclass(frozen=True)
class ChoiceLine:
    choice_id: int
    text: str
    correct: bool
    picks: int
    share: float | None  # of the first attempts that were asked the question


@dataclass(frozen=True)
class QuestionLine:
    question_id: int
    number: int  # its place in the quiz, from 1
    kind: str
    text: str
    asked: int
    facility: float | None
    discrimination: float | None
    choices: list[ChoiceLine]
    other_picks: int  # picks of choices removed from the question since
    kind_label: str = ""


@dataclass(frozen=True)
class QuizStatistics:
    attempts: int  # submitted attempts, every attempt number
    passed_attempts: int
    trainees: int  # people with a submitted attempt
    trainees_passed: int
    first_attempts: int
    mean_first_score: float | None  # percent
    questions: list[QuestionLine]

    @property
    def pass_rate(self) -> float | None:
        """Share of the trainees who tried that passed (on any attempt)."""
        return self.trainees_passed / self.trainees if self.trainees else None


def _int_ids(values) -> list[int]:
    ids = []
    for value in values or ():
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def first_attempt_rows(quiz) -> list[AttemptRow]:
    """The first submitted attempt of every trainee at `quiz`, as rows (one query). An
    answer whose question was deleted since still counts in its attempt's total."""
    from .models import AttemptAnswer

    by_attempt: dict[int, tuple[dict, dict]] = {}
    answers = AttemptAnswer.objects.filter(
        attempt__quiz=quiz, attempt__number=1, attempt__submitted_at__isnull=False
    ).values_list("attempt_id", "question_id", "position", "points", "picked")
    for attempt_id, question_id, position, points, picked in answers.iterator():
        points_of, picked_of = by_attempt.setdefault(attempt_id, ({}, {}))
        key = question_id if question_id is not None else -position
        points_of[key] = points
        picked_of[key] = _int_ids(picked)
    return [AttemptRow(points=p, picked=c) for p, c in by_attempt.values()]


def quiz_statistics(quiz) -> QuizStatistics:
    """Attempts, pass rate and per-question figures of `quiz`, with texts in the active
    language. Four queries whatever the number of attempts and questions."""
    from django.db.models import Avg, Count, Q

    from .models import Attempt

    totals = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False).aggregate(
        attempts=Count("pk"),
        passed_attempts=Count("pk", filter=Q(passed=True)),
        trainees=Count("user", distinct=True),
        trainees_passed=Count("user", distinct=True, filter=Q(passed=True)),
        first_attempts=Count("pk", filter=Q(number=1)),
        mean_first_score=Avg("score", filter=Q(number=1)),
    )
    rows = first_attempt_rows(quiz)
    questions = list(quiz.questions.prefetch_related("choices"))
    figures = question_figures(rows, [q.pk for q in questions])
    lines = []
    for number, (question, figure) in enumerate(zip(questions, figures, strict=True), start=1):
        choices = list(question.choices.all())
        current = {c.pk for c in choices}
        lines.append(
            QuestionLine(
                question_id=question.pk,
                number=number,
                kind=question.kind,
                text=question.text,
                asked=figure.asked,
                facility=figure.facility,
                discrimination=figure.discrimination,
                choices=[
                    ChoiceLine(
                        choice_id=c.pk,
                        text=c.text,
                        correct=c.is_correct,
                        picks=figure.picks.get(c.pk, 0),
                        share=figure.picks.get(c.pk, 0) / figure.asked if figure.asked else None,
                    )
                    for c in choices
                ],
                other_picks=sum(n for cid, n in figure.picks.items() if cid not in current),
                kind_label=question.get_kind_display(),
            )
        )
    mean = totals["mean_first_score"]
    return QuizStatistics(
        attempts=totals["attempts"],
        passed_attempts=totals["passed_attempts"],
        trainees=totals["trainees"],
        trainees_passed=totals["trainees_passed"],
        first_attempts=totals["first_attempts"],
        mean_first_score=float(mean) if mean is not None else None,
        questions=lines,
    )


def as_percent(share: float | None) -> float | None:
    """A share 0..1 as a percentage, for display."""
    return None if share is None else 100 * share
