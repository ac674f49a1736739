"""`Enrollment.quizzes_scored` and `Enrollment.best_scores_sum`, the reports' quiz counters:
kept equal to a full recount from the attempts by every path that can change them
(submitting with a pass or a fail, closing an overdue attempt, deleting a quiz or a course,
erasing a trainee's data), checked path by path and then after random sequences of all of
them (hypothesis)."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import CoursePage, Enrollment, ModulePage, StepCompletion
from courses.personal_data import erase_learning
from quizzes import services
from quizzes.models import Attempt, QuizPage
from quizzes.personal_data import erase_attempts
from tests.accounts.factories import UserFactory
from tests.concurrency import run_at_once
from tests.conftest import postgresql_only
from tests.courses.factories import add_page, course_index, make_course, make_lesson, modules_of

from .factories import SINGLE, make_quiz

pytestmark = pytest.mark.django_db


def recounted() -> dict[int, tuple[int, Decimal]]:
    """The definition, per enrolment id: over the user's submitted, scored attempts with the
    enrolment's course, the number of quizzes and the sum of each quiz's best score."""
    best: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for a in Attempt.objects.filter(submitted_at__isnull=False, score__isnull=False):
        per_quiz = best[(a.user_id, a.course_id)]
        per_quiz[a.quiz_id] = max(per_quiz.get(a.quiz_id, a.score), a.score)
    return {
        e.pk: (
            len(best[(e.user_id, e.course_id)]),
            sum(best[(e.user_id, e.course_id)].values(), Decimal(0)),
        )
        for e in Enrollment.objects.all()
    }


def stored() -> dict[int, tuple[int, Decimal]]:
    return {
        pk: (n, Decimal(total))
        for pk, n, total in Enrollment.objects.values_list(
            "pk", "quizzes_scored", "best_scores_sum"
        )
    }


def assert_counters_right():
    assert stored() == recounted()


def counters(user, course) -> tuple[int, Decimal]:
    e = Enrollment.objects.get(user=user, course=course)
    return e.quizzes_scored, e.best_scores_sum


def four_questions(module, **fields) -> QuizPage:
    """Four single-choice questions: k right answers score 25·k (70 to pass)."""
    return make_quiz(module, questions=[SINGLE] * 4, **fields)


def answers(attempt, right: int) -> dict:
    """`right` of the attempt's questions answered right, the others wrong."""
    out = {}
    questions = services.questions_with_choices(question_ids=attempt.question_order)
    for position, qid in enumerate(attempt.question_order):
        choices = questions[qid].choice_list
        good = [c.pk for c in choices if c.is_correct]
        bad = [c.pk for c in choices if not c.is_correct][:1]
        out[str(qid)] = good if position < right else bad
    return out


def take(user, quiz, right: int):
    attempt = services.start_attempt(user, quiz)
    return services.submit_attempt(attempt, answers(attempt, right)).attempt


@pytest.fixture
def two_quizzes(course):
    module = modules_of(course)[0]
    return four_questions(module), four_questions(module)


# --- Path by path ---------------------------------------------------------------------------


def test_submitting_counts_each_quizs_best_score(course, two_quizzes, trainee):
    first, second = two_quizzes
    assert take(trainee, first, 2).score == 50  # a fail: the counters are written here
    assert counters(trainee, course) == (1, Decimal("50.00"))
    assert take(trainee, first, 4).passed  # a pass: written with complete_step's UPDATE
    assert counters(trainee, course) == (1, Decimal("100.00"))
    take(trainee, first, 1)  # worse than the best: changes nothing
    take(trainee, second, 3)  # another quiz, a pass
    assert counters(trainee, course) == (2, Decimal("175.00"))
    take(trainee, second, 4)  # the step already completed: a pass all the same
    assert counters(trainee, course) == (2, Decimal("200.00"))
    assert_counters_right()


def test_an_open_attempt_counts_nothing(course, quiz, trainee):
    services.start_attempt(trainee, quiz)
    assert counters(trainee, course) == (0, Decimal("0"))
    assert_counters_right()


def test_a_second_submit_changes_nothing(course, two_quizzes, trainee):
    quiz = two_quizzes[0]
    attempt = services.start_attempt(trainee, quiz)
    services.submit_attempt(attempt, answers(attempt, 1))
    Enrollment.objects.update(quizzes_scored=9)  # wrong on purpose: not recounted again
    assert not services.submit_attempt(attempt, answers(attempt, 4)).graded_now
    assert counters(trainee, course)[0] == 9


