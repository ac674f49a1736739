"""Attempts: limits, extra grants, resuming, the frozen draw, saving, grading methods,
idempotent submission, frozen answers, deadlines, and what a pass completes."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses import services as course_services
from courses.models import Enrollment, StepCompletion
from quizzes import services
from quizzes.models import Attempt, AttemptAnswer, Choice, ExtraAttempt, Question
from quizzes.signals import quiz_passed
from tests.courses.factories import lessons_of

from .factories import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, make_quiz, mixed, right_answers

pytestmark = pytest.mark.django_db


def wrong_answers(attempt) -> dict:
    answers = {}
    for qid, question in services.questions_with_choices(
        question_ids=attempt.question_order
    ).items():
        if question.kind == "short":
            answers[str(qid)] = "لا أعرف"
        else:
            answers[str(qid)] = [next(c.pk for c in question.choice_list if not c.is_correct)]
    return answers


def half_right(attempt) -> dict:
    """Right on the first half of the questions (in the order asked), wrong on the rest."""
    right, wrong = right_answers(attempt), wrong_answers(attempt)
    order = [str(q) for q in attempt.question_order]
    half = len(order) // 2
    return {q: (right[q] if i < half else wrong[q]) for i, q in enumerate(order)}


# --- Starting, limits, grants -------------------------------------------------------------


def test_start_creates_one_attempt_and_resumes_it(quiz, trainee):
    first = services.start_attempt(trainee, quiz)
    again = services.start_attempt(trainee, quiz)
    assert first.pk == again.pk
    assert first.number == 1
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 1
    assert first.course_id == quiz.get_course().pk
    assert Enrollment.objects.filter(user=trainee, course=first.course).exists()


def test_attempt_limit_and_extra_grant(module, trainee):
    quiz = make_quiz(module, attempts_allowed=2)
    for number in (1, 2):
        attempt = services.start_attempt(trainee, quiz)
        assert attempt.number == number
        services.submit_attempt(attempt, wrong_answers(attempt))
    assert services.attempts_left(trainee, quiz) == 0
    with pytest.raises(services.NoAttemptsLeft):
        services.start_attempt(trainee, quiz)

    services.grant_extra_attempt(trainee, quiz, granted_by=None)
    assert services.attempts_left(trainee, quiz) == 1
    third = services.start_attempt(trainee, quiz)
    assert third.number == 3
    services.submit_attempt(third, wrong_answers(third))
    with pytest.raises(services.NoAttemptsLeft):
        services.start_attempt(trainee, quiz)


def test_grant_is_per_user(module, trainee, other):
    quiz = make_quiz(module, attempts_allowed=1)
    services.grant_extra_attempt(other, quiz, granted_by=trainee)
    assert services.attempts_left(trainee, quiz) == 1
    assert services.attempts_left(other, quiz) == 2
    assert ExtraAttempt.objects.get(user=other).granted_by == trainee


def test_unlimited_attempts(module, trainee):
    quiz = make_quiz(module, attempts_allowed=0)
    for _ in range(5):
        attempt = services.start_attempt(trainee, quiz)
        services.submit_attempt(attempt, wrong_answers(attempt))
    assert services.attempts_left(trainee, quiz) is None
    assert services.start_attempt(trainee, quiz).number == 6


def test_open_attempt_counts_as_used(module, trainee):
    quiz = make_quiz(module, attempts_allowed=1)
    services.start_attempt(trainee, quiz)
    assert services.attempts_left(trainee, quiz) == 0
    # ... but it is resumed, not refused
    assert services.start_attempt(trainee, quiz).number == 1


def test_locked_quiz_cannot_start(index, trainee):
    from tests.courses.factories import make_course, modules_of

    course = make_course(index, modules=2, lessons=1, sequential=True)
    quiz = make_quiz(modules_of(course)[1])
    with pytest.raises(course_services.StepLocked):
        services.start_attempt(trainee, quiz)
    assert not Attempt.objects.exists()


# --- Draw and shuffle, frozen per attempt -------------------------------------------------


def test_random_draw_is_frozen_per_attempt(module, trainee):
    quiz = make_quiz(module, questions=mixed(12), draw=5, shuffle_questions=True)
    attempt = services.start_attempt(trainee, quiz, rng=random.Random(1))
    assert len(attempt.question_order) == 5
    assert len(set(attempt.question_order)) == 5
    pool = set(Question.objects.filter(quiz=quiz).values_list("pk", flat=True))
    assert set(attempt.question_order) <= pool
    # Resuming keeps the same questions, choices and orders.
    again = services.start_attempt(trainee, quiz, rng=random.Random(2))
    assert again.question_order == attempt.question_order
    assert again.choice_order == attempt.choice_order
    # Grading uses the drawn questions only.
    submission = services.submit_attempt(attempt, right_answers(attempt))
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 5
    assert submission.attempt.score == Decimal("100.00")


def test_draws_differ_between_attempts(module, trainee):
    quiz = make_quiz(module, questions=mixed(20), draw=5, shuffle_questions=True)
    orders = set()
    rng = random.Random(7)
    for _ in range(6):
        attempt = services.start_attempt(trainee, quiz, rng=rng)
        orders.add(tuple(attempt.question_order))
        services.submit_attempt(attempt, {})
    assert len(orders) > 1


def test_without_shuffle_editor_order_is_kept(module, trainee):
    quiz = make_quiz(module, questions=mixed(6), shuffle_questions=False, shuffle_choices=False)
    attempt = services.start_attempt(trainee, quiz)
    questions = list(Question.objects.filter(quiz=quiz).order_by("sort_order"))
    assert attempt.question_order == [q.pk for q in questions]
    for q in questions:
        assert attempt.choice_order[str(q.pk)] == list(
            q.choices.order_by("sort_order").values_list("pk", flat=True)
        )


def test_true_false_is_never_shuffled(module, trainee):
    quiz = make_quiz(module, questions=[TRUE_FALSE], shuffle_choices=True)
    question = quiz.questions.get()
    expected = list(question.choices.order_by("sort_order").values_list("pk", flat=True))
    for seed in range(10):
        attempt = services.start_attempt(trainee, quiz, rng=random.Random(seed))
        assert attempt.choice_order[str(question.pk)] == expected
        services.submit_attempt(attempt, {})


# --- Saving and submitting ----------------------------------------------------------------


def test_save_and_resume_then_submit_saved(quiz, trainee):
    attempt = services.start_attempt(trainee, quiz)
    answers = right_answers(attempt)
    services.save_answers(attempt, answers)
    resumed = services.start_attempt(trainee, quiz)
    assert resumed.pk == attempt.pk
    assert resumed.saved == answers
    shown = services.attempt_form(resumed)
    assert all(
        any(c.checked for c in q.choices) if q.kind != "short" else q.answer_text for q in shown
    )
    submission = services.submit_attempt(resumed)  # no answers given: the saved ones
    assert submission.attempt.score == Decimal("100.00")
    assert submission.attempt.saved == {}


def test_save_after_submit_is_refused(quiz, trainee):
    attempt = services.start_attempt(trainee, quiz)
    services.submit_attempt(attempt, {})
    with pytest.raises(services.AttemptClosed):
        services.save_answers(attempt, right_answers(attempt))


def test_second_submit_changes_nothing(quiz, trainee):
    attempt = services.start_attempt(trainee, quiz)
    first = services.submit_attempt(attempt, wrong_answers(attempt))
    assert first.graded_now
    second = services.submit_attempt(attempt, right_answers(attempt))
    assert not second.graded_now
    attempt.refresh_from_db()
    assert attempt.score == first.attempt.score == Decimal("0.00")
    assert attempt.submitted_at == first.attempt.submitted_at
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 4
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 1


def test_score_and_points_per_type(module, trainee):
    quiz = make_quiz(module, questions=[SINGLE, MULTIPLE, TRUE_FALSE, SHORT], pass_mark=60)
    attempt = services.start_attempt(trainee, quiz)
    right = right_answers(attempt)
    questions = services.questions_with_choices(question_ids=attempt.question_order)
    multiple = next(q for q in questions.values() if q.kind == "multiple")
    short = next(q for q in questions.values() if q.kind == "short")
    answers = dict(right)
    # one of the two correct choices: half a point
    answers[str(multiple.pk)] = [next(c.pk for c in multiple.choice_list if c.is_correct)]
    answers[str(short.pk)] = "  HUMAN rights council "  # the English accepted answer
    submission = services.submit_attempt(attempt, answers)
    rows = {row.question_id: row for row in AttemptAnswer.objects.filter(attempt=attempt)}
    assert rows[multiple.pk].points == Decimal("0.5000")
    assert not rows[multiple.pk].correct
    assert rows[short.pk].correct
    assert submission.attempt.score == Decimal("87.50")
    assert submission.attempt.passed


def test_all_or_nothing_question(module, trainee):
    quiz = make_quiz(module, questions=[{**MULTIPLE, "scoring": "all_or_nothing"}])
    attempt = services.start_attempt(trainee, quiz)
    question = quiz.questions.get()
    one = [next(c.pk for c in question.choices.all() if c.is_correct)]
    assert services.submit_attempt(attempt, {str(question.pk): one}).attempt.score == 0


def test_answers_are_frozen_against_later_edits(quiz, trainee):
    attempt = services.start_attempt(trainee, quiz)
    services.submit_attempt(attempt, right_answers(attempt))
    before = list(AttemptAnswer.objects.filter(attempt=attempt).values())
    # The trainer rewrites a question, flips the answer key and deletes a question.
    question = quiz.questions.filter(kind="single").get()
    question.text_ar = "سؤال آخر"
    question.text_en = "Another question"
    question.save()
    Choice.objects.filter(question=question).update(is_correct=False)
    quiz.questions.filter(kind="short").delete()
    after = list(AttemptAnswer.objects.filter(attempt=attempt).order_by("pk").values())
    for old, new in zip(before, after, strict=True):
        assert {k: v for k, v in old.items() if k != "question_id"} == {
            k: v for k, v in new.items() if k != "question_id"
        }
    attempt.refresh_from_db()
    assert attempt.score == Decimal("100.00")
    frozen = AttemptAnswer.objects.get(attempt=attempt, kind="single")
    assert frozen.text_en == "What is the capital of Libya?"
    assert [c["text_en"] for c in frozen.choices if c["correct"]] == ["Tripoli"]
    assert frozen.choices and all(
        set(c) == {"id", "text_ar", "text_en", "correct", "feedback_ar", "feedback_en"}
        for c in frozen.choices
    )


def test_question_deleted_during_attempt_is_not_counted(quiz, trainee):
    attempt = services.start_attempt(trainee, quiz)
    answers = right_answers(attempt)
    quiz.questions.filter(kind="short").delete()
    submission = services.submit_attempt(attempt, answers)
    assert submission.attempt.score == Decimal("100.00")
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 3


# --- Grading methods ----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "expected"), [("highest", "100.00"), ("last", "50.00")])
def test_grading_methods(module, trainee, method, expected):
    quiz = make_quiz(module, questions=mixed(4), grading=method)
    for answers in (wrong_answers, right_answers, half_right):
        attempt = services.start_attempt(trainee, quiz)
        services.submit_attempt(attempt, answers(attempt))
    assert services.final_grade(trainee, quiz) == Decimal(expected)
    assert services.best_grade(trainee, quiz) == Decimal("100.00")
    summary = services.quiz_summary(trainee, quiz)
    assert summary.grade == Decimal(expected)
    assert summary.passed


# --- Deadline -----------------------------------------------------------------------------


def test_submission_after_deadline_is_refused_and_changes_nothing(module, trainee):
    quiz = make_quiz(module, time_limit_minutes=10)
    attempt = services.start_attempt(trainee, quiz)
    assert attempt.deadline is not None
    services.save_answers(attempt, wrong_answers(attempt))
    late = attempt.deadline + services.DEADLINE_GRACE + timedelta(seconds=1)
    with pytest.raises(services.DeadlinePassed):
        services.submit_attempt(attempt, right_answers(attempt), now=late)
    with pytest.raises(services.DeadlinePassed):
        services.save_answers(attempt, right_answers(attempt), now=late)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.saved == {k: v for k, v in wrong_answers(attempt).items()}
    # Within the grace period it is still accepted.
    on_time = attempt.deadline + services.DEADLINE_GRACE - timedelta(seconds=1)
    assert services.submit_attempt(attempt, right_answers(attempt), now=on_time).graded_now


def test_overdue_attempt_is_closed_with_saved_answers(module, trainee):
    quiz = make_quiz(module, time_limit_minutes=5)
    attempt = services.start_attempt(trainee, quiz)
    services.save_answers(attempt, right_answers(attempt))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - services.DEADLINE_GRACE - timedelta(minutes=1)
    )
    summary = services.quiz_summary(trainee, quiz)
    assert summary.open_attempt is None
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score == Decimal("100.00")
    # A new attempt can start (unlimited attempts).
    assert services.start_attempt(trainee, quiz).number == 2


# --- What a pass does ---------------------------------------------------------------------


def test_pass_completes_the_step_and_sends_quiz_passed(
    quiz, trainee, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, user, quiz, attempt, **kwargs):
        received.append((user, quiz.pk, attempt.pk))

    quiz_passed.connect(listener, dispatch_uid="test-listener")
    try:
        attempt = services.start_attempt(trainee, quiz)
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_attempt(attempt, right_answers(attempt))
    finally:
        quiz_passed.disconnect(dispatch_uid="test-listener")
    assert StepCompletion.objects.filter(user=trainee, page_id=quiz.pk).exists()
    assert received == [(trainee, quiz.pk, attempt.pk)]


def test_fail_does_not_complete_the_step(quiz, trainee, django_capture_on_commit_callbacks):
    attempt = services.start_attempt(trainee, quiz)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.submit_attempt(attempt, wrong_answers(attempt))
    assert callbacks == []
    assert not StepCompletion.objects.filter(user=trainee, page_id=quiz.pk).exists()
    assert attempt.__class__.objects.get(pk=attempt.pk).passed is False


def test_final_quiz_pass_completes_the_course_and_issues_the_certificate(
    course, trainee, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate

    assert course.awards_certificate
    final = make_quiz(course)  # a final quiz directly under the course
    for lesson in lessons_of(course):
        course_services.complete_step(trainee, lesson)
    attempt = services.start_attempt(trainee, final)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_attempt(attempt, right_answers(attempt))
    enrollment = Enrollment.objects.get(user=trainee, course=course)
    assert enrollment.completed_at is not None
    assert course_services.course_progress(trainee, course).completed
    assert Certificate.objects.filter(user=trainee, course=course).count() == 1
