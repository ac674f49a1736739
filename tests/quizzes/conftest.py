import pytest

from tests.courses.factories import course_index, make_course, modules_of

from .factories import make_quiz


@pytest.fixture
def index(home_page):
    return course_index(home_page)


@pytest.fixture
def course(index):
    """A non-sequential course (every step open) with one module of one lesson."""
    return make_course(index, modules=1, lessons=1, sequential=False)


@pytest.fixture
def module(course):
    return modules_of(course)[0]


@pytest.fixture
def quiz(module):
    return make_quiz(module)


@pytest.fixture
def trainee(db):
    from tests.accounts.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other(db):
    from tests.accounts.factories import UserFactory

    return UserFactory()
