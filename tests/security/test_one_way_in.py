"""There is exactly one sign-in form, allauth's (rate limits, two-factor authentication):
neither Wagtail's admin login nor its front-end login for private pages checks a password."""

import pytest

from tests.accounts.factories import PASSPHRASE, UserFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/login/", "/ar/_util/login/", "/en/_util/login/"])
def test_wagtail_login_forms_sign_nobody_in(client, home_page, path):
    staff = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    activate_totp(staff)
    response = client.post(path, {"username": "staffer", "password": PASSPHRASE})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    # And the admin stays closed.
    assert client.get("/admin/").status_code == 302


def test_front_end_login_keeps_a_local_next_only(client, home_page):
    response = client.get("/ar/_util/login/?next=/ar/courses/")
    assert response["Location"] == "/ar/accounts/login/?next=%2Far%2Fcourses%2F"
    response = client.get("/ar/_util/login/?next=https://elsewhere.example/")
    assert response["Location"] == "/ar/accounts/login/"
