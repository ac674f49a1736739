import os

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploaded and rendered files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: no test inherits another's counters. The page
    cache's copies in this process go too (as in a server restarted with the cache)."""
    from django.core.cache import cache

    from courses import page_cache

    cache.clear()
    page_cache.clear_local()
    yield
    cache.clear()
    page_cache.clear_local()


@pytest.fixture(autouse=True)
def _reset_language():
    """A test that activates a language (directly or through a request) must not leave it
    active for the next one: tests of Arabic pages would then see English."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def home_page(db):
    from madafe.home.services import ensure_home_page

    return ensure_home_page()


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


postgresql_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (set DATABASE_URL)",
)


def pytest_sessionstart(session):
    """Compile the gettext catalogues (pure Python) so the Arabic interface is tested as
    users get it, even when pytest is run without `make test`."""
    from pathlib import Path

    from madafe.i18n import compile_catalogues

    compile_catalogues(Path(__file__).resolve().parent.parent / "locale")
    # Django read the catalogues while it set up (model fields translate their names), so
    # forget what it read: the tests must see the catalogues just compiled.
    import gettext

    from asgiref.local import Local
    from django.utils.translation import trans_real

    gettext._translations.clear()  # the standard library caches catalogues by path too
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the migrated data (Wagtail's root page, the groups,
    content types) with `serialized_rollback`. Mixing the two kinds breaks the run: a plain
    transactional test's flush re-creates content types, and the next serialized test then
    fails to load its snapshot on top of them (duplicate key)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if not marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
