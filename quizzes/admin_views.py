"""Quiz pages in the Wagtail admin: the list of quizzes with their attempts (under Reports),
each quiz's item statistics, and centre staff's grant of one extra attempt."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import CoursePage, ModulePage

from . import permissions, services
from .forms import GrantExtraAttemptForm
from .models import ExtraAttempt, QuizPage
from .statistics import as_percent, quiz_statistics


def _require(check, user):
    if not check(user):
        raise PermissionDenied


def _ancestors_by_path(model, paths: set[str]) -> dict[str, object]:
    return {page.path: page for page in model.objects.filter(path__in=paths)}


def _prefixes(path: str) -> list[str]:
    steplen = QuizPage.steplen
    return [path[: i * steplen] for i in range(1, len(path) // steplen)]


def _place_of(quizzes) -> dict[int, tuple]:
    """(course, module or None) of each quiz, in two queries."""
    prefixes = {prefix for quiz in quizzes for prefix in _prefixes(quiz.path)}
    courses = _ancestors_by_path(CoursePage, prefixes)
    modules = _ancestors_by_path(ModulePage, prefixes)
    places = {}
    for quiz in quizzes:
        course = next((courses[p] for p in _prefixes(quiz.path) if p in courses), None)
        places[quiz.pk] = (course, modules.get(quiz.path[: -QuizPage.steplen]))
    return places


def statistics_index(request):
    _require(permissions.can_view_quiz_statistics, request.user)
    submitted = Q(attempts__submitted_at__isnull=False)
    quizzes = list(
        permissions.quizzes_with_statistics_visible_to(request.user)
        .annotate(
            submitted=Count("attempts", filter=submitted),
            trainees=Count("attempts__user", filter=submitted, distinct=True),
            trainees_passed=Count(
                "attempts__user", filter=submitted & Q(attempts__passed=True), distinct=True
            ),
        )
        .order_by("path")
    )
    places = _place_of(quizzes)
    rows = []
    for quiz in quizzes:
        course, module = places[quiz.pk]
        rows.append(
            {
                "quiz": quiz,
                "course": course,
                "module": module,
                "pass_rate": as_percent(
                    quiz.trainees_passed / quiz.trainees if quiz.trainees else None
                ),
            }
        )
    return TemplateResponse(
        request,
        "quizzes/admin/statistics_index.html",
        {"page_title": _("Quiz statistics"), "header_icon": "tasks", "rows": rows},
    )


def quiz_statistics_view(request, quiz_id):
    _require(permissions.can_view_quiz_statistics, request.user)
    quiz = get_object_or_404(
        permissions.quizzes_with_statistics_visible_to(request.user), pk=quiz_id
    )
    stats = quiz_statistics(quiz)
    course, module = _place_of([quiz])[quiz.pk]
    questions = [
        {
            "line": line,
            "facility": as_percent(line.facility),
            "choices": [{"line": c, "share": as_percent(c.share)} for c in line.choices],
        }
        for line in stats.questions
    ]
    return TemplateResponse(
        request,
        "quizzes/admin/statistics.html",
        {
            "page_title": _("Statistics: %(title)s") % {"title": quiz.title},
            "header_icon": "tasks",
            "quiz": quiz,
            "course": course,
            "module": module,
            "stats": stats,
            "pass_rate": as_percent(stats.pass_rate),
            "questions": questions,
            "few_attempts": stats.first_attempts < settings.MADAFE_MIN_GROUP_SIZE,
            "min_group_size": settings.MADAFE_MIN_GROUP_SIZE,
            "can_grant": permissions.can_grant_extra_attempt(request.user),
        },
    )


def grant_extra_attempt(request, quiz_id):
    _require(permissions.can_grant_extra_attempt, request.user)
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    form = GrantExtraAttemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        trainee = form.cleaned_data["username"]
        if not quiz.attempts_allowed:
            messages.info(
                request, _("This quiz allows unlimited attempts: there is nothing to grant.")
            )
        else:
            services.grant_extra_attempt(trainee, quiz, granted_by=request.user)
            left = services.attempts_left(trainee, quiz) or 0
            messages.success(
                request,
                ngettext(
                    "%(username)s may now start %(count)s more attempt at this quiz.",
                    "%(username)s may now start %(count)s more attempts at this quiz.",
                    left,
                )
                % {"username": trainee.get_username(), "count": left},
            )
        return redirect(reverse("quizzes_admin:grant", args=[quiz.pk]))
    grants = (
        ExtraAttempt.objects.filter(quiz=quiz)
        .select_related("user", "granted_by")
        .order_by("-granted_at", "-pk")[:20]
    )
    return TemplateResponse(
        request,
        "quizzes/admin/grant_extra_attempt.html",
        {
            "page_title": _("Grant an extra attempt: %(title)s") % {"title": quiz.title},
            "header_icon": "plus",
            "quiz": quiz,
            "form": form,
            "grants": grants,
        },
    )
