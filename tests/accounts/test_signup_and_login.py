import pytest
from django.contrib.auth import get_user_model

from .factories import PASSPHRASE, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_with_username_and_passphrase_only(client, home_page):
    response = client.post(
        "/en/accounts/signup/",
        {"username": "amal", "password1": PASSPHRASE, "password2": PASSPHRASE},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="amal")
    assert user.email == ""
    assert user.first_name == "" and user.last_name == ""
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_signup_form_marks_email_optional(client):
    page = client.get("/en/accounts/signup/").content.decode()
    assert 'name="username"' in page
    assert 'name="email"' in page
    start = page.index('name="email"')
    email_input = page[page.rindex("<input", 0, start) : page.index(">", start)]
    assert "required" not in email_input
    username_input = page[page.rindex("<input", 0, page.index('name="username"')) :]
    assert "required" in username_input[: username_input.index(">")]


def test_short_passphrase_is_refused(client):
    response = client.post(
        "/en/accounts/signup/",
        {"username": "amal", "password1": "short-pass1", "password2": "short-pass1"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert not get_user_model().objects.filter(username="amal").exists()


def test_common_passphrase_is_refused(client):
    response = client.post(
        "/en/accounts/signup/",
        {"username": "amal", "password1": "password1234", "password2": "password1234"},
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="amal").exists()


def test_sign_in_and_sign_out(client, home_page):
    UserFactory(username="salem")
    response = client.post("/en/accounts/login/", {"login": "salem", "password": PASSPHRASE})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(username="salem")
    pages = []
    for _ in range(6):
        response = client.post("/en/accounts/login/", {"login": "salem", "password": "wrong" * 4})
        pages.append(response.content.decode())
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right passphrase does not get in until the window has passed.
    response = client.post("/en/accounts/login/", {"login": "salem", "password": PASSPHRASE})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
