"""Enrolment, completion, step order, locking and progress (courses.services)."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from courses import services
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonPage,
    ModulePage,
    StepCompletion,
)
from courses.signals import course_completed
from madafe.home.models import HomePage
from tests.accounts.factories import UserFactory
from tests.conftest import postgresql_only

from .factories import add_page, lessons_of, make_course, make_lesson, modules_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals_received():
    received = []

    def handler(sender, **kwargs):
        received.append((sender, kwargs))

    course_completed.connect(handler)
    yield received
    course_completed.disconnect(handler)


# --- Page tree ------------------------------------------------------------------------------


def test_page_tree_rules(index, course, home_page):
    assert CourseIndexPage.can_exist_under(home_page)
    assert not CourseIndexPage.can_create_at(home_page)  # one catalogue only
    assert not CourseIndexPage.can_exist_under(index)
    assert CoursePage.can_exist_under(index)
    assert not CoursePage.can_exist_under(home_page)
    module = modules_of(course)[0]
    assert ModulePage.can_exist_under(course)
    assert not ModulePage.can_exist_under(index)
    assert not ModulePage.can_exist_under(module)
    assert LessonPage.can_exist_under(module)
    assert not LessonPage.can_exist_under(course)
    assert not LessonPage.can_exist_under(index)
    lesson = lessons_of(course)[0]
    assert not LessonPage.can_exist_under(lesson)
    assert not HomePage.can_exist_under(index)
    # CoursePage and ModulePage leave their children to the children's parent_page_types,
    # so that quizzes.QuizPage can sit under them without courses naming quizzes.
    assert "subpage_types" not in CoursePage.__dict__
    assert "subpage_types" not in ModulePage.__dict__


def test_course_index_is_created_once(home_page):
    from madafe.home.services import ensure_home_page

    ensure_home_page()
    ensure_home_page()
    assert CourseIndexPage.objects.count() == 1
    index = CourseIndexPage.objects.get()
    assert index.slug == "courses"
    assert index.get_parent().pk == home_page.pk
    with translation.override("ar"):
        assert index.url == "/ar/courses/"


def test_step_get_course(course):
    lesson = lessons_of(course)[0]
    assert lesson.get_course().pk == course.pk


def test_course_steps_order_and_liveness(course):
    lessons = lessons_of(course)
    assert [s.pk for s in services.course_steps(course)] == [p.pk for p in lessons]
    assert all(isinstance(s, LessonPage) for s in services.course_steps(course))
    lessons[1].unpublish()
    assert [s.pk for s in services.course_steps(course)] == [
        lessons[0].pk,
        lessons[2].pk,
        lessons[3].pk,
    ]
    modules_of(course)[1].unpublish()  # a draft module hides its lessons
    assert [s.pk for s in services.course_steps(course)] == [lessons[0].pk]


# --- Enrolment and completion -------------------------------------------------------------------


def test_start_course_is_idempotent(course, trainee):
    first = services.start_course(trainee, course)
    second = services.start_course(trainee, course)
    assert first.pk == second.pk
    assert Enrollment.objects.filter(user=trainee).count() == 1


def test_complete_step_is_idempotent_and_keeps_first_time(course, trainee):
    lesson = lessons_of(course)[0]
    first = services.complete_step(trainee, lesson)
    second = services.complete_step(trainee, lesson)
    assert first.pk == second.pk
    assert second.completed_at == first.completed_at
    assert StepCompletion.objects.filter(user=trainee).count() == 1
    enrollment = Enrollment.objects.get(user=trainee, course=course)  # enrolled on the way
    assert enrollment.last_step_id == lesson.pk
    assert enrollment.completed_at is None


def test_completing_the_last_step_completes_the_course_once(
    course, trainee, signals_received, django_capture_on_commit_callbacks
):
    lessons = lessons_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons[:-1]:
            services.complete_step(trainee, lesson)
    assert signals_received == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.complete_step(trainee, lessons[-1])
    assert len(callbacks) == 1
    enrollment = Enrollment.objects.get(user=trainee, course=course)
    assert enrollment.completed_at is not None
    assert len(signals_received) == 1
    sender, kwargs = signals_received[0]
    assert sender is CoursePage
    assert kwargs["user"] == trainee
    assert kwargs["course"].pk == course.pk
    assert kwargs["enrollment"].pk == enrollment.pk
    completed_at = enrollment.completed_at
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_step(trainee, lessons[-1])
    assert len(signals_received) == 1
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at == completed_at


def test_signal_waits_for_commit(course, trainee, signals_received):
    lesson = lessons_of(course)[-1]
    for other in lessons_of(course)[:-1]:
        services.complete_step(trainee, other)
    services.complete_step(trainee, lesson)
    # The test transaction has not committed: nothing was sent.
    assert signals_received == []


# --- Locking ----------------------------------------------------------------------------------


def test_sequential_course_locks_later_modules(course, trainee):
    m1a, m1b, m2a, m2b = lessons_of(course)
    assert services.is_step_unlocked(trainee, m1a)
    assert services.is_step_unlocked(trainee, m1b)  # inside a module, any order
    assert not services.is_step_unlocked(trainee, m2a)
    assert services.locking_step(trainee, m2a).pk == m1a.pk
    with pytest.raises(services.StepLocked):
        services.complete_step(trainee, m2a)
    assert not StepCompletion.objects.filter(user=trainee, page=m2a).exists()
    services.complete_step(trainee, m1b)
    assert services.locking_step(trainee, m2b).pk == m1a.pk
    services.complete_step(trainee, m1a)
    assert services.is_step_unlocked(trainee, m2a)
    assert services.is_step_unlocked(trainee, m2b)


def test_non_sequential_course_is_open(index, trainee):
    course = make_course(index, sequential=False)
    last = lessons_of(course)[-1]
    assert services.is_step_unlocked(trainee, last)
    services.complete_step(trainee, last)


def test_course_level_step_waits_for_every_module(course, trainee):
    final = add_page(course, make_lesson("final-step", "Final"))
    # A LessonPage cannot be created under a course in the admin; a course-level step is
    # a quiz in production. The ordering rule is the same for any StepPage.
    final = LessonPage.objects.get(pk=final.pk)
    steps = services.course_steps(course)
    assert steps[-1].pk == final.pk
    assert services.locking_step(trainee, final) is not None
    for lesson in lessons_of(course):
        if lesson.pk != final.pk:
            services.complete_step(trainee, lesson)
    assert services.is_step_unlocked(trainee, final)


# --- Progress ---------------------------------------------------------------------------------


def test_progress_maths(index, trainee):
    course = make_course(index, modules=3, lessons=1, sequential=False)
    lessons = lessons_of(course)
    progress = services.course_progress(trainee, course)
    assert (progress.done, progress.total, progress.percent, progress.completed) == (0, 3, 0, False)
    services.complete_step(trainee, lessons[0])
    progress = services.course_progress(trainee, course)
    assert (progress.done, progress.total, progress.percent) == (1, 3, 33)
    services.complete_step(trainee, lessons[2])
    assert services.course_progress(trainee, course).percent == 66
    assert services.next_step(trainee, course).pk == lessons[1].pk
    services.complete_step(trainee, lessons[1])
    progress = services.course_progress(trainee, course)
    assert (progress.done, progress.total, progress.percent, progress.completed) == (
        3,
        3,
        100,
        True,
    )
    assert services.next_step(trainee, course) is None


def test_progress_of_an_empty_course(index, trainee):
    course = make_course(index, modules=0)
    progress = services.course_progress(trainee, course)
    assert (progress.done, progress.total, progress.percent, progress.completed) == (0, 0, 0, False)


def test_progress_counts_only_this_users_completions(course, trainee):
    other = UserFactory()
    services.complete_step(other, lessons_of(course)[0])
    assert services.course_progress(trainee, course).done == 0


def test_unpublished_step_leaves_progress_of_others(course, trainee):
    lessons = lessons_of(course)
    services.complete_step(trainee, lessons[0])
    lessons[1].unpublish()
    progress = services.course_progress(trainee, course)
    assert (progress.done, progress.total) == (1, 3)


def test_completion_survives_unpublishing_and_deleting(course, trainee):
    lessons = lessons_of(course)
    for lesson in lessons:
        services.complete_step(trainee, lesson)
    assert services.course_progress(trainee, course).completed
    lessons[0].unpublish()
    LessonPage.objects.get(pk=lessons[1].pk).delete()
    assert StepCompletion.objects.filter(user=trainee).count() == 4
    # A new lesson added later does not make the course look incomplete either.
    add_page(modules_of(course)[1], make_lesson("added-later", "Added later"))
    progress = services.course_progress(trainee, course)
    assert progress.completed
    assert progress.percent == 100
    assert services.is_step_unlocked(trainee, LessonPage.objects.get(slug="added-later"))
    # ...while someone who had not finished sees the real state.
    other = UserFactory()
    assert not services.course_progress(other, course).completed


# --- Races (PostgreSQL, real threads) ----------------------------------------------------------


def _run_threads(target, args_list):
    errors = []
    barrier = threading.Barrier(len(args_list))

    def run(*args):
        try:
            barrier.wait()
            target(*args)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_completions_record_once(home_page, signals_received):
    from .factories import course_index

    course = make_course(course_index(home_page), modules=1, lessons=2, sequential=True)
    user = UserFactory()
    lessons = lessons_of(course)
    errors = _run_threads(services.start_course, [(user, course)] * 6)
    assert errors == []
    assert Enrollment.objects.filter(user=user, course=course).count() == 1
    # The same step from six requests, and the course's last two steps at the same time.
    errors = _run_threads(
        services.complete_step, [(user, lessons[0])] * 3 + [(user, lessons[1])] * 3
    )
    assert errors == []
    assert StepCompletion.objects.filter(user=user).count() == 2
    assert Enrollment.objects.get(user=user, course=course).completed_at is not None
    assert len(signals_received) == 1


# --- Progress records in one statement --------------------------------------------------------


def test_progress_records_agree_with_the_two_queries_they_replace(home_page):
    from courses.services import ensure_course_index

    index = ensure_course_index(home_page)
    first = make_course(index, modules=2, lessons=2, sequential=False)
    second = make_course(index, modules=1, lessons=3, sequential=False)
    user, other = UserFactory(), UserFactory()
    for lesson in lessons_of(first)[:3] + lessons_of(second)[:1]:
        services.complete_step(user, lesson)
    services.complete_step(other, lessons_of(first)[3])
    for lesson in lessons_of(second):
        services.complete_step(user, lesson)  # completes the second course
    for course in (first, second):
        ids = services.course_outline(course).step_ids()
        done, enrollment = services.progress_records(user, course)
        assert done & set(ids) == services.completed_ids(user, ids)
        expected = services.get_enrollment(user, course)
        assert (enrollment is None) == (expected is None)
        assert (enrollment.completed_at is None) == (expected.completed_at is None)
    assert services.progress_records(user, second)[1].completed_at is not None
    assert services.progress_records(user, first)[1].completed_at is None
    # Someone never enrolled: nothing done, no enrolment.
    assert services.progress_records(UserFactory(), first) == (set(), None)


def test_progress_records_are_one_query(home_page, django_assert_num_queries):
    from courses.services import ensure_course_index

    course = make_course(ensure_course_index(home_page), modules=2, lessons=5)
    user = UserFactory()
    services.complete_step(user, lessons_of(course)[0])
    with django_assert_num_queries(1):
        services.progress_records(user, course)
