"""Attempts and grading: everything views and other apps call.

- `start_attempt` draws and shuffles the questions once and freezes that order on the
  attempt; an open attempt is resumed, never doubled (a partial unique constraint is the
  last line of defence).
- `save_answers` keeps answers on the open attempt ("Save", come back later).
- `submit_attempt` grades on the server, once: the attempt row is locked
  (SELECT … FOR UPDATE), a submitted attempt is returned as it is, so a second submit or a
  replayed old form never creates a second attempt nor changes the grade. Each question is
  frozen in an `AttemptAnswer`. A pass completes the quiz step (`courses.services`) and
  sends `quiz_passed` after commit.

Answers, as the services take them: {question id: [choice ids]} for choice questions and
{question id: "text"} for short answers (question ids as strings in stored JSON).
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.db.models.expressions import RawSQL
from django.utils import timezone

from courses import services as course_services
from courses.models import Enrollment

from . import scoring
from .models import Attempt, AttemptAnswer, Choice, ExtraAttempt, Kind, Question, QuizPage
from .signals import quiz_passed

# A submission this late after the deadline is still accepted (a slow connection).
DEADLINE_GRACE = timedelta(seconds=60)


class QuizError(Exception):
    """Base of the refusals the views turn into clear pages."""


class NoAttemptsLeft(QuizError):
    pass


class AttemptClosed(QuizError):
    """The attempt was already submitted."""


class DeadlinePassed(QuizError):
    """The attempt's time limit is over."""


# --- Reading the quiz ---------------------------------------------------------------------


def questions_with_choices(question_ids=None, quiz=None) -> dict[int, Question]:
    """Questions (by id) with their choices in editor order in `.choice_list`, in two
    queries whatever their number."""
    questions = Question.objects.all()
    if question_ids is not None:
        questions = questions.filter(pk__in=list(question_ids))
    else:
        questions = questions.filter(quiz=quiz)
    by_id = {q.pk: q for q in questions.order_by("sort_order", "pk")}
    for question in by_id.values():
        question.choice_list = []
    if by_id:
        choices = Choice.objects.filter(question_id__in=list(by_id)).order_by("sort_order", "pk")
        for choice in choices:
            by_id[choice.question_id].choice_list.append(choice)
    return by_id


def _accepted_lines(question: Question) -> dict[str, list[str]]:
    def lines(text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    return {
        "ar": lines(question.accepted_answers_ar),
        "en": lines(question.accepted_answers_en),
    }


# --- Limits and grades --------------------------------------------------------------------


def allowed_attempts(user, quiz: QuizPage) -> int | None:
    """How many attempts the user may start in all (None: unlimited), with staff grants."""
    if not quiz.attempts_allowed:
        return None
    extra = ExtraAttempt.objects.filter(user=user, quiz=quiz).count()
    return quiz.attempts_allowed + extra


def attempts_left(user, quiz: QuizPage) -> int | None:
    """Attempts the user may still start (None: unlimited). An open attempt counts as
    started."""
    allowed = allowed_attempts(user, quiz)
    if allowed is None:
        return None
    used = Attempt.objects.filter(user=user, quiz=quiz).count()
    return max(0, allowed - used)


def submitted_attempts(user, quiz: QuizPage) -> list[Attempt]:
    return list(
        Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=False).order_by("number")
    )


def final_grade(user, quiz: QuizPage, attempts: list[Attempt] | None = None):
    """The quiz grade (percent, Decimal) by the quiz's grading method, or None."""
    if attempts is None:
        attempts = submitted_attempts(user, quiz)
    return scoring.final_grade([a.score for a in attempts], quiz.grading)


def best_grade(user, quiz: QuizPage, attempts: list[Attempt] | None = None):
    if attempts is None:
        attempts = submitted_attempts(user, quiz)
    return scoring.final_grade([a.score for a in attempts], scoring.HIGHEST)


def grant_extra_attempt(user, quiz: QuizPage, granted_by=None) -> ExtraAttempt:
    """Centre staff let `user` try `quiz` once more than the quiz allows."""
    return ExtraAttempt.objects.create(user=user, quiz=quiz, granted_by=granted_by)


def is_overdue(attempt: Attempt, now=None) -> bool:
    """Past the deadline and its grace period."""
    if attempt.deadline is None:
        return False
    return (now or timezone.now()) > attempt.deadline + DEADLINE_GRACE


