"""This app's part of "Download my data" and "Delete my account": enrolments and completed
steps. Registered with madafe.accounts.personal_data from apps.py; accounts does not import
this app."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .models import CoursePage, Enrollment, StepCompletion

TITLE = _("Courses")
DESCRIPTION = _(
    "The courses you started, when you finished them, the last step you opened, and every "
    "step you completed."
)
LABELS = {
    "enrolments": _("Courses started"),
    "completed_steps": _("Completed steps"),
    "course_title_ar": _("Course (Arabic title)"),
    "course_title_en": _("Course (English title)"),
    "started_at": _("Started"),
    "completed_at": _("Completed on"),
    "last_step_title_ar": _("Last step opened (Arabic title)"),
    "last_step_title_en": _("Last step opened (English title)"),
    "step_title_ar": _("Step (Arabic title)"),
    "step_title_en": _("Step (English title)"),
}

_UNKNOWN = (None, None, None)


def _pages(page_ids) -> dict[int, tuple[str | None, str | None, str]]:
    """(Arabic title, English title, tree path) of these pages, in one query. Records keep
    the id of a page that was deleted since: such a page has no entry."""
    rows = Page.objects.filter(pk__in={pk for pk in page_ids if pk}).values_list(
        "pk", "title_ar", "title_en", "title", "path"
    )
    return {pk: (ar or title, en or ar or title, path) for pk, ar, en, title, path in rows}


def _course_of_steps(step_paths: dict[int, str]) -> dict[int, int]:
    """step page id -> id of the course above it, by tree paths, in one query."""
    steplen = Page.steplen
    ancestors = {
        path[:i] for path in step_paths.values() for i in range(steplen, len(path), steplen)
    }
    courses = (
        dict(CoursePage.objects.filter(path__in=ancestors).values_list("path", "pk"))
        if ancestors
        else {}
    )
    found = {}
    for step_id, path in step_paths.items():
        for i in range(steplen, len(path), steplen):
            if path[:i] in courses:
                found[step_id] = courses[path[:i]]
    return found


def export_learning(user) -> dict:
    enrollments = list(Enrollment.objects.filter(user=user).order_by("started_at", "pk"))
    completions = list(StepCompletion.objects.filter(user=user).order_by("completed_at", "pk"))
    pages = _pages(
        [e.course_id for e in enrollments]
        + [e.last_step_id for e in enrollments]
        + [c.page_id for c in completions]
    )
    step_paths = {c.page_id: pages[c.page_id][2] for c in completions if c.page_id in pages}
    course_of = _course_of_steps(step_paths)
    course_titles = _pages(set(course_of.values()) - set(pages))
    course_titles.update(pages)
    return {
        "enrolments": [
            {
                "course_title_ar": pages.get(e.course_id, _UNKNOWN)[0],
                "course_title_en": pages.get(e.course_id, _UNKNOWN)[1],
                "started_at": e.started_at,
                "completed_at": e.completed_at,
                "last_step_title_ar": pages.get(e.last_step_id, _UNKNOWN)[0],
                "last_step_title_en": pages.get(e.last_step_id, _UNKNOWN)[1],
            }
            for e in enrollments
        ],
        "completed_steps": [
            {
                "course_title_ar": course_titles.get(course_of.get(c.page_id), _UNKNOWN)[0],
                "course_title_en": course_titles.get(course_of.get(c.page_id), _UNKNOWN)[1],
                "step_title_ar": pages.get(c.page_id, _UNKNOWN)[0],
                "step_title_en": pages.get(c.page_id, _UNKNOWN)[1],
                "completed_at": c.completed_at,
            }
            for c in completions
        ],
    }


def erase_learning(user) -> None:
    """Enrolments and completions would also go with the user row (ON DELETE CASCADE);
    deleting them here does not depend on that. Course pages are the centre's: they stay,
    and progress figures count one person fewer."""
    StepCompletion.objects.filter(user=user).delete()
    Enrollment.objects.filter(user=user).delete()
