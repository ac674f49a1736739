"""Keeping the enrolments' quiz counters right when attempts go with a page.

Attempts cascade with their quiz page (`Attempt.quiz`) and with their course page
(`Attempt.course`): deleting a quiz, a module or a course deletes them without
`submit_attempt` seeing it. Before the pages go (`pre_delete`), the courses of the attempts
about to be deleted are noted; after (`post_delete`, once the attempts are gone), those
courses' enrolments are recounted (`quizzes.services.recount_quiz_scores`), in the same
transaction, once per deletion however many pages it takes with it. (Attempts deleted with
their user go with the user's enrolments; the personal-data erase recounts itself.)
"""

from __future__ import annotations

import contextlib


def before_delete(sender, instance=None, origin=None, **kwargs):
    from django.db.models import Q

    from .models import Attempt

    if instance is None or not instance.path:
        return
    covered = getattr(origin, "_quiz_scores_paths", None) if origin is not None else None
    if covered is not None and any(instance.path.startswith(p) for p in covered):
        return  # an ancestor deleted in the same deletion has noted these attempts
    instance._quiz_score_courses = set(
        Attempt.objects.filter(
            Q(quiz__path__startswith=instance.path) | Q(course__path__startswith=instance.path)
        )
        .order_by()
        .values_list("course_id", flat=True)
        .distinct()
    )
    if origin is not None:
        if covered is None:
            covered = set()
            with contextlib.suppress(AttributeError):
                origin._quiz_scores_paths = covered
        covered.add(instance.path)


def after_delete(sender, instance=None, origin=None, **kwargs):
    from .services import recount_quiz_scores

    course_ids = getattr(instance, "_quiz_score_courses", None)
    if not course_ids:
        return
    done = getattr(origin, "_quiz_scores_recounted", None) if origin is not None else None
    if done is None:
        done = set()
        if origin is not None:
            with contextlib.suppress(AttributeError):
                origin._quiz_scores_recounted = done
    todo = course_ids - done
    if todo:
        recount_quiz_scores(course_ids=todo)
        done |= todo


def connect_signals() -> None:
    """Called from QuizzesConfig.ready()."""
    from django.db.models.signals import post_delete, pre_delete
    from wagtail.models import Page

    pre_delete.connect(before_delete, sender=Page, dispatch_uid="quizzes_scores_pre_delete")
    post_delete.connect(after_delete, sender=Page, dispatch_uid="quizzes_scores_deleted")
