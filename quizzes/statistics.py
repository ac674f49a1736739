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

The functions at the top are pure (no database): they define the figures. The database
computes the same figures without loading the answers: `first_attempt_figures` groups the
first attempts' answers per question and sums n, Σx, Σy, Σxy, Σx², Σy² (x the question's
points, y the rest of the attempt's total), exactly, as integers of ten-thousandths of a
point, and counts the picks of each choice; `pearson_from_sums` turns the sums into the
correlation. `quiz_statistics(quiz)` returns a `QuizStatistics` in four queries;
`statistics_of_quizzes(quizzes)` does the same for many quizzes in the same number of
queries (the reports' HDF5 export), whatever the number of attempts and answers.
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


# Points are stored with four decimals: the database sums them as integers (points × SCALE),
# so every sum below is exact and the variances are exactly zero when there is no spread.
SCALE = 10_000


def pearson_from_sums(
    n: int, sx: int, sy: int, sxy: int, sxx: int, syy: int, scale: int = 1
) -> float | None:
    """`pearson` from the sums of the two series (n, Σx, Σy, Σxy, Σx², Σy²) given as exact
    integers, the values multiplied by `scale` (so the database can sum them exactly):
    the same value, with the same rule that a variance zero up to rounding is zero."""
    if n < 2:
        return None
    # n × Σ(x − mean)² = nΣx² − (Σx)², exact in integers; likewise for y and the co-moment.
    cxx = n * sxx - sx * sx
    cyy = n * syy - sy * sy
    cxy = n * sxy - sx * sy
    unit = n * scale * scale
    if cxx / unit <= 1e-12 or cyy / unit <= 1e-12:
        return None
    r = cxy / (math.sqrt(cxx) * math.sqrt(cyy))
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
    text_ar: str = ""
    text_en: str = ""


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
    text_ar: str = ""
    text_en: str = ""


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


def _first_attempt_sql(vendor: str, quiz_count: int) -> str:
    """The one query of the per-question figures over the first submitted attempts of the
    quizzes (`quiz_count` placeholders): rows (question id, None, n, Σx, Σy, Σxy, Σx², Σy²)
    where x is a question's points and y the rest of its attempt's total (× SCALE, exact
    integers), then rows (question id, choice id as text, attempts that picked it).

    Millions of answers come down to a few distinct (question, picks, points, attempt
    total) in one pass: the window sum gives each answer its attempt's total (the answers
    arrive in attempt order from the (attempt, position) index), and everything after that
    works on those few groups: the sums weighted by each group's count, and the picks
    unnested once per distinct list rather than once per answer."""
    from .models import Attempt, AttemptAnswer

    answers = AttemptAnswer._meta.db_table
    attempts = Attempt._meta.db_table
    placeholders = ", ".join(["%s"] * quiz_count)
    if vendor == "postgresql":
        picks = (
            "CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN "
            "jsonb_typeof(g.picked) = 'array' THEN g.picked ELSE '[]'::jsonb END) "
            "AS pick(value)"
        )
        choice = "pick.value"
    else:  # SQLite's JSON1 functions
        picks = (
            "JOIN json_each(CASE WHEN json_type(g.picked) = 'array' "
            "THEN g.picked ELSE '[]' END) AS pick"
        )
        choice = "CAST(pick.value AS TEXT)"
    # An answer to a deleted question (question id null) counts in its attempt's total only.
    # The products are widened to NUMERIC (PostgreSQL; SQLite keeps integers): n·y² can
    # pass 2⁶³ on a long quiz taken by many. Only table names, constants and placeholders
    # are formatted into the SQL.
    return f"""
        WITH grouped AS (
            SELECT question_id, picked, x, total, COUNT(*) AS n
            FROM (
                SELECT ans.question_id AS question_id, ans.picked AS picked,
                       ans.points AS x,
                       SUM(ans.points) OVER (PARTITION BY ans.attempt_id) AS total
                FROM {answers} ans
                JOIN {attempts} att ON att.id = ans.attempt_id
                WHERE att.quiz_id IN ({placeholders}) AND att.number = 1
                      AND att.submitted_at IS NOT NULL
            ) scored
            WHERE question_id IS NOT NULL
            GROUP BY question_id, picked, x, total
        )
        SELECT question_id, NULL, SUM(n), SUM(n * x), SUM(n * y), SUM(n * x * y),
               SUM(n * x * x), SUM(n * y * y)
        FROM (
            SELECT question_id, CAST(n AS NUMERIC) AS n,
                   CAST(ROUND(x * {SCALE}) AS BIGINT) AS x,
                   CAST(ROUND(total * {SCALE}) AS BIGINT)
                   - CAST(ROUND(x * {SCALE}) AS BIGINT) AS y
            FROM grouped
        ) scaled
        GROUP BY question_id
        UNION ALL
        SELECT question_id, choice, SUM(n), NULL, NULL, NULL, NULL, NULL
        FROM (
            SELECT DISTINCT g.question_id AS question_id, g.picked, g.x, g.total, g.n,
                   {choice} AS choice
            FROM grouped g {picks}
        ) picks
        WHERE choice IS NOT NULL
        GROUP BY question_id, choice
    """  # noqa: S608


def first_attempt_figures(quiz_ids: Sequence[int]) -> dict[int, QuestionFigures]:
    """The figures of every question answered in a first submitted attempt at one of the
    quizzes (question id → figures), grouped and summed in the database: one query
    whatever the number of quizzes and attempts. An answer whose question was deleted since
    still counts in its attempt's total; a picked id that is not an integer is ignored."""
    from django.db import connection

    if not quiz_ids:
        return {}
    sql = _first_attempt_sql(connection.vendor, len(quiz_ids))
    sums: dict[int, tuple] = {}
    picks: dict[int, Counter[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, list(quiz_ids))
        for question_id, choice, n, *moments in cursor.fetchall():
            if choice is None:
                sums[question_id] = (int(n), *(int(m) for m in moments))
                continue
            try:
                choice_id = int(choice)
            except ValueError:
                continue
            picks.setdefault(question_id, Counter())[choice_id] += int(n)
    figures = {}
    for question_id, (n, sx, sy, sxy, sxx, syy) in sums.items():
        r = pearson_from_sums(n, sx, sy, sxy, sxx, syy, scale=SCALE)
        figures[question_id] = QuestionFigures(
            question_id=question_id,
            asked=n,
            facility=sx / SCALE / n,
            discrimination=None if r is None else 100 * r,
            picks=dict(picks.get(question_id, {})),
        )
    return figures


def _question_lines(questions, figures_of: Mapping[int, QuestionFigures]) -> list[QuestionLine]:
    """The figures of each question (its choices prefetched), in the order given."""
    lines = []
    for number, question in enumerate(questions, start=1):
        figure = figures_of.get(question.pk) or QuestionFigures(
            question_id=question.pk, asked=0, facility=None, discrimination=None, picks={}
        )
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
                        text_ar=c.text_ar or "",
                        text_en=c.text_en or "",
                    )
                    for c in choices
                ],
                other_picks=sum(n for cid, n in figure.picks.items() if cid not in current),
                kind_label=question.get_kind_display(),
                text_ar=question.text_ar or "",
                text_en=question.text_en or "",
            )
        )
    return lines


