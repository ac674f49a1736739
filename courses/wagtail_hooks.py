from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from .admin_views import MissingTranslationsReportView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "reports/missing-translations/",
            MissingTranslationsReportView.as_view(),
            name="courses_missing_translations",
        ),
        path(
            "reports/missing-translations/results/",
            MissingTranslationsReportView.as_view(results_only=True),
            name="courses_missing_translations_results",
        ),
    ]


class MissingTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item():
    return MissingTranslationsMenuItem(
        _("Missing translations"),
        reverse("courses_missing_translations"),
        name="missing-translations",
        icon_name="globe",
        order=650,
    )
