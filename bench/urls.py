from django.shortcuts import render
from django.urls import path

from madafe.urls import urlpatterns as site_urlpatterns


def bare(request):
    """The reference: a Django view rendering a small template, no database."""
    return render(request, "bench/bare.html", {"items": range(10)})


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
