from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses.models import CachedViewRestrictionsMixin

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class HomePage(CachedViewRestrictionsMixin, Page):
    """The site's front page. Both languages are edited side by side in the admin."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        result = super().route(request, path_components)
        if not path_components and result.page is self and not result.args:
            from courses.middleware import remember_route

            remember_route(request, self, None)  # the front page: kept in the route cache
        return result

    class Meta:
        verbose_name = _("home page")
