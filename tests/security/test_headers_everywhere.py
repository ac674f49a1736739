"""Security headers on every kind of response: public and signed-in HTML pages, file
downloads (certificate PNG and PDF, the personal-data JSON), error pages (400, 403, 404,
429, 500), redirects, static files. Public and trainee pages get the strict
Content-Security-Policy (no inline script or style); signed-in responses are never stored."""

import pytest
from django.test import Client

from certificates import ratelimit
from certificates import services as certificate_services
from tests.accounts.factories import UserFactory
from tests.certificates.factories import make_course

pytestmark = pytest.mark.django_db

SAME_FOR_ALL = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Features no page of ours uses; nothing may ask for them.
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def assert_common_headers(response, where):
    for name, value in SAME_FOR_ALL.items():
        assert response.get(name) == value, (where, name, response.get(name))
    policy = response.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy, (where, policy)


def assert_strict_csp(response, where):
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert directives.get("default-src") == "'none'", (where, csp)
    assert directives.get("script-src") == "'self'", (where, csp)
    assert directives.get("style-src") == "'self'", (where, csp)
    assert directives.get("frame-ancestors") == "'none'", (where, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (where, csp)


def assert_not_stored(response, where):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, (where, cache_control)


@pytest.fixture
def holder(home_page):
    user = UserFactory(username="holder")
    course, lessons = make_course(home_page)
    certificate, _ = certificate_services.issue_certificate(user, course)
    certificate_services.choose_name(certificate, "none")
    return user, certificate


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_public_pages_and_redirects(client, home_page):
    for path, status in (("/ar/", 200), ("/en/accounts/login/", 200), ("/", 302)):
        response = client.get(path)
        assert response.status_code == status
        assert_common_headers(response, path)
        assert_strict_csp(response, path)
    response = client.get("/ar/learning/")  # signed out: sent to sign in
    assert response.status_code == 302
    assert_common_headers(response, "redirect")
    assert_strict_csp(response, "redirect")


def test_signed_in_pages_downloads_and_redirects(holder):
    user, certificate = holder
    client = _signed_in(user)
    cases = {
        "page": ("/ar/learning/", 200, "text/html"),
        "certificate png": (f"/ar/certificates/{certificate.pk}/download/png/", 200, "image/png"),
        "certificate pdf": (
            f"/ar/certificates/{certificate.pk}/download/pdf/",
            200,
            "application/pdf",
        ),
        "data export": ("/ar/accounts/me/data.json", 200, "application/json"),
        "redirect": ("/ar/accounts/login/", 302, None),
    }
    for where, (path, status, content_type) in cases.items():
        response = client.get(path)
        assert response.status_code == status, where
        if content_type:
            assert response["Content-Type"].startswith(content_type), where
        assert_common_headers(response, where)
        assert_strict_csp(response, where)
        assert_not_stored(response, where)
    # Files are attachments, never shown inline where they could be sniffed.
    for path in (cases["certificate pdf"][0], cases["data export"][0]):
        assert client.get(path)["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_error_pages(home_page, signed_in):
    user = UserFactory(username="someone")
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    if signed_in:
        client.force_login(user)
    course, _lessons = make_course(home_page, lessons=2)
    cases = {
        400: lambda: client.get("/ar/", HTTP_HOST="elsewhere.example"),
        # A form posted without its CSRF token.
        403: lambda: client.post("/ar/associations/join/", {"code": "x"}),
        404: lambda: client.get("/ar/no-such-page/"),
        405: lambda: client.get(f"/ar/learning/start/{course.pk}/"),
    }
    for status, make in cases.items():
        response = make()
        assert response.status_code == status
        assert_common_headers(response, status)
        assert_strict_csp(response, status)
        if signed_in and status != 400:
            assert_not_stored(response, status)


def test_too_many_requests_page(client, home_page):
    limit = ratelimit.MISS_LIMITS[0][0]
    for _ in range(limit):
        client.get("/ar/certificates/verify/?code=AAAA-BBBB-CCCC-DDDD")
    response = client.get("/ar/certificates/verify/?code=AAAA-BBBB-CCCC-DDDD")
    assert response.status_code == 429
    assert_common_headers(response, 429)
    assert_strict_csp(response, 429)


@pytest.mark.urls("tests.security.error_urls")
@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_server_error_page(home_page, signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(UserFactory(username="someone"))
    response = client.get("/fail/")
    assert response.status_code == 500
    assert_common_headers(response, 500)
    assert_strict_csp(response, 500)
    if signed_in:
        assert_not_stored(response, 500)


def test_static_files(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert_common_headers(response, "static")
    # A stylesheet needs no policy of its own, but an SVG opened directly is a document.
    response = client.get("/static/img/favicon.svg")
    assert response.status_code == 200
    assert_common_headers(response, "svg")
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_admin_keeps_its_own_policy_and_the_common_headers():
    from tests.accounts.factories import activate_totp

    staff = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    activate_totp(staff)
    client = _signed_in(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_not_stored(response, "admin")
    assert "camera=()" in response["Permissions-Policy"]