def test_a_pass_on_a_locked_step_still_counts(index, trainee):
    """An earlier step added since the attempt started: the pass does not complete the
    step (`complete_step` refuses), the score counts all the same."""
    course = make_course(index, modules=2, lessons=0, sequential=True)
    first, second = modules_of(course)
    quiz = four_questions(second)
    attempt = services.start_attempt(trainee, quiz)
    add_page(first, make_lesson("late", "Late"))  # the first module must now be done first
    submission = services.submit_attempt(attempt, answers(attempt, 4))
    assert submission.attempt.passed
    assert not StepCompletion.objects.filter(user=trainee, page_id=quiz.pk).exists()
    assert counters(trainee, course) == (1, Decimal("100.00"))
    assert_counters_right()


def test_an_overdue_attempt_closed_counts(course, trainee):
    quiz = four_questions(modules_of(course)[0], time_limit_minutes=5)
    attempt = services.start_attempt(trainee, quiz)
    services.save_answers(attempt, answers(attempt, 3))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - services.DEADLINE_GRACE - timedelta(minutes=1)
    )
    services.quiz_summary(trainee, quiz)  # closes it
    assert counters(trainee, course) == (1, Decimal("75.00"))
    assert_counters_right()


def test_deleting_a_quiz_recounts_its_course(course, two_quizzes, trainee, other):
    first, second = two_quizzes
    take(trainee, first, 4)
    take(trainee, second, 2)
    take(other, first, 3)
    QuizPage.objects.get(pk=first.pk).delete()
    assert counters(trainee, course) == (1, Decimal("50.00"))
    assert counters(other, course) == (0, Decimal("0"))
    assert_counters_right()


def test_deleting_a_module_or_a_course_recounts(index, trainee):
    courses = [make_course(index, modules=1, lessons=1, sequential=False) for _ in "ab"]
    quizzes = [four_questions(modules_of(c)[0]) for c in courses]
    for quiz in quizzes:
        take(trainee, quiz, 4)
    modules_of(courses[0])[0].delete()
    assert counters(trainee, courses[0]) == (0, Decimal("0"))
    assert counters(trainee, courses[1]) == (1, Decimal("100.00"))
    CoursePage.objects.get(pk=courses[1].pk).delete()  # the enrolment stays, its attempts go
    assert counters(trainee, courses[1]) == (0, Decimal("0"))
    assert_counters_right()


def test_a_quiz_moved_to_another_course_keeps_its_attempts_course(index, trainee):
    courses = [make_course(index, modules=1, lessons=0, sequential=False) for _ in "ab"]
    quiz = four_questions(modules_of(courses[0])[0])
    take(trainee, quiz, 2)
    QuizPage.objects.get(pk=quiz.pk).move(modules_of(courses[1])[0], pos="last-child")
    take(trainee, QuizPage.objects.get(pk=quiz.pk), 3)
    assert counters(trainee, courses[0]) == (1, Decimal("50.00"))
    assert counters(trainee, courses[1]) == (1, Decimal("75.00"))
    assert_counters_right()


def test_erasing_attempts_recounts(course, two_quizzes, trainee, other):
    for user in (trainee, other):
        take(user, two_quizzes[0], 4)
    erase_attempts(trainee)
    assert counters(trainee, course) == (0, Decimal("0"))
    assert counters(other, course) == (1, Decimal("100.00"))
    assert_counters_right()


def test_recount_repairs_and_writes_only_what_is_wrong(course, two_quizzes, trainee, other):
    take(trainee, two_quizzes[0], 3)
    take(other, two_quizzes[1], 1)
    Enrollment.objects.filter(user=trainee).update(quizzes_scored=5, best_scores_sum=1)
    assert services.recount_quiz_scores(course_ids=[course]) == 1
    assert services.recount_quiz_scores() == 0
    assert services.recount_quiz_scores(user=trainee, course_ids=[course.pk]) == 0
    assert services.recount_quiz_scores(course_ids=[]) == 0
    assert_counters_right()


