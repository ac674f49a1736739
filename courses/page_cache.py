"""A shared cache of what every trainee's step page needs and nobody's progress changes:
which page a URL leads to, the course outline, the course glossary.

Everything is stored under a version number held in the cache itself (shared by every app
server through Redis). Any change to any page (saved, published, unpublished, moved,
deleted), to a glossary term, a view restriction or a site bumps the version when it is made and
again when it is committed, so the next request reads the database again. Entries are never updated in
place, so there is nothing to get out of step: a stale entry is simply never read again
and expires.

What a user has done (completions, enrolment) is never cached here.

Each process also keeps the entries it read most recently in its own memory, under the
same versioned keys: the version is still read from the shared cache on every request, so
a change anywhere is seen everywhere at once, but an entry already known is not fetched and
unpickled again (a step's entry holds page objects: unpickling them cost more than
rendering the page). Entries are shared by the requests a process serves and must be
treated as read-only.
"""

from __future__ import annotations

from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "courses:pages-version"
# A course's live outline (courses.services.Outline), shared by its pages' routes and by
# "My learning". Change the name when the Outline's shape changes.
OUTLINE = "course-outline-1"
TIMEOUT = 24 * 3600
# Entries kept in each process's memory: a step route is one entry per URL and language
# (about 20–40 KB in memory: the step page itself), a course outline one per course (about
# 150 KB for 36 steps), shared by the routes of its steps.
LOCAL_ENTRIES = 1024

_local: OrderedDict[str, object] = OrderedDict()


def _remember_locally(key: str, value) -> None:
    _local[key] = value
    _local.move_to_end(key)
    while len(_local) > LOCAL_ENTRIES:
        _local.popitem(last=False)


def clear_local() -> None:
    """Forget this process's copies (the shared cache is untouched)."""
    _local.clear()


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        # A fresh cache (a new Redis, or one emptied): start where no earlier generation
        # can have reached, since processes may still hold entries of earlier versions in
        # memory. Counting from the time in microseconds, an earlier generation would have
        # had to bump more than once per microsecond since it began.
        import time

        value = time.time_ns() // 1000
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


def _key(kind: str, parts, version_number: int | None = None) -> str:
    if version_number is None:
        version_number = version()
    return ":".join(["courses", kind, str(version_number), *map(str, parts)])


def get(kind: str, *parts, version: int | None = None):
    """The entry, or None. Pass `version` (read once with `version()`) to read several
    entries of the same generation with one read of the version."""
    key = _key(kind, parts, version)
    value = _local.get(key)
    if value is not None:
        _local.move_to_end(key)
        return value
    value = cache.get(key)
    if value is not None:
        _remember_locally(key, value)
    return value


def put(kind: str, value, *parts, version: int | None = None) -> None:
    key = _key(kind, parts, version)
    cache.set(key, value, timeout=TIMEOUT)
    _remember_locally(key, value)


def connect_signals() -> None:
    """Called from CoursesConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import GlossaryTerm

    def page_changed(sender, instance=None, **kwargs):
        if isinstance(instance, Page | GlossaryTerm | PageViewRestriction | Site):
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
