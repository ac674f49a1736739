"""Query budgets of the pages a trainee opens: at most 15 queries each, and the same for a
course of 3 lessons as for one of 40, and for 1 enrolment as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.services import ensure_course_index
from tests.accounts.factories import UserFactory
from tests.courses.factories import lessons_of, make_course

pytestmark = pytest.mark.django_db

BUDGET = 15


def _url(page, lang="ar"):
    return f"/{lang}" + page.url_path.removeprefix("/home-page")


def _count(client, url, expected_status=200) -> int:
    client.get(url)  # warm caches that every later request finds warm (site root paths)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == expected_status
    return len(ctx.captured_queries)


@pytest.fixture
def courses(home_page):
    index = ensure_course_index(home_page)
    small = make_course(index, modules=1, lessons=3, sequential=True)
    large = make_course(index, modules=4, lessons=10, sequential=True)
    return index, small, large


@pytest.fixture
def client_in(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def _progress_halfway(user, course):
    lessons = lessons_of(course)
    for lesson in lessons[: len(lessons) // 2]:
        services.complete_step(user, lesson)
    return lessons


def test_lesson_page_budget(client_in, courses, django_assert_max_num_queries):
    _index, small, large = courses
    counts = []
    for course in (small, large):
        lessons = _progress_halfway(client_in.user, course)
        target = lessons[len(lessons) // 2]  # the next lesson to do
        counts.append(_count(client_in, _url(target)))
        with django_assert_max_num_queries(BUDGET):
            client_in.get(_url(target))
    assert counts[0] == counts[1], counts


def test_course_page_budget(client_in, courses, django_assert_max_num_queries):
    _index, small, large = courses
    counts = []
    for course in (small, large):
        _progress_halfway(client_in.user, course)
        counts.append(_count(client_in, _url(course)))
        with django_assert_max_num_queries(BUDGET):
            client_in.get(_url(course))
    assert counts[0] == counts[1], counts
    # Routed from the page cache: the user, their completions and enrolment, the modules'
    # summaries.
    assert counts[0] <= 4, counts


def test_catalogue_budget(client_in, home_page, django_assert_max_num_queries):
    index = ensure_course_index(home_page)
    make_course(index, modules=1, lessons=3)
    services.start_course(client_in.user, make_course(index, modules=1, lessons=3))
    few = _count(client_in, "/ar/courses/")
    for _ in range(4):
        course = make_course(index, modules=4, lessons=10)
        services.start_course(client_in.user, course)
    many = _count(client_in, "/ar/courses/")
    with django_assert_max_num_queries(BUDGET):
        client_in.get("/ar/courses/?track=digital-security")
    assert few == many
    # Routing and the listing come from the page cache: the user and their enrolments.
    assert many <= 2, many


def test_my_learning_budget(client_in, home_page, django_assert_max_num_queries):
    index = ensure_course_index(home_page)
    user = client_in.user
    first = make_course(index, modules=1, lessons=3)
    _progress_halfway(user, first)
    one = _count(client_in, "/ar/learning/")
    for number in range(9):
        course = make_course(index, modules=4, lessons=10)
        if number % 3 == 0:
            for lesson in lessons_of(course):
                services.complete_step(user, lesson)
        else:
            _progress_halfway(user, course)
    ten = _count(client_in, "/ar/learning/")
    with django_assert_max_num_queries(BUDGET):
        client_in.get("/ar/learning/")
    assert one == ten, (one, ten)


def test_locked_page_budget(client_in, courses, django_assert_max_num_queries):
    _index, _small, large = courses
    locked = lessons_of(large)[-1]
    client_in.get(_url(locked))
    with django_assert_max_num_queries(BUDGET):
        response = client_in.get(_url(locked))
    assert response.status_code == 403