def test_the_migration_fills_existing_rows(course, two_quizzes, trainee, other):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("quizzes.migrations.0003_fill_enrollment_quiz_scores")
    take(trainee, two_quizzes[0], 3)
    take(trainee, two_quizzes[0], 1)
    take(trainee, two_quizzes[1], 2)
    take(other, two_quizzes[1], 4)
    Enrollment.objects.update(quizzes_scored=0, best_scores_sum=0)
    migration.fill_quiz_scores(apps, SimpleNamespace(connection=connection))
    assert counters(trainee, course) == (2, Decimal("125.00"))
    assert_counters_right()


# --- Random sequences (hypothesis) -------------------------------------------------------------

USERS = 3
QUIZZES = 4  # two in each of two courses
OPERATIONS = st.one_of(
    st.tuples(st.just("start"), st.integers(0, USERS - 1), st.integers(0, QUIZZES - 1)),
    st.tuples(
        st.just("submit"),
        st.integers(0, USERS - 1),
        st.integers(0, QUIZZES - 1),
        st.integers(0, 4),
    ),
    st.tuples(st.just("overdue"), st.integers(0, USERS - 1), st.integers(0, QUIZZES - 1)),
    st.tuples(st.just("delete"), st.integers(0, QUIZZES - 1)),
    st.tuples(st.just("move"), st.integers(0, QUIZZES - 1), st.integers(0, 1)),
    st.tuples(st.just("erase"), st.integers(0, USERS - 1)),
    st.tuples(st.just("erase_attempts"), st.integers(0, USERS - 1)),
)


def _apply(operation, world):
    kind, *args = operation
    users, modules = world["users"], world["modules"]
    quiz = None
    if kind in ("start", "submit", "overdue", "delete", "move"):
        number = args[1] if kind != "delete" and kind != "move" else args[0]
        quiz = QuizPage.objects.filter(pk=world["quizzes"][number]).first()
        if quiz is None:
            return  # deleted earlier
    if kind == "start":
        services.start_attempt(users[args[0]], quiz)
    elif kind == "submit":
        take(users[args[0]], quiz, args[2])
    elif kind == "overdue":
        attempt = services.start_attempt(users[args[0]], quiz)
        services.save_answers(attempt, answers(attempt, 2))
        Attempt.objects.filter(pk=attempt.pk).update(
            deadline=timezone.now() - services.DEADLINE_GRACE - timedelta(minutes=1)
        )
        services.quiz_summary(users[args[0]], quiz)
    elif kind == "delete":
        quiz.delete()
    elif kind == "move":
        target = ModulePage.objects.get(pk=modules[args[1]].pk)  # the tree as it is now
        if not quiz.path.startswith(target.path):
            quiz.move(target, pos="last-child")
    elif kind == "erase":  # the erase order of madafe.accounts: quizzes, then courses
        erase_attempts(users[args[0]])
        erase_learning(users[args[0]])
    elif kind == "erase_attempts":
        erase_attempts(users[args[0]])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=14))
def test_counters_equal_a_full_recount_after_random_operations(home_page, operations):
    with transaction.atomic():
        index = course_index(home_page)
        courses = [make_course(index, modules=1, lessons=0, sequential=False) for _ in "ab"]
        modules = [modules_of(c)[0] for c in courses]
        world = {
            "modules": modules,
            "quizzes": [four_questions(modules[i // 2]).pk for i in range(QUIZZES)],
            "users": [UserFactory() for _ in range(USERS)],
        }
        for operation in operations:
            _apply(operation, world)
        assert_counters_right()
        transaction.set_rollback(True)


# --- Races (PostgreSQL, real threads) ----------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_trainees_quizzes_submitted_at_once(home_page):
    """One trainee submits several quizzes of a course at the same moment, passes and
    fails: each submission recounts the enrolment after locking it, so none is lost."""
    course = make_course(course_index(home_page), modules=1, lessons=0, sequential=False)
    module = modules_of(course)[0]
    quizzes = [four_questions(module) for _ in range(4)]
    trainee = UserFactory()
    attempts = [services.start_attempt(trainee, quiz) for quiz in quizzes]
    rights = [1, 2, 3, 4]
    chosen = [answers(a, right) for a, right in zip(attempts, rights, strict=True)]

    def job(attempt, given):
        def run():
            with transaction.atomic():
                return services.submit_attempt(Attempt.objects.get(pk=attempt.pk), given)

        return run

    results = run_at_once([job(a, g) for a, g in zip(attempts, chosen, strict=True)])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert counters(trainee, course) == (4, Decimal("250.00"))
    assert_counters_right()