@dataclass
class QuizSummary:
    """What the quiz page shows one user."""

    attempts: list[Attempt]
    open_attempt: Attempt | None
    allowed: int | None
    left: int | None
    grade: object
    passed: bool
    question_count: int
    can_start: bool
    extra_granted: int = 0
    notes: list[str] = field(default_factory=list)


def quiz_summary(user, quiz: QuizPage) -> QuizSummary | None:
    if not user.is_authenticated:
        return None
    attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    if open_attempt is not None and is_overdue(open_attempt):
        finalise_overdue(open_attempt)
        attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
        open_attempt = None
    submitted = [a for a in attempts if a.submitted_at is not None]
    extra = (
        ExtraAttempt.objects.filter(user=user, quiz=quiz).count() if quiz.attempts_allowed else 0
    )
    allowed = quiz.attempts_allowed + extra if quiz.attempts_allowed else None
    left = None if allowed is None else max(0, allowed - len(attempts))
    pool = Question.objects.filter(quiz=quiz).count()
    count = min(quiz.draw, pool) if quiz.draw else pool
    return QuizSummary(
        attempts=submitted,
        open_attempt=open_attempt,
        allowed=allowed,
        left=left,
        grade=scoring.final_grade([a.score for a in submitted], quiz.grading),
        passed=any(a.passed for a in submitted),
        question_count=count,
        can_start=open_attempt is None and (left is None or left > 0) and count > 0,
        extra_granted=extra,
    )


# --- Starting -----------------------------------------------------------------------------


def _draw(quiz: QuizPage, questions: dict[int, Question], rng: random.Random):
    ordered = list(questions.values())  # editor order
    if quiz.draw and quiz.draw < len(ordered):
        drawn = set(q.pk for q in rng.sample(ordered, quiz.draw))
        ordered = [q for q in ordered if q.pk in drawn]
    if quiz.shuffle_questions:
        rng.shuffle(ordered)
    choice_order = {}
    for question in ordered:
        ids = [c.pk for c in question.choice_list]
        if quiz.shuffle_choices and question.kind != Kind.TRUE_FALSE:
            rng.shuffle(ids)
        choice_order[str(question.pk)] = ids
    return [q.pk for q in ordered], choice_order


def open_attempt(user, quiz: QuizPage) -> Attempt | None:
    return Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()


def start_attempt(user, quiz: QuizPage, rng: random.Random | None = None) -> Attempt:
    """The user's open attempt at `quiz`, or a new one: questions drawn and shuffled once,
    frozen on the attempt. Raises `courses.services.StepLocked` when the quiz is locked for
    the user and `NoAttemptsLeft` when they have used every attempt."""
    current = open_attempt(user, quiz)
    if current is not None:
        if not is_overdue(current):
            return current
        finalise_overdue(current)
    try:
        nav = course_services.step_navigation(user, quiz)
    except ValueError as error:  # not inside a course
        raise QuizError("quiz outside a course") from error
    if nav.blocker is not None:
        raise course_services.StepLocked(quiz, nav.blocker)
    course = nav.course
    rng = rng or random.SystemRandom()
    questions = questions_with_choices(quiz=quiz)
    if not questions:
        raise QuizError("quiz without questions")
    question_order, choice_order = _draw(quiz, questions, rng)
    if nav.enrollment is None:
        course_services.start_course(user, course, look_first=False)
    try:
        with transaction.atomic():
            used = Attempt.objects.filter(user=user, quiz=quiz)
            allowed = allowed_attempts(user, quiz)
            if allowed is not None and used.count() >= allowed:
                # Started a moment ago by another request of the user's: resume that one.
                current = open_attempt(user, quiz)
                if current is not None:
                    return current
                raise NoAttemptsLeft
            number = (used.aggregate(n=Max("number"))["n"] or 0) + 1
            now = timezone.now()
            deadline = (
                now + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None
            )
            return Attempt.objects.create(
                user=user,
                quiz=quiz,
                course=course,
                number=number,
                deadline=deadline,
                question_order=question_order,
                choice_order=choice_order,
            )
    except IntegrityError:
        # Started at the same moment elsewhere: that attempt is this one.
        current = open_attempt(user, quiz)
        if current is None:
            raise
        return current


