"""No third party: crawl the seeded demo site in the test client (the demo course and the
curriculum), signed out and signed in, in both languages, following same-host links
breadth-first; fail on any URL that points at another host in an attribute that loads or
links (src, href, action, srcset, poster, style, ...), in CSS url() of inline styles and of
the served stylesheets, and in any response header. The quick-exit link is the one
exception. Every page the crawl reaches must also answer without a server error."""

from collections import deque
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from certificates import services as certificate_services
from courses import services as course_services
from courses.models import CoursePage
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory

from .foreign_hosts import followable_urls, foreign_css_urls, foreign_header_urls, foreign_urls

pytestmark = pytest.mark.django_db

MAX_URLS = 3000
# Not public or trainee pages: the Wagtail admin has its own policy (and its own tests).
SKIPPED_PREFIXES = ("/admin/",)
# Resources whose headers are checked but whose links are not followed further.
RESOURCE_PREFIXES = (settings.STATIC_URL, settings.MEDIA_URL, "/documents/")


def _allowed():
    return {settings.MADAFE_QUICK_EXIT_URL}


def _link_key(path: str, query: str):
    """Pages that differ only in where to go after signing in are the same page."""
    params = sorted((k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "next")
    return path, urlencode(params)


def _same_host_links(base: str, html: str) -> list[str]:
    """Every link and resource on the page that stays on this site, made absolute paths."""
    links = []
    for url in followable_urls(html):
        absolute = urljoin(base, url.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.hostname != "testserver":
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def crawl(client: Client, starts: list[str]) -> dict:
    """Breadth-first over same-host links; returns what was seen and what was wrong."""
    queue = deque(starts)
    seen: set = set()
    report = {"pages": 0, "css": 0, "resources": 0, "foreign": [], "errors": []}
    while queue and len(seen) < MAX_URLS:
        url = queue.popleft()
        parts = urlsplit(url)
        key = _link_key(parts.path, parts.query)
        if key in seen or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(key)
        response = client.get(url)
        report["foreign"] += [
            f"{url} header {h}" for h in foreign_header_urls(response, _allowed())
        ]
        if response.status_code >= 500:
            report["errors"].append(f"{url}: {response.status_code}")
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(response["Location"])
            continue
        content_type = response.get("Content-Type", "")
        body = _body(response)
        if content_type.startswith("text/css"):
            report["css"] += 1
            report["foreign"] += [f"{url} css {u}" for u in foreign_css_urls(body.decode())]
        elif content_type.startswith("text/html"):
            report["pages"] += 1
            html = body.decode()
            report["foreign"] += [f"{url} {u}" for u in foreign_urls(html, _allowed())]
            for link in _same_host_links("http://testserver" + parts.path, html):
                link_parts = urlsplit(link)
                if link_parts.path.startswith(RESOURCE_PREFIXES) and not link_parts.path.endswith(
                    ".css"
                ):
                    report["resources"] += 1
                queue.append(link)
    report["seen"] = seen
    report["truncated"] = bool(queue) and len(seen) >= MAX_URLS
    return report


@pytest.fixture
def demo_site(capsys):
    """The demo site as `make run` loads it: home page, groups, demo course, curriculum."""
    call_command("seed_demo")
    capsys.readouterr()  # the printed passphrases are not needed


@pytest.fixture
def busy_trainee(demo_site):
    """A trainee who has done a bit of everything: in an association, the demo course
    half done, a curriculum course completed with a certificate whose name is chosen."""
    user = UserFactory(username="crawler")
    MembershipFactory(user=user)
    demo = CoursePage.objects.get(slug="first-steps-in-safe-documentation")
    course_services.start_course(user, demo)
    steps = course_services.course_steps(demo)
    for step in steps[: len(steps) // 2]:
        course_services.complete_step(user, step)
    certified = CoursePage.objects.exclude(pk=demo.pk).filter(awards_certificate=True).first()
    course_services.start_course(user, certified)
    for step in course_services.course_steps(certified):
        course_services.complete_step(user, step)
    certificate, _ = certificate_services.issue_certificate(user, certified)
    certificate_services.choose_name(certificate, "pseudonym", "نور")
    return user, certificate


def every_page_in_both_languages() -> list[str]:
    """The address of every live page of the tree (the site root is the home page)."""
    urls = []
    for page in Page.objects.live().filter(depth__gt=1):
        below_home = page.url_path.split("/", 2)[2]
        urls += [f"/{language}/{below_home}" for language, _name in settings.LANGUAGES]
    return urls


def _assert_clean(report, minimum_pages):
    assert not report["truncated"], f"the crawl stopped at {MAX_URLS} URLs"
    assert report["errors"] == []
    assert report["foreign"] == []
    # The crawl really went through the site (and its stylesheet).
    assert report["pages"] >= minimum_pages, report["pages"]
    assert report["css"] >= 1


def test_signed_out_crawl_finds_no_third_party(client, demo_site):
    report = crawl(client, ["/", "/ar/", "/en/", *every_page_in_both_languages()])
    # Lessons ask to sign in; the home page, the catalogue and each course do not.
    _assert_clean(report, minimum_pages=2 * (2 + CoursePage.objects.live().count()))
    paths = {path for path, _query in report["seen"]}
    # Both languages, every course, the sign-in and sign-up pages were reached.
    for course in CoursePage.objects.live():
        for language in ("ar", "en"):
            assert any(
                p.startswith(f"/{language}/") and p.endswith(f"/{course.slug}/") for p in paths
            ), (language, course.slug)
    assert {"/ar/accounts/login/", "/en/accounts/signup/"} <= paths


def test_signed_in_crawl_finds_no_third_party(client, busy_trainee):
    user, certificate = busy_trainee
    client.force_login(user)
    # Locked lessons of a sequential course are not linked until their turn: every page of
    # the tree is a starting point too, so each is fetched (locked ones answer 403).
    starts = [
        "/ar/",
        "/en/",
        certificate_services.verification_path(certificate.code),
        *every_page_in_both_languages(),
    ]
    report = crawl(client, starts)
    _assert_clean(report, minimum_pages=Page.objects.live().filter(depth__gt=1).count())
    paths = {path for path, _query in report["seen"]}
    for expected in (
        "/ar/learning/",
        "/en/certificates/",
        f"/ar/certificates/{certificate.pk}/name/",
        "/en/associations/",
        "/ar/accounts/me/",
        "/en/accounts/me/data/",
    ):
        assert expected in paths, expected
    # Still signed in at the end: the crawl followed no link that signs out.
    assert client.get("/ar/learning/").status_code == 200


@pytest.mark.urls("tests.security.leaky_urls")
def test_crawl_detects_a_foreign_host(client, home_page):
    """The crawl fails when a page, a stylesheet or a header points elsewhere."""
    report = crawl(client, ["/leaky/"])
    found = " ".join(report["foreign"])
    assert "https://tracker.example/pixel.gif" in found
    assert "Link: https://cdn.example/font.woff2" in found
    assert "css https://fonts.example/x.png" in found
    assert len(report["foreign"]) == 3


def test_detector_reads_every_place_a_url_hides():
    html = (
        '<img src="https://cdn.example.com/x.png"><a href="/ok">x</a>'
        '<img srcset="/a.png 1x, //evil.example/b.png 2x">'
        "<div style=\"background: url('https://fonts.example/f.woff')\"></div>"
        '<form action="http://collect.example/"></form>'
        '<video poster="https://media.example/p.jpg"></video>'
        "<style>@import 'https://css.example/a.css'; p { background: url(/ok.png) }</style>"
        '<meta http-equiv="refresh" content="0; url=https://away.example/">'
        '<a href="javascript:alert(1)">x</a>'
        '<a href="http://testserver/ok">x</a><a href="mailto:someone@example.org">x</a>'
        f'<a href="{settings.MADAFE_QUICK_EXIT_URL}">exit</a>'
    )
    found = foreign_urls(html, _allowed())
    assert found == [
        "https://cdn.example.com/x.png",
        "//evil.example/b.png",
        "https://fonts.example/f.woff",
        "http://collect.example/",
        "https://media.example/p.jpg",
        "https://css.example/a.css",
        "https://away.example/",
        "javascript:alert(1)",
    ]
    assert foreign_header_urls(
        {"Location": "https://elsewhere.example/", "Content-Type": "text/html"}
    ) == ["Location: https://elsewhere.example/"]
    assert foreign_header_urls({"Location": "http://testserver/ar/"}) == []
