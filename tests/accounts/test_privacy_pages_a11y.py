"""The export and deletion pages: accessible without JavaScript and nothing from elsewhere."""

import pytest
from django.conf import settings

from tests.organisations.factories import MembershipFactory
from tests.security.a11y import assert_accessible
from tests.security.foreign_hosts import foreign_urls

from .factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("path", ["accounts/me/data/", "accounts/me/delete/", "accounts/deleted/"])
@pytest.mark.parametrize("mfa", [False, True])
def test_pages_are_accessible_and_load_nothing_from_elsewhere(client, home_page, lang, path, mfa):
    user = UserFactory()
    MembershipFactory(user=user)
    if mfa:
        activate_totp(user)
    client.force_login(user)
    response = client.get(f"/{lang}/{path}")
    assert response.status_code == 200
    assert_accessible(response)
    assert foreign_urls(response.content.decode(), {settings.MADAFE_QUICK_EXIT_URL}) == []


def test_deletion_form_with_errors_is_accessible(client, home_page):
    user = UserFactory()
    activate_totp(user)
    client.force_login(user)
    response = client.post("/ar/accounts/me/delete/", {"passphrase": "x", "code": "1"})
    assert response.status_code == 200
    assert_accessible(response)
    assert 'role="alert"' in response.content.decode()