# --- The reports' quiz counters on the enrolment ----------------------------------------------
# `Enrollment.quizzes_scored` and `Enrollment.best_scores_sum` (see the model for the
# invariant): per (user, course of the attempt), the number of quizzes with a submitted,
# scored attempt and the sum of each one's best score.


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _best_per_quiz_sql(where: str) -> str:
    """Best submitted score per (user, course, quiz) of the attempts matching `where`."""
    a = Attempt._meta
    user, course, quiz = (_q(a.get_field(n).column) for n in ("user", "course", "quiz"))
    score, submitted = _q(a.get_field("score").column), _q(a.get_field("submitted_at").column)
    return (
        f"SELECT {user} AS user_id, {course} AS course_id, MAX({score}) AS best"
        f" FROM {_q(a.db_table)} WHERE {submitted} IS NOT NULL AND {score} IS NOT NULL"
        f" AND {where} GROUP BY {user}, {course}, {quiz}"
    )


def recount_quiz_scores(user=None, course_ids=None) -> int:
    """Set the quiz counters of the enrolments of `user` (a user or id; None: everyone) in
    `course_ids` (pages or ids; None: every course) from the attempts, in one UPDATE; rows
    already right are not written. Returns the number of enrolments changed."""
    a, en = Attempt._meta, Enrollment._meta
    a_where, en_where, a_params, en_params = ["1 = 1"], ["1 = 1"], [], []
    if course_ids is not None:
        ids = sorted({getattr(c, "pk", c) for c in course_ids})
        if not ids:
            return 0
        marks = ", ".join(["%s"] * len(ids))
        a_where.append(f"{_q(a.get_field('course').column)} IN ({marks})")
        en_where.append(f"en.{_q(en.get_field('course').column)} IN ({marks})")
        a_params += ids
        en_params += ids
    if user is not None:
        user_id = getattr(user, "pk", user)
        a_where.append(f"{_q(a.get_field('user').column)} = %s")
        en_where.append(f"en.{_q(en.get_field('user').column)} = %s")
        a_params.append(user_id)
        en_params.append(user_id)
    table, pk = _q(en.db_table), _q(en.pk.column)
    n, total = _q(en.get_field("quizzes_scored").column), _q(en.get_field("best_scores_sum").column)
    en_user, en_course = _q(en.get_field("user").column), _q(en.get_field("course").column)
    sql = (
        f"UPDATE {table} SET {n} = counted.n, {total} = counted.s FROM ("
        f"SELECT en.{pk} AS id, COUNT(b.best) AS n, COALESCE(ROUND(SUM(b.best), 2), 0) AS s"
        f" FROM {table} en LEFT JOIN ({_best_per_quiz_sql(' AND '.join(a_where))}) b"
        f" ON b.user_id = en.{en_user} AND b.course_id = en.{en_course}"
        f" WHERE {' AND '.join(en_where)} GROUP BY en.{pk}) counted"
        f" WHERE {table}.{pk} = counted.id"
        f" AND ({table}.{n} <> counted.n OR {table}.{total} <> counted.s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, a_params + en_params)
        return cursor.rowcount


def _quiz_scores_of(user_id: int, course_id: int) -> dict[str, RawSQL]:
    """The two counters of one enrolment as expressions over the attempts, to write in the
    UPDATE of that enrolment row (read after the row is locked: see `_write_quiz_scores`)."""
    a = Attempt._meta
    where = f"{_q(a.get_field('user').column)} = %s AND {_q(a.get_field('course').column)} = %s"
    best = _best_per_quiz_sql(where)
    params = (user_id, course_id)
    return {
        "quizzes_scored": RawSQL(f"SELECT COUNT(*) FROM ({best}) b", params),
        "best_scores_sum": RawSQL(
            f"SELECT COALESCE(ROUND(SUM(b.best), 2), 0) FROM ({best}) b", params
        ),
    }


def _write_quiz_scores(attempt: Attempt) -> None:
    """Recount the enrolment of the attempt's user and course: lock the row first, so that
    the recount (a later statement) sees every attempt committed by whoever held it."""
    enrolment = (
        Enrollment.objects.select_for_update()
        .filter(user_id=attempt.user_id, course_id=attempt.course_id)
        .values_list("pk", flat=True)
        .first()
    )
    if enrolment is not None:
        Enrollment.objects.filter(pk=enrolment).update(
            **_quiz_scores_of(attempt.user_id, attempt.course_id)
        )


# --- Saving and submitting ----------------------------------------------------------------


def lock_attempt(user, attempt_id: int) -> Attempt | None:
    """`user`'s attempt `attempt_id`, its row locked until the current transaction ends
    (FOR UPDATE of the attempt row only, not the quiz page joined to it); None when it is
    not theirs. Call inside `transaction.atomic()`."""
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz")
        .filter(pk=attempt_id, user_id=user.pk)
        .first()
    )
    if attempt is not None and getattr(user, "is_authenticated", False):
        attempt.user = user
    return attempt


