"""Quizzes in the Wagtail admin: statistics under Reports and on each quiz's page menu, and
the centre staff's "grant an extra attempt" action."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import admin_urls, permissions
from .models import QuizPage


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quizzes/", include(admin_urls, namespace="quizzes_admin"))]


class QuizStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_quiz_statistics(request.user)


@hooks.register("register_reports_menu_item")
def register_quiz_statistics_menu_item():
    return QuizStatisticsMenuItem(
        _("Quiz statistics"),
        reverse("quizzes_admin:index"),
        name="quiz-statistics",
        icon_name="tasks",
        order=660,
    )


def _is_quiz(page) -> bool:
    return page.specific_class is not None and issubclass(page.specific_class, QuizPage)


class QuizStatisticsButton(PageMenuItem):
    label = _("Statistics")
    icon_name = "tasks"

    @property
    def url(self):
        return reverse("quizzes_admin:statistics", args=[self.page.pk])

    def is_shown(self, user):
        return _is_quiz(self.page) and permissions.can_view_quiz_statistics(user)


class GrantExtraAttemptButton(PageMenuItem):
    label = _("Grant an extra attempt")
    icon_name = "plus"

    @property
    def url(self):
        return reverse("quizzes_admin:grant", args=[self.page.pk])

    def is_shown(self, user):
        return _is_quiz(self.page) and permissions.can_grant_extra_attempt(user)


@hooks.register("register_page_header_buttons")
def quiz_header_buttons(page, user, view_name=None, next_url=None):
    yield QuizStatisticsButton(page=page, priority=66)
    yield GrantExtraAttemptButton(page=page, priority=67)


@hooks.register("register_page_listing_more_buttons")
def quiz_listing_buttons(page, user, next_url=None):
    yield QuizStatisticsButton(page=page, priority=55)
    yield GrantExtraAttemptButton(page=page, priority=56)
