import pytest

from .factories import build_data_set


@pytest.fixture
def data(home_page):
    return build_data_set(home_page)
