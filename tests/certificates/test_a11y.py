"""Keyboard and screen-reader sanity of the certificate pages, both languages, every state."""

import pytest

from certificates import ratelimit, services
from tests.security.a11y import assert_accessible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_holder_pages(client, certificate, trainee, lang):
    client.force_login(trainee)
    for url in (
        f"/{lang}/certificates/",
        f"/{lang}/certificates/{certificate.pk}/name/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_accessible(response)
    response = client.post(f"/{lang}/certificates/{certificate.pk}/name/", {"choice": "own"})
    assert response.status_code == 200
    assert_accessible(response)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_verification_pages(client, certificate, lang):
    pages = [
        (f"/{lang}/certificates/verify/", 200),
        (f"/{lang}/certificates/verify/{certificate.code}/", 200),
        (f"/{lang}/certificates/verify/?code=MDF-0000-0000-0000-0000", 404),
        (f"/{lang}/certificates/verify/?code=nonsense", 200),
    ]
    for url, status in pages:
        response = client.get(url)
        assert response.status_code == status, url
        assert_accessible(response)
    services.revoke(certificate, "Mistake")
    assert_accessible(client.get(f"/{lang}/certificates/verify/{certificate.code}/"))


def test_refused_page(client, certificate, monkeypatch):
    monkeypatch.setattr(ratelimit, "lookup_refused", lambda request: True)
    response = client.get(f"/ar/certificates/verify/{certificate.code}/")
    assert response.status_code == 429
    assert_accessible(response)
