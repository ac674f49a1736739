import pytest
from django.test import Client

from .factories import PASSPHRASE, UserFactory

pytestmark = pytest.mark.django_db


def _signed_in_client(username):
    client = Client()
    client.post("/en/accounts/login/", {"login": username, "password": PASSPHRASE})
    assert "_auth_user_id" in client.session
    return client


def test_sign_out_everywhere_ends_other_sessions_only(home_page):
    UserFactory(username="salem")
    phone = _signed_in_client("salem")
    laptop = _signed_in_client("salem")
    other_user = UserFactory(username="huda")
    other = _signed_in_client("huda")

    response = laptop.post("/en/accounts/me/sign-out-everywhere/")
    assert response.status_code == 302

    assert laptop.get("/en/accounts/me/").status_code == 200
    # The phone's session no longer authenticates.
    response = phone.get("/en/accounts/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    # Nobody else is affected.
    assert other.get("/en/accounts/me/").wsgi_request.user == other_user


def test_sign_out_everywhere_needs_post(client, home_page):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/en/accounts/me/sign-out-everywhere/").status_code == 405


def test_account_page_needs_sign_in(client):
    response = client.get("/en/accounts/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
