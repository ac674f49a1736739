"""Thin views: the services compute, the templates show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import permissions, services
from .models import CoursePage, LessonPage, ModulePage, Track

missing_language = services.missing_language


def locked_response(request, step):
    """The page shown for a locked step: why, and the step to do first (status 403)."""
    nav = services.request_step_navigation(request, step)
    return TemplateResponse(
        request,
        "courses/locked.html",
        {
            "page": step,
            "step": step,
            "course": nav.course,
            "blocker": nav.blocker,
            "module": nav.blocker_module,
        },
        status=403,
    )


def catalogue(request, index):
    tracks = [{"value": value, "label": label} for value, label in Track.choices]
    track = request.GET.get("track", "")
    if track not in Track.values:
        track = ""
    listing = services.catalogue_listing(index, track)
    courses = [course for course, _modules in listing]
    module_counts = {course.pk: modules for course, modules in listing}
    enrolled = {}
    if request.user.is_authenticated and courses:
        enrolled = dict(
            permissions.enrollments_visible_to(request.user)
            .filter(course__in=[c.pk for c in courses])
            .values_list("course_id", "completed_at")
        )
    items = [
        {
            "course": c,
            "modules": module_counts[c.pk],
            "enrolled": c.pk in enrolled,
            "completed": bool(enrolled.get(c.pk)),
            "fallback": missing_language(c, ("title", "summary")),
        }
        for c in courses
    ]
    return TemplateResponse(
        request,
        "courses/catalogue.html",
        {
            "page": index,
            "self": index,
            "items": items,
            "tracks": tracks,
            "track": track,
            "fallback": missing_language(index, ("title",)),
        },
    )


def course_page(request, course):
    outline = services.request_outline(request, course)
    state = services.course_state(request.user, course, outline=outline)
    summaries = {
        m.pk: m for m in ModulePage.objects.filter(pk__in=[m.page.pk for m in state.modules])
    }
    for module in state.modules:
        module.specific = summaries.get(module.page.pk, module.page)
    return TemplateResponse(
        request,
        "courses/course_page.html",
        {
            "page": course,
            "self": course,
            "state": state,
            "fallback": missing_language(course, ("title", "summary")),
        },
    )


def glossary_page(request, course):
    terms = sorted(services.glossary_for(course).values(), key=lambda t: (t.sort_order, t.pk))
    return TemplateResponse(
        request,
        "courses/glossary.html",
        {"page": course, "self": course, "course": course, "terms": terms},
    )


@login_required
def my_learning(request):
    states = services.learning_overview(request.user)
    return TemplateResponse(
        request,
        "courses/my_learning.html",
        {
            "in_progress": [s for s in states if not s.progress.completed],
            "completed": [s for s in states if s.progress.completed],
        },
    )


@require_POST
@login_required
def start(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    services.start_course(request.user, course)
    step = services.next_step(request.user, course)
    return redirect(step.get_url(request) if step else course.get_url(request))


@require_POST
@login_required
def complete(request, step_id):
    page = get_object_or_404(Page.objects.live(), pk=step_id).specific
    if not isinstance(page, LessonPage):
        raise Http404
    if not permissions.can_mark_complete(request.user, page):
        return locked_response(request, page)
    try:
        services.complete_step(request.user, page)
    except services.StepLocked:
        return locked_response(request, page)
    nav = services.step_navigation(request.user, page)
    target = nav.next
    if target is not None and not services.is_step_unlocked(request.user, target):
        target = None
    if target is None:
        target = services.next_step(request.user, nav.course)
    if target is None:
        if nav.progress.completed:
            messages.success(request, _("You have completed this course. Well done."))
        return redirect(nav.course.get_url(request))
    return redirect(target.get_url(request))