def quiz_statistics(quiz) -> QuizStatistics:
    """Attempts, pass rate and per-question figures of `quiz`, with texts in the active
    language (and in both, as `text_ar` / `text_en`). Four queries whatever the number of
    attempts and questions."""
    return statistics_of_quizzes([quiz])[quiz.pk]


def statistics_of_quizzes(quizzes) -> dict[int, QuizStatistics]:
    """`quiz_statistics` of every quiz given (quiz id → statistics), in four queries
    whatever the number of quizzes, attempts and questions."""
    from django.db.models import Avg, Count, Q

    from .models import Attempt, Question

    quiz_ids = [quiz.pk for quiz in quizzes]
    if not quiz_ids:
        return {}
    totals_of = {
        row["quiz_id"]: row
        for row in Attempt.objects.filter(quiz_id__in=quiz_ids, submitted_at__isnull=False)
        .values("quiz_id")
        .annotate(
            attempts=Count("pk"),
            passed_attempts=Count("pk", filter=Q(passed=True)),
            trainees=Count("user", distinct=True),
            trainees_passed=Count("user", distinct=True, filter=Q(passed=True)),
            first_attempts=Count("pk", filter=Q(number=1)),
            mean_first_score=Avg("score", filter=Q(number=1)),
        )
        .order_by()
    }
    figures_of = first_attempt_figures(quiz_ids)
    questions_of: dict[int, list] = {}
    questions = (
        Question.objects.filter(quiz_id__in=quiz_ids)
        .order_by("sort_order", "pk")
        .prefetch_related("choices")
    )
    for question in questions:
        questions_of.setdefault(question.quiz_id, []).append(question)
    statistics = {}
    for quiz_id in quiz_ids:
        totals = totals_of.get(quiz_id, {})
        mean = totals.get("mean_first_score")
        statistics[quiz_id] = QuizStatistics(
            attempts=totals.get("attempts", 0),
            passed_attempts=totals.get("passed_attempts", 0),
            trainees=totals.get("trainees", 0),
            trainees_passed=totals.get("trainees_passed", 0),
            first_attempts=totals.get("first_attempts", 0),
            mean_first_score=float(mean) if mean is not None else None,
            questions=_question_lines(questions_of.get(quiz_id, []), figures_of),
        )
    return statistics


def as_percent(share: float | None) -> float | None:
    """A share 0..1 as a percentage, for display."""
    return None if share is None else 100 * share
