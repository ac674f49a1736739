"""The site's URLs plus one view that fails, to see the 500 page as users get it."""

from django.urls import path

from madafe.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
