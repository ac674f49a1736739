"""A deliberately leaky little site, to prove that the crawl of test_no_third_party.py can
fail: a page with a tracker image, a page whose header preloads a foreign font, a
stylesheet with a foreign background."""

from django.http import HttpResponse
from django.urls import path


def leaky_page(request):
    return HttpResponse(
        '<!DOCTYPE html><a href="/leaky/more/">more</a>'
        '<img src="https://tracker.example/pixel.gif">'
    )


def leaky_header(request):
    response = HttpResponse('<!DOCTYPE html><link rel="stylesheet" href="/leaky/site.css">')
    response["Link"] = "<https://cdn.example/font.woff2>; rel=preload"
    return response


def leaky_css(request):
    return HttpResponse(
        "body { background: url(https://fonts.example/x.png) }", content_type="text/css"
    )


urlpatterns = [
    path("leaky/", leaky_page),
    path("leaky/more/", leaky_header),
    path("leaky/site.css", leaky_css),
]