def _relock(attempt: Attempt, already_locked: bool) -> Attempt:
    if already_locked:
        return attempt
    locked = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz")
        .get(pk=attempt.pk, user_id=attempt.user_id)
    )
    if "user" in attempt._state.fields_cache:
        locked.user = attempt.user
    return locked


def save_answers(attempt: Attempt, answers: dict, now=None, locked=False) -> Attempt:
    """Keep `answers` (already validated) on the open attempt, replacing what was saved.
    `locked`: the caller holds the row lock already (see `lock_attempt`)."""
    # Already locked: the caller's transaction is this one (no savepoint needed).
    with transaction.atomic(savepoint=not locked):
        current = _relock(attempt, locked)
        if current.submitted_at is not None:
            raise AttemptClosed
        if is_overdue(current, now):
            raise DeadlinePassed
        current.saved = {str(k): v for k, v in answers.items()}
        current.save(update_fields=["saved"])
    attempt.saved = current.saved
    return current


def _grade_question(question: Question, shown_ids: list[int], answer) -> tuple[Fraction, list, str]:
    """(points, picked choice ids, answer text) of one answer."""
    if question.kind == Kind.SHORT:
        text = answer if isinstance(answer, str) else ""
        lines = _accepted_lines(question)
        return scoring.score_short(lines["ar"] + lines["en"], text), [], text
    existing = {c.pk for c in question.choice_list}
    picked = [cid for cid in (answer if isinstance(answer, list) else []) if cid in existing]
    correct = [c.pk for c in question.choice_list if c.is_correct]
    if question.kind == Kind.MULTIPLE:
        points = scoring.score_multiple(correct, picked, question.scoring)
    elif len(correct) == 1:
        points = scoring.score_single(correct[0], picked)
    else:  # an answer key edited into an unusual shape: only exactly right scores
        points = scoring.score_multiple(correct, picked, scoring.ALL_OR_NOTHING)
    return points, picked, ""


def _freeze(attempt, position, question, shown_ids, points, picked, text) -> AttemptAnswer:
    by_id = {c.pk: c for c in question.choice_list}
    shown = [by_id[cid] for cid in shown_ids if cid in by_id]
    shown += [c for c in question.choice_list if c.pk not in set(shown_ids)]
    return AttemptAnswer(
        attempt=attempt,
        question=question,
        position=position,
        kind=question.kind,
        text_ar=question.text_ar or question.text_en or "",
        text_en=question.text_en or "",
        explanation_ar=question.explanation_ar or "",
        explanation_en=question.explanation_en or "",
        choices=[
            {
                "id": c.pk,
                "text_ar": c.text_ar or c.text_en or "",
                "text_en": c.text_en or "",
                "correct": bool(c.is_correct),
                "feedback_ar": c.feedback_ar or "",
                "feedback_en": c.feedback_en or "",
            }
            for c in shown
        ],
        picked=picked,
        answer_text=text,
        accepted=_accepted_lines(question) if question.kind == Kind.SHORT else {},
        points=scoring.as_decimal(points, 4),
        correct=points == 1,
    )


@dataclass
class Submission:
    attempt: Attempt
    graded_now: bool  # False: it had already been submitted, nothing changed


