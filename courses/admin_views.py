"""Wagtail admin: the report of course pages with an empty Arabic or English field."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage

# The translated fields each course page type must fill in both languages.
REQUIRED_FIELDS = {
    CourseIndexPage: ("title",),
    CoursePage: ("title", "summary"),
    ModulePage: ("title", "summary"),
    LessonPage: ("title", "body"),
}
FIELD_LABELS = {"title": _("title"), "summary": _("summary"), "body": _("body")}
LANGUAGE_LABELS = {"ar": _("Arabic"), "en": _("English")}


def missing_translations(page) -> list[str]:
    """Human-readable list of the translated fields `page` leaves empty, e.g. "body
    (English)"."""
    missing = []
    for model, fields in REQUIRED_FIELDS.items():
        if isinstance(page, model):
            for name in fields:
                for lang, language in LANGUAGE_LABELS.items():
                    value = getattr(page, f"{name}_{lang}", None)
                    if not value or (isinstance(value, str) and not value.strip()):
                        missing.append(f"{FIELD_LABELS[name]} ({language})")
            break
    return missing


def pages_missing_translations(user=None):
    """Course-tree pages (that `user` may edit) with an empty Arabic or English field."""
    pages = Page.objects.type(*REQUIRED_FIELDS).specific()
    if user is not None:
        editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
        pages = pages.filter(pk__in=editable.values("pk"))
    return [p for p in pages.order_by("path") if missing_translations(p)]


class MissingTranslationsReportView(PageReportView):
    page_title = _("Missing translations")
    header_icon = "globe"
    index_url_name = "courses_missing_translations"
    index_results_url_name = "courses_missing_translations_results"
    results_template_name = "courses/admin/missing_translations_results.html"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "content_type.model_class._meta.verbose_name.title", "missing"]
    export_headings = {
        **PageReportView.export_headings,
        "missing": _("Empty fields"),
    }

    @cached_property
    def permission_policy(self):
        return PagePermissionPolicy()

    def get_filename(self):
        return "missing-translations"

    def get_queryset(self):
        pages = pages_missing_translations(self.request.user)
        for page in pages:
            page.missing = ", ".join(str(m) for m in missing_translations(page))
        return pages

    def filter_queryset(self, queryset):
        return queryset
