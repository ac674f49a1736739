"""A shared cache of what every trainee's step page needs and nobody's progress changes:
which page a URL leads to, the course outline, the course glossary.

Everything is stored under a version number held in the cache itself (shared by every app
server through Redis). Any change to any page (saved, published, unpublished, moved,
deleted), to a glossary term or to a view restriction bumps the version when it is made and
again when it is committed, so the next request reads the database again. Entries are never updated in
place, so there is nothing to get out of step: a stale entry is simply never read again
and expires.

What a user has done (completions, enrolment) is never cached here.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "courses:pages-version"
TIMEOUT = 24 * 3600


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        # A fresh cache: start anywhere a previous generation did not reach.
        import time

        value = int(time.time() * 1000)
        if not cache.add(VERSION_KEY, value, timeout=None):
            value = cache.get(VERSION_KEY, value)
    return value


def bump() -> None:
    """Forget everything cached here (every app server, at once)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet: the next reader starts a new generation
        version()
        cache.incr(VERSION_KEY)


def bump_after_commit(*args, **kwargs) -> None:
    """Signal receiver: bump now, and again once the transaction that changed pages
    commits. The first bump stops this transaction's own later reads from using older
    entries; the second throws away what another request may have cached from the old
    rows meanwhile (the change was not visible to it yet). Without a transaction the
    second bump happens at once."""
    bump()
    transaction.on_commit(bump)


def _key(kind: str, *parts) -> str:
    return ":".join(["courses", kind, str(version()), *map(str, parts)])


def get(kind: str, *parts):
    return cache.get(_key(kind, *parts))


def put(kind: str, value, *parts) -> None:
    cache.set(_key(kind, *parts), value, timeout=TIMEOUT)


def connect_signals() -> None:
    """Called from CoursesConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import GlossaryTerm

    def page_changed(sender, instance=None, **kwargs):
        if isinstance(instance, Page | GlossaryTerm | PageViewRestriction):
            bump_after_commit()

    post_save.connect(page_changed, dispatch_uid="courses_page_cache_save")
    post_delete.connect(page_changed, dispatch_uid="courses_page_cache_delete")
    page_published.connect(bump_after_commit, dispatch_uid="courses_page_cache_published")
    page_unpublished.connect(bump_after_commit, dispatch_uid="courses_page_cache_unpublished")
    post_page_move.connect(bump_after_commit, dispatch_uid="courses_page_cache_moved")
    m2m_changed.connect(
        lambda sender, instance=None, **kw: page_changed(sender, instance),
        sender=PageViewRestriction.groups.through,
        dispatch_uid="courses_page_cache_restriction_groups",
        weak=False,
    )