def submit_attempt(
    attempt: Attempt,
    answers: dict | None = None,
    now=None,
    late_ok=False,
    locked=False,
    questions: dict[int, Question] | None = None,
) -> Submission:
    """Grade the attempt once, with `answers` (validated) or, if None, what was saved.
    Idempotent: an attempt already submitted is returned unchanged. Raises
    `DeadlinePassed` after the time limit (unless `late_ok`, used to close an overdue
    attempt with what was saved in time). `locked`: the caller holds the row lock already;
    `questions`: the attempt's questions if the caller loaded them."""
    # Already locked: the caller's transaction is this one (no savepoint needed).
    with transaction.atomic(savepoint=not locked):
        current = _relock(attempt, locked)
        if current.submitted_at is not None:
            return Submission(attempt=current, graded_now=False)
        if not late_ok and is_overdue(current, now):
            raise DeadlinePassed
        if answers is None:
            answers = current.saved or {}
        answers = {str(k): v for k, v in answers.items()}
        if questions is None:
            questions = questions_with_choices(question_ids=current.question_order)
        rows, points = [], []
        for qid in current.question_order:
            question = questions.get(qid)
            if question is None:
                continue  # deleted since the attempt started: not asked, not counted
            shown_ids = current.choice_order.get(str(qid), [])
            got, picked, text = _grade_question(question, shown_ids, answers.get(str(qid)))
            points.append(got)
            rows.append(_freeze(current, len(rows) + 1, question, shown_ids, got, picked, text))
        AttemptAnswer.objects.bulk_create(rows)
        quiz = current.quiz
        current.score = scoring.as_decimal(scoring.attempt_percent(points), 2)
        current.passed = current.score >= quiz.pass_mark
        current.submitted_at = now or timezone.now()
        current.saved = {}
        current.save(update_fields=["score", "passed", "submitted_at", "saved"])
        # The enrolment's quiz counters are recounted in this transaction: with a pass, in
        # the UPDATE that `complete_step` makes of the enrolment row it has locked (no
        # statement more); otherwise (or if that enrolment is not of the attempt's course),
        # by locking and updating the row here.
        counted = []

        def quiz_scores(enrolment):
            if enrolment.course_id != current.course_id:
                return {}
            counted.append(enrolment)
            return _quiz_scores_of(current.user_id, current.course_id)

        if current.passed:
            user = current.user
            # If an earlier step was added since, the step stays open: the pass is kept on
            # the attempt all the same.
            with contextlib.suppress(course_services.StepLocked):
                course_services.complete_step(user, quiz, also=quiz_scores)
            transaction.on_commit(
                lambda: quiz_passed.send(sender=QuizPage, user=user, quiz=quiz, attempt=current)
            )
        if not counted:
            _write_quiz_scores(current)
    return Submission(attempt=current, graded_now=True)


def finalise_overdue(attempt: Attempt) -> Submission:
    """Close an attempt whose time is over, grading what was saved before the deadline."""
    return submit_attempt(attempt, answers=None, late_ok=True)


# --- What the pages show ------------------------------------------------------------------


@dataclass
class ShownChoice:
    value: str  # the opaque form value: position in the order shown ("c1", "c2", ...)
    text: str
    checked: bool


@dataclass
class ShownQuestion:
    name: str  # the form field name: position in the attempt ("q1", "q2", ...)
    position: int
    kind: str
    text: str
    choices: list[ShownChoice]
    answer_text: str = ""


def attempt_form(attempt: Attempt, questions: dict[int, Question] | None = None):
    """The questions of an open attempt as the form shows them, in the frozen order, with
    the saved answers filled in. Field names and values are positions, which say nothing
    about correctness."""
    if questions is None:
        questions = questions_with_choices(question_ids=attempt.question_order)
    saved = attempt.saved or {}
    shown = []
    for index, qid in enumerate(attempt.question_order, start=1):
        question = questions.get(qid)
        if question is None:
            continue
        by_id = {c.pk: c for c in question.choice_list}
        # Values are positions in the frozen order (as answers.py reads them back); a
        # choice deleted since the attempt started keeps its position, unshown.
        order = list(enumerate(attempt.choice_order.get(str(qid), []), start=1))
        answer = saved.get(str(qid))
        picked = set(answer) if isinstance(answer, list) else set()
        shown.append(
            ShownQuestion(
                name=f"q{index}",
                position=len(shown) + 1,
                kind=question.kind,
                text=question.text,
                choices=[
                    ShownChoice(value=f"c{i}", text=by_id[cid].text, checked=cid in picked)
                    for i, cid in order
                    if cid in by_id
                ],
                answer_text=answer if isinstance(answer, str) else "",
            )
        )
    return shown
