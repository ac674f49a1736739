import re
from datetime import timedelta

import pytest
from django.utils import timezone

from certificates import ratelimit, services
from certificates.models import Certificate
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

HOLDER_ID = 987654321


@pytest.fixture
def holder(db):
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    user = UserFactory(
        id=HOLDER_ID,
        username="zx-holder-username",
        email="zx-holder@example.org",
        first_name="Zxfirst",
        last_name="Zxlast",
    )
    association = OrganisationFactory(name_ar="جمعية زكس", name_en="Zx Association")
    MembershipFactory(user=user, organisation=association, role="coordinator", share_progress=True)
    return user


@pytest.fixture
def issued(holder, course):
    return services.issue_certificate(holder, course)[0]


def _main(html):
    """The page's own content (the shared header and footer aside)."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _facts(html):
    """The labels and values of the result, in order."""
    main = _main(html)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", main, re.S)
    return [
        (re.sub(r"<[^>]+>", "", k).strip(), re.sub(r"<[^>]+>", "", v).strip()) for k, v in pairs
    ]


def _assert_nothing_about_the_person(html, certificate):
    for secret in (
        "zx-holder-username",
        "zx-holder@example.org",
        "Zxfirst",
        "Zxlast",
        str(HOLDER_ID),
        "Zx Association",
        "جمعية زكس",
        certificate.revoked_reason or "no reason given",
    ):
        assert secret not in html, secret
    for word in ("association", "organisation", "organization", "جمعية"):
        assert word not in html.lower(), word


def test_valid_certificate_shows_exactly_the_allowed_fields(client, issued):
    services.choose_name(issued, "pseudonym", "Nour")
    response = client.get(f"/en/certificates/verify/{issued.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in html
    issued_on = timezone.localdate(issued.issued_at).isoformat()
    assert _facts(html) == [
        ("Status", "Valid"),
        ("Course", "Digital security for defenders"),
        ("Issued on", issued_on),
        ("Holder", "Nour"),
    ]
    _assert_nothing_about_the_person(html, issued)


def test_no_name_shows_no_holder(client, issued):
    for choice in ("", "none"):
        Certificate.objects.filter(pk=issued.pk).update(name_choice=choice, display_name="Hidden")
        html = client.get(f"/en/certificates/verify/{issued.code}/").content.decode()
        assert [k for k, _v in _facts(html)] == ["Status", "Course", "Issued on"]
        assert "Hidden" not in html


def test_revoked_certificate_says_so_and_not_why(client, issued):
    services.choose_name(issued, "own", "Salma")
    services.revoke(issued, "Zx secret reason")
    html = client.get(f"/en/certificates/verify/{issued.code}/").content.decode()
    assert "This certificate has been revoked." in html
    assert [k for k, _v in _facts(html)] == ["Status", "Course", "Issued on", "Holder"]
    assert _facts(html)[0] == ("Status", "Revoked")
    assert "Zx secret reason" not in html
    _assert_nothing_about_the_person(html, issued)


def test_expired_certificate_says_so(client, issued):
    Certificate.objects.filter(pk=issued.pk).update(expires_at=timezone.now() - timedelta(days=1))
    html = client.get(f"/en/certificates/verify/{issued.code}/").content.decode()
    assert "This certificate has expired." in html
    assert _facts(html)[0] == ("Status", "Expired")
    assert [k for k, _v in _facts(html)] == ["Status", "Course", "Issued on"]
    # The expiry date itself is not among what verification shows.
    assert timezone.localdate(timezone.now() - timedelta(days=1)).isoformat() not in _main(html)
    _assert_nothing_about_the_person(html, issued)


def test_arabic_page_shows_the_arabic_title_with_isolated_date(client, issued):
    html = client.get(f"/ar/certificates/verify/{issued.code}/").content.decode()
    assert "الأمن الرقمي للمدافعين" in html
    assert f"<bdi>{timezone.localdate(issued.issued_at).isoformat()}</bdi>" in html
    assert "هذه الشهادة صالحة" in html


def test_typed_code_is_looked_up_loosely(client, issued):
    typed = issued.code.lower().replace("-", " ").replace("0", "o")
    response = client.get("/en/certificates/verify/", {"code": typed})
    assert response.status_code == 200
    assert "This certificate is valid." in response.content.decode()


def test_unknown_and_malformed_codes(client, issued):
    response = client.get("/en/certificates/verify/", {"code": "MDF-0000-0000-0000-0000"})
    assert response.status_code == 404
    assert "No certificate has this code." in response.content.decode()
    response = client.get("/en/certificates/verify/", {"code": "hello"})
    assert "This is not a certificate code" in response.content.decode()


def test_verification_page_is_noindex_and_not_cached(client, issued):
    for url in ("/ar/certificates/verify/", f"/ar/certificates/verify/{issued.code}/"):
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_empty_form_works_without_javascript(client):
    response = client.get("/ar/certificates/verify/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="get"' in html
    assert 'for="id_code"' in html
    assert "<script" not in _main(html)


def test_qr_code_points_at_the_verification_page(issued, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://academy.example.org"
    assert services.verification_url(issued.code) == (
        f"https://academy.example.org/ar/certificates/verify/{issued.code}/"
    )


def test_code_guessing_is_rate_limited(client, issued):
    for i in range(ratelimit.MISS_LIMITS[0][0]):
        response = client.get("/en/certificates/verify/", {"code": f"MDF-0000-0000-0000-{i:04d}"})
        assert response.status_code == 404
    # Even a right code is refused now, from this address.
    response = client.get(f"/en/certificates/verify/{issued.code}/")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert "Digital security for defenders" not in html
    # Another address is not affected.
    response = client.get(f"/en/certificates/verify/{issued.code}/", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200


def test_rate_limit_keys_hold_no_address(issued, rf):
    from django.core.cache import cache

    request = rf.get("/", REMOTE_ADDR="203.0.113.77")
    ratelimit.record_lookup(request, found=False)
    keys = [
        key for key, _count, _seconds in ratelimit._keys(request, "miss", ratelimit.MISS_LIMITS)
    ]
    assert all("203.0.113.77" not in key for key in keys)
    assert all(cache.get(key) == 1 for key in keys)


def test_verification_query_count(client, issued, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(f"/en/certificates/verify/{issued.code}/").status_code == 200
