"""Courses' part of "Download my data" and "Delete my account"."""

import pytest
from django.contrib.auth import get_user_model

from courses import personal_data as course_data
from courses.models import Enrollment, StepCompletion
from courses.services import complete_step, start_course
from madafe.accounts import personal_data
from madafe.accounts.services import delete_account
from tests.accounts.factories import PASSPHRASE, UserFactory
from tests.accounts.leftovers import find_leftovers

from .factories import lessons_of, make_course

pytestmark = pytest.mark.django_db


def test_registered_from_the_app():
    section = next(s for s in personal_data.sections() if s.key == "courses")
    assert section.export is course_data.export_learning
    assert section.erase is course_data.erase_learning


def test_export_lists_enrolments_and_completed_steps_with_both_titles(course, trainee):
    lessons = lessons_of(course)
    complete_step(trainee, lessons[0])
    complete_step(trainee, lessons[1])
    other = UserFactory()
    complete_step(other, lessons[0])
    data = course_data.export_learning(trainee)
    (enrolment,) = data["enrolments"]
    assert enrolment["course_title_en"] == course.title_en
    assert enrolment["course_title_ar"] == course.title_ar
    assert enrolment["started_at"] is not None
    assert enrolment["completed_at"] is None
    steps = data["completed_steps"]
    assert [s["step_title_en"] for s in steps] == [lessons[0].title_en, lessons[1].title_en]
    assert {s["course_title_en"] for s in steps} == {course.title_en}
    assert all(s["completed_at"] for s in steps)


def test_completed_course_has_its_date(index, trainee):
    course = make_course(index, modules=1, lessons=1)
    complete_step(trainee, lessons_of(course)[0])
    (enrolment,) = course_data.export_learning(trainee)["enrolments"]
    assert enrolment["completed_at"] is not None


def test_records_of_a_deleted_page_are_still_exported(course, trainee):
    lesson = lessons_of(course)[0]
    complete_step(trainee, lesson)
    lesson.delete()
    data = course_data.export_learning(trainee)
    (step,) = data["completed_steps"]
    assert step["step_title_en"] is None and step["completed_at"] is not None


def test_every_exported_key_has_a_label(course, trainee):
    complete_step(trainee, lessons_of(course)[0])
    data = course_data.export_learning(trainee)
    keys = set(data) | {k for rows in data.values() for row in rows for k in row}
    assert keys <= set(course_data.LABELS)


@pytest.mark.parametrize("count", [1, 4])
def test_export_queries_do_not_grow_with_records(
    index, trainee, count, django_assert_max_num_queries
):
    for _ in range(count):
        course = make_course(index, modules=1, lessons=2)
        for lesson in lessons_of(course):
            complete_step(trainee, lesson)
    with django_assert_max_num_queries(5):
        data = course_data.export_learning(trainee)
    assert len(data["enrolments"]) == count
    assert len(data["completed_steps"]) == 2 * count


def test_readable_page_shows_courses(client, course, trainee):
    complete_step(trainee, lessons_of(course)[0])
    client.force_login(trainee)
    html = client.get("/en/accounts/me/data/").content.decode()
    assert "Courses started" in html
    assert course.title_en in html
    arabic = client.get("/ar/accounts/me/data/").content.decode()
    assert course.title_ar in arabic


def test_export_pages_query_budget_with_courses(
    client, index, trainee, django_assert_max_num_queries
):
    for _ in range(3):
        course = make_course(index, modules=1, lessons=2)
        for lesson in lessons_of(course):
            complete_step(trainee, lesson)
    client.force_login(trainee)
    # The page gathers every registered section (courses 4, quizzes 2 when empty, ...).
    with django_assert_max_num_queries(16):
        assert client.get("/en/accounts/me/data/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/en/accounts/me/data.json").status_code == 200


def test_erase_deletes_only_the_persons_records(course, trainee):
    lessons = lessons_of(course)
    other = UserFactory()
    for user in (trainee, other):
        complete_step(user, lessons[0])
    course_data.erase_learning(trainee)
    assert not Enrollment.objects.filter(user=trainee).exists()
    assert not StepCompletion.objects.filter(user=trainee).exists()
    assert Enrollment.objects.filter(user=other).count() == 1
    assert StepCompletion.objects.filter(user=other).count() == 1


def test_after_deletion_nothing_refers_to_the_trainee(course, django_capture_on_commit_callbacks):
    user = get_user_model().objects.create_user(
        pk=987_650_001, username="zq-course-trainee", password=PASSPHRASE
    )
    start_course(user, course)
    for lesson in lessons_of(course):
        complete_step(user, lesson)
    assert find_leftovers(user.pk, [user.username])  # the scan sees them before
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user)
    leftovers = find_leftovers(987_650_001, ["zq-course-trainee"])
    assert leftovers == [], "\n".join(map(str, leftovers))
