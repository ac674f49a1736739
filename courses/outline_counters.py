"""Keeping `Enrollment.steps_done` right when a course's outline changes.

A course's outline is its live modules and their live steps, then its live steps directly
under it. It changes when a page under a course is published or unpublished, moved or
deleted (a page just added has nobody's completions yet, so it changes no counter). Each of
these recounts the course (`courses.services.recount_steps_done`), in the transaction that
makes the change, holding the course's outline lock (see `courses.services.lock_outlines`)
so that no completion is being counted meanwhile:

- publish and unpublish: `OutlinePage.save` (modules and steps), when `live` changes;
- move: Wagtail saves the moved page inside its move transaction; that save recounts the
  course the page left and the one it joined (noted by `pre_page_move`);
- delete: the course is locked before the pages go (`pre_delete`) and recounted after
  (`post_delete`), once per deletion however many pages it takes with it.
"""

from __future__ import annotations

import contextlib
import threading

from django.db import transaction

_moving = threading.local()


def _pending() -> dict[int, set[int]]:
    if not hasattr(_moving, "pages"):
        _moving.pages = {}
    return _moving.pages


def save_page(page, save, *args, **kwargs):
    """Save a module or step page (`save` is the parent class's save); if its `live` flag
    changes, recount its course in the same transaction."""
    from wagtail.models import Page

    from .services import courses_containing, lock_outlines, recount_steps_done

    update_fields = kwargs.get("update_fields")
    if (
        page._state.adding
        or page.pk is None
        or (update_fields is not None and "live" not in update_fields)
    ):
        return save(*args, **kwargs)
    with transaction.atomic():
        course_ids = courses_containing([page.path]) if page.path else set()
        if not course_ids:
            return save(*args, **kwargs)
        lock_outlines(course_ids, exclusive=True)
        was_live = Page.objects.filter(pk=page.pk).values_list("live", flat=True).first()
        result = save(*args, **kwargs)
        if was_live is not None and was_live != page.live:
            recount_steps_done(course_ids)
    return result


def before_move(sender, instance=None, parent_page_before=None, parent_page_after=None, **kw):
    """Note the course a page is leaving (not for a reorder among siblings)."""
    from .services import courses_containing

    if instance is None or parent_page_before is None or parent_page_after is None:
        return
    if parent_page_before.pk == parent_page_after.pk:
        return
    _pending()[instance.pk] = courses_containing([instance.path])


def moved_page_saved(sender, instance=None, created=False, **kwargs):
    """Wagtail saves the moved page inside its move transaction: recount there."""
    if created or instance is None:
        return
    before = _pending().pop(instance.pk, None)
    if before is None:
        return
    _recount_after_move(instance, before)


def after_move(sender, instance=None, **kwargs):
    """In case the move did not save the page (not the case in Wagtail 8): recount now."""
    if instance is None:
        return
    before = _pending().pop(instance.pk, None)
    if before is not None:
        with transaction.atomic():
            _recount_after_move(instance, before)


def _recount_after_move(page, before: set[int]) -> None:
    from .services import courses_containing, recount_steps_done

    recount_steps_done(before | courses_containing([page.path]))


def before_delete(sender, instance=None, origin=None, **kwargs):
    """Lock the courses a deleted page is in (or is) before any row goes, and remember
    them for `after_delete`."""
    from .services import courses_containing, lock_outlines

    if instance is None or not instance.path:
        return
    course_ids = courses_containing([instance.path])
    instance._outline_courses = course_ids
    if course_ids:
        lock_outlines(course_ids, exclusive=True)


def after_delete(sender, instance=None, origin=None, **kwargs):
    """Recount the courses of the deleted pages, once per deletion (`origin`: the page or
    queryset whose deletion took these pages with it)."""
    from .services import recount_steps_done

    course_ids = getattr(instance, "_outline_courses", None)
    if not course_ids:
        return
    done = getattr(origin, "_outline_recounted", None) if origin is not None else None
    if done is None:
        done = set()
        if origin is not None:
            with contextlib.suppress(AttributeError):
                origin._outline_recounted = done
    todo = course_ids - done
    if todo:
        recount_steps_done(todo)
        done |= todo


def connect_signals() -> None:
    """Called from CoursesConfig.ready()."""
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.models import Page
    from wagtail.signals import post_page_move, pre_page_move

    pre_page_move.connect(before_move, dispatch_uid="courses_steps_done_before_move")
    post_save.connect(moved_page_saved, sender=Page, dispatch_uid="courses_steps_done_moved")
    post_page_move.connect(after_move, dispatch_uid="courses_steps_done_after_move")
    pre_delete.connect(before_delete, sender=Page, dispatch_uid="courses_steps_done_pre_delete")
    post_delete.connect(after_delete, sender=Page, dispatch_uid="courses_steps_done_deleted")
