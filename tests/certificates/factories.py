"""Courses and certificates for the certificates tests, built through the course-step
contract (courses.models and courses.services)."""

import itertools

from django.contrib.auth.models import Group

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.accounts.factories import UserFactory, activate_totp

_numbers = itertools.count(1)


def course_index(home):
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(
            title="الدورات", title_ar="الدورات", title_en="Courses", slug="courses"
        )
        home.add_child(instance=index)
    return index


def make_course(
    home,
    *,
    lessons=2,
    validity_months=0,
    awards_certificate=True,
    title_ar="الأمن الرقمي للمدافعين",
    title_en="Digital security for defenders",
    hours=12,
):
    """A live course with one module of `lessons` lessons. Returns (course, lessons)."""
    n = next(_numbers)
    course = CoursePage(
        title=title_ar,
        title_ar=title_ar,
        title_en=title_en,
        slug=f"course-{n}",
        track="digital-security",
        estimated_hours=hours,
        sequential=False,
        awards_certificate=awards_certificate,
        certificate_validity_months=validity_months,
    )
    course_index(home).add_child(instance=course)
    module = ModulePage(
        title=f"وحدة {n}", title_ar=f"وحدة {n}", title_en=f"Module {n}", slug=f"module-{n}"
    )
    course.add_child(instance=module)
    steps = []
    for i in range(lessons):
        lesson = LessonPage(
            title=f"درس {i}", title_ar=f"درس {i}", title_en=f"Lesson {i}", slug=f"lesson-{n}-{i}"
        )
        module.add_child(instance=lesson)
        steps.append(lesson)
    return course, steps


def centre_staff(username="centre-staff"):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Centre staff"))
    activate_totp(user)
    return user


def trainer(username="trainer"):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Trainers"))
    activate_totp(user)
    return user
