from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls, permissions
from .models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    list_display = ["name", "is_default"]
    add_to_admin_menu = False


register_snippet(CertificateTemplateViewSet)


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [path("certificates/", include(admin_urls, namespace="certificates_admin"))]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_manage_certificates(request.user)


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return CertificatesMenuItem(
        _("Certificates"),
        reverse("certificates_admin:index"),
        icon_name="doc-full",
        order=450,
    )
