"""`Enrollment.steps_done`, the reports' counter of completed steps: kept equal to a full
recount from the completion rows by every path that can change it (completing a step,
enrolling, publishing, unpublishing, moving and deleting pages, erasing a trainee's data),
checked path by path and then after random sequences of all of them (hypothesis)."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import services
from courses.models import CoursePage, Enrollment, LessonPage, ModulePage, StepCompletion
from courses.personal_data import erase_learning
from tests.accounts.factories import UserFactory
from tests.concurrency import run_at_once
from tests.conftest import postgresql_only

from .factories import add_page, course_index, lessons_of, make_course, make_lesson, modules_of

pytestmark = pytest.mark.django_db


def recounted(enrolment: Enrollment) -> int:
    """The definition: the user's completions of the steps of the course's live outline
    (none once the course page is gone)."""
    course = CoursePage.objects.filter(pk=enrolment.course_id).first()
    if course is None:
        return 0
    steps = services.course_outline(course).step_ids()
    return StepCompletion.objects.filter(user_id=enrolment.user_id, page_id__in=steps).count()


def assert_counters_right():
    wrong = [
        (e.user_id, e.course_id, e.steps_done, recounted(e))
        for e in Enrollment.objects.order_by("pk")
        if e.steps_done != recounted(e)
    ]
    assert wrong == [], "(user, course, stored, recounted)"


def unique_slugs(course):
    """Lessons of different courses may then move into the same module."""
    for lesson in lessons_of(course):
        LessonPage.objects.filter(pk=lesson.pk).update(slug=f"lesson-{lesson.pk}")
    return course


def counter(user, course) -> int:
    return Enrollment.objects.get(user=user, course=course).steps_done


@pytest.fixture
def open_course(index):
    return unique_slugs(make_course(index, modules=2, lessons=2, sequential=False))


# --- Path by path ---------------------------------------------------------------------------


def test_completing_counts_each_step_once(open_course, trainee):
    lessons = lessons_of(open_course)
    services.start_course(trainee, open_course)
    assert counter(trainee, open_course) == 0
    services.complete_step(trainee, lessons[0])
    services.complete_step(trainee, lessons[0])  # again: nothing new
    services.complete_step(trainee, lessons[2])
    assert counter(trainee, open_course) == 2
    assert services.course_progress(trainee, open_course).done == 2
    assert_counters_right()


def test_a_step_outside_the_outline_is_recorded_not_counted(open_course, trainee):
    draft = add_page(modules_of(open_course)[0], make_lesson("draft", "Draft", live=False))
    services.complete_step(trainee, draft)  # a draft being previewed, say
    assert StepCompletion.objects.filter(user=trainee, page_id=draft.pk).exists()
    assert counter(trainee, open_course) == 0
    # Published later: now it counts.
    LessonPage.objects.get(pk=draft.pk).save_revision().publish()
    assert counter(trainee, open_course) == 1
    assert_counters_right()


def test_unpublishing_and_republishing_a_lesson(open_course, trainee):
    lessons = lessons_of(open_course)
    other = UserFactory()
    for lesson in lessons[:3]:
        services.complete_step(trainee, lesson)
    services.complete_step(other, lessons[3])
    lessons[1].unpublish()
    assert (counter(trainee, open_course), counter(other, open_course)) == (2, 1)
    LessonPage.objects.get(pk=lessons[1].pk).save_revision().publish()
    assert (counter(trainee, open_course), counter(other, open_course)) == (3, 1)
    assert_counters_right()


def test_publishing_an_edit_of_a_live_lesson_leaves_counters_alone(
    open_course, trainee, django_assert_max_num_queries
):
    lesson = lessons_of(open_course)[0]
    services.complete_step(trainee, lesson)
    Enrollment.objects.update(steps_done=7)  # wrong on purpose: a recount would fix it
    lesson.title_en = "Edited"
    lesson.save_revision().publish()
    assert counter(trainee, open_course) == 7
    services.recount_steps_done([open_course])
    assert counter(trainee, open_course) == 1


def test_unpublishing_a_module_uncounts_its_lessons(open_course, trainee):
    for lesson in lessons_of(open_course):
        services.complete_step(trainee, lesson)
    module = modules_of(open_course)[0]
    module.unpublish()
    assert counter(trainee, open_course) == 2
    ModulePage.objects.get(pk=module.pk).save_revision().publish()
    assert counter(trainee, open_course) == 4
    assert_counters_right()


def test_deleting_a_lesson_and_a_module(open_course, trainee):
    lessons = lessons_of(open_course)
    for lesson in lessons:
        services.complete_step(trainee, lesson)
    LessonPage.objects.get(pk=lessons[0].pk).delete()
    assert counter(trainee, open_course) == 3
    ModulePage.objects.get(pk=modules_of(open_course)[1].pk).delete()
    assert counter(trainee, open_course) == 1
    assert_counters_right()


def test_deleting_the_course_leaves_enrolments_with_nothing_counted(open_course, trainee):
    services.complete_step(trainee, lessons_of(open_course)[0])
    CoursePage.objects.get(pk=open_course.pk).delete()
    assert Enrollment.objects.get(user=trainee).steps_done == 0


def test_moving_a_lesson_to_another_course(index, open_course, trainee):
    other_course = unique_slugs(make_course(index, modules=1, lessons=1, sequential=False))
    lessons = lessons_of(open_course)
    for lesson in lessons:
        services.complete_step(trainee, lesson)
    services.start_course(trainee, other_course)
    LessonPage.objects.get(pk=lessons[0].pk).move(modules_of(other_course)[0], pos="last-child")
    assert counter(trainee, open_course) == 3
    assert counter(trainee, other_course) == 1
    # Within a course, to another module: still counted once.
    LessonPage.objects.get(pk=lessons[1].pk).move(modules_of(open_course)[1], pos="last-child")
    assert counter(trainee, open_course) == 3
    assert_counters_right()


def test_enrolling_counts_steps_completed_before(index, open_course, trainee):
    """A lesson the trainee completed moves into a course they have not started."""
    other_course = unique_slugs(make_course(index, modules=1, lessons=1, sequential=False))
    lesson = lessons_of(open_course)[0]
    services.complete_step(trainee, lesson)
    LessonPage.objects.get(pk=lesson.pk).move(modules_of(other_course)[0], pos="last-child")
    assert not Enrollment.objects.filter(user=trainee, course=other_course).exists()
    assert services.start_course(trainee, other_course).steps_done == 1
    # ...and completing a step of a course not started yet enrols with both counted.
    third = unique_slugs(make_course(index, modules=1, lessons=2, sequential=False))
    LessonPage.objects.get(pk=lesson.pk).move(modules_of(third)[0], pos="last-child")
    services.complete_step(trainee, lessons_of(third)[0])
    assert counter(trainee, third) == 2
    assert_counters_right()


def test_erasing_a_trainees_data_takes_their_enrolments(open_course, trainee):
    other = UserFactory()
    for user in (trainee, other):
        services.complete_step(user, lessons_of(open_course)[0])
    erase_learning(trainee)
    assert not Enrollment.objects.filter(user=trainee).exists()
    assert counter(other, open_course) == 1
    assert_counters_right()


def test_recount_repairs_and_writes_only_what_is_wrong(open_course, trainee):
    other = UserFactory()
    services.complete_step(trainee, lessons_of(open_course)[0])
    services.complete_step(other, lessons_of(open_course)[1])
    Enrollment.objects.filter(user=trainee).update(steps_done=5)
    assert services.recount_steps_done([open_course.pk]) == 1
    assert services.recount_steps_done([open_course]) == 0
    assert_counters_right()


def test_the_migration_fills_existing_rows(open_course, trainee):
    import importlib

    from django.apps import apps
    from django.db import connection as conn

    migration = importlib.import_module("courses.migrations.0002_enrollment_steps_done")
    for lesson in lessons_of(open_course)[:3]:
        services.complete_step(trainee, lesson)
    lessons_of(open_course)[0].unpublish()
    Enrollment.objects.update(steps_done=0)
    # The function only needs the editor's connection.
    migration.fill_steps_done(apps, SimpleNamespace(connection=conn))
    assert counter(trainee, open_course) == 2
    assert_counters_right()


# --- Random sequences (hypothesis) -------------------------------------------------------------

USERS = 3
OPERATIONS = st.one_of(
    st.tuples(st.just("complete"), st.integers(0, USERS - 1), st.integers(0, 30)),
    st.tuples(st.just("start"), st.integers(0, USERS - 1), st.integers(0, 1)),
    st.tuples(st.just("unpublish"), st.integers(0, 30)),
    st.tuples(st.just("republish"), st.integers(0, 30)),
    st.tuples(st.just("unpublish_module"), st.integers(0, 10)),
    st.tuples(st.just("republish_module"), st.integers(0, 10)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("add"), st.integers(0, 10)),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 10)),
    st.tuples(st.just("erase"), st.integers(0, USERS - 1)),
)


def _pick(items, number):
    return items[number % len(items)] if items else None


def _apply(operation, world):
    kind, *args = operation
    courses, users = world["courses"], world["users"]
    course_pks = [c.pk for c in courses]
    lessons = list(LessonPage.objects.filter(path__startswith=world["index"].path).order_by("pk"))
    modules = list(ModulePage.objects.filter(path__startswith=world["index"].path).order_by("pk"))
    if kind == "complete":
        lesson = _pick(lessons, args[1])
        if lesson is not None:
            services.complete_step(users[args[0]], lesson)
    elif kind == "start":
        course = CoursePage.objects.filter(pk=course_pks[args[1]]).first()
        if course is not None:
            services.start_course(users[args[0]], course)
    elif kind in ("unpublish", "republish"):
        lesson = _pick(lessons, args[0])
        if lesson is None:
            return
        if kind == "unpublish" and lesson.live:
            lesson.unpublish()
        elif kind == "republish" and not lesson.live:
            lesson.save_revision().publish()
    elif kind in ("unpublish_module", "republish_module"):
        module = _pick(modules, args[0])
        if module is None:
            return
        if kind == "unpublish_module" and module.live:
            module.unpublish()
        elif kind == "republish_module" and not module.live:
            module.save_revision().publish()
    elif kind == "delete":
        lesson = _pick(lessons, args[0])
        if lesson is not None:
            lesson.delete()
    elif kind == "add":
        module = _pick(modules, args[0])
        if module is not None:
            world["added"] += 1
            lesson = add_page(
                module,
                make_lesson(f"added-{world['added']}", f"Added {world['added']}", live=False),
            )
            LessonPage.objects.get(pk=lesson.pk).save_revision().publish()
    elif kind == "move":
        lesson, module = _pick(lessons, args[0]), _pick(modules, args[1])
        if lesson is not None and module is not None and not lesson.path.startswith(module.path):
            lesson.move(module, pos="last-child")
    elif kind == "erase":
        erase_learning(users[args[0]])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=14))
def test_counters_equal_a_full_recount_after_random_operations(home_page, operations):
    with transaction.atomic():
        index = course_index(home_page)
        world = {
            "index": index,
            "courses": [
                unique_slugs(make_course(index, modules=2, lessons=2, sequential=False))
                for _ in "ab"
            ],
            "users": [UserFactory() for _ in range(USERS)],
            "added": 0,
        }
        for operation in operations:
            _apply(operation, world)
        assert_counters_right()
        transaction.set_rollback(True)


# --- Races (PostgreSQL, real threads) ----------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_completions_while_the_outline_changes(home_page):
    """Trainees complete steps while an editor unpublishes and republishes lessons: every
    counter ends equal to the recount, whatever the interleaving."""
    course = make_course(course_index(home_page), modules=2, lessons=3, sequential=False)
    lessons = lessons_of(course)
    users = [UserFactory() for _ in range(4)]

    def trainee_job(user):
        def run():
            for lesson in lessons:
                services.complete_step(user, LessonPage.objects.get(pk=lesson.pk))

        return run

    def editor_job():
        for lesson in lessons[::2]:
            LessonPage.objects.get(pk=lesson.pk).unpublish()
        for lesson in lessons[::2][:2]:
            LessonPage.objects.get(pk=lesson.pk).save_revision().publish()

    results = run_at_once([trainee_job(u) for u in users] + [editor_job])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert_counters_right()
    assert {e.steps_done for e in Enrollment.objects.all()} == {5}
