import pytest

from certificates import services
from tests.accounts.factories import UserFactory

from .factories import make_course


@pytest.fixture
def course(home_page):
    course, _lessons = make_course(home_page)
    return course


@pytest.fixture
def trainee(db):
    return UserFactory(username="trainee-with-certificate", email="holder@example.org")


@pytest.fixture
def certificate(trainee, course):
    certificate, created = services.issue_certificate(trainee, course)
    assert created
    return certificate
