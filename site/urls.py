from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from madafe.accounts import views as account_views

urlpatterns = [
    # Wagtail's own login form would bypass allauth's rate limits and MFA: there is
    # exactly one way in, allauth's login.
    path("admin/login/", account_views.admin_login_redirect, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("madafe.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("associations/", include("madafe.organisations.urls")),
    path("reports/", include("madafe.reports.urls")),
    path("certificates/", include("certificates.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("", include("courses.urls")),
    # Wagtail's front-end login form (for private pages) would bypass allauth too.
    path("_util/login/", account_views.frontend_login_redirect, name="wagtailcore_login"),
    # Wagtail serves the page tree (home, course catalogue, courses, lessons) last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
