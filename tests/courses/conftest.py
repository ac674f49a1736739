import pytest

from .factories import course_index, make_course


@pytest.fixture
def index(home_page):
    return course_index(home_page)


@pytest.fixture
def course(index):
    return make_course(index, modules=2, lessons=2, sequential=True)


@pytest.fixture
def trainee(db):
    from tests.accounts.factories import UserFactory

    return UserFactory()
