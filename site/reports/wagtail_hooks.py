from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, permissions


# Not "reports/": Wagtail's own reports (locked pages, site history…) live there.
@hooks.register("register_admin_urls")
def register_report_admin_urls():
    return [path("centre-report/", include(admin_urls, namespace="reports_admin"))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Reports"), reverse("reports_admin:dashboard"), icon_name="table", order=460
    )
