"""A new trainee, in Arabic, with JavaScript on and off: sign up with a username and a
passphrase only, land signed in, open "My account", sign out, sign back in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from tests.accounts.factories import PASSPHRASE

from .conftest import wait_for_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ACCOUNT = "/ar/accounts/me/"
LOGIN = "/ar/accounts/login/"
LOGOUT = "/ar/accounts/logout/"


def nav_link(page, href):
    return page.locator(f'.site-nav a[href="{href}"]')


def assert_signed_in(page):
    assert nav_link(page, ACCOUNT).count() == 1, f"not signed in on {page.url}"
    assert nav_link(page, LOGIN).count() == 0


def assert_signed_out(page):
    assert nav_link(page, LOGIN).count() == 1, f"still signed in on {page.url}"
    assert nav_link(page, ACCOUNT).count() == 0


@pytest.mark.parametrize("js_enabled", [True, False], ids=["js-on", "js-off"])
def test_trainee_signs_up_signs_out_and_back_in(browser_session, journey, home_page, js_enabled):
    page = browser_session.new_page()
    username = "salma-" + ("js" if js_enabled else "nojs")

    page.goto(browser_session.url("/ar/"))
    journey.step(page, "home")
    assert_signed_out(page)

    # Sign up: a username and a passphrase, nothing else.
    nav_link(page, "/ar/accounts/signup/").click()
    wait_for_path(page, "/ar/accounts/signup/")
    signup = page.locator("main form:has(input[name=password1])")
    assert signup.locator("input[name=email]").get_attribute("required") is None
    signup.locator("input[name=username]").fill(username)
    signup.locator("input[name=password1]").fill(PASSPHRASE)
    signup.locator("input[name=password2]").fill(PASSPHRASE)
    journey.step(page, "signup-form")
    signup.locator("button[type=submit]").click()

    # Lands signed in, on the Arabic home page.
    wait_for_path(page, "/ar/")
    journey.step(page, "signed-up")
    assert_signed_in(page)
    user = get_user_model().objects.get(username=username)
    assert user.email == ""

    # My account.
    nav_link(page, ACCOUNT).click()
    wait_for_path(page, ACCOUNT)
    journey.step(page, "my-account")
    assert page.locator("main h1").count() == 1
    assert page.locator("main bdi").first.inner_text() == username

    # Sign out (allauth asks for confirmation: a form, so it works without JavaScript).
    nav_link(page, LOGOUT).click()
    wait_for_path(page, LOGOUT)
    journey.step(page, "sign-out-confirm")
    page.locator(f'main form[action="{LOGOUT}"] button[type=submit]').click()
    wait_for_path(page, "/ar/")
    journey.step(page, "signed-out")
    assert_signed_out(page)

    # The account page is closed now; signing in from there leads back to it.
    page.goto(browser_session.url(ACCOUNT))
    wait_for_path(page, LOGIN)
    assert parse_qs(urlsplit(page.url).query) == {"next": [ACCOUNT]}
    journey.step(page, "sign-in-form")
    login = page.locator("main form:has(input[name=login])")
    login.locator("input[name=login]").fill(username)
    login.locator("input[name=password]").fill(PASSPHRASE)
    login.locator("button[type=submit]").click()
    wait_for_path(page, ACCOUNT)
    journey.step(page, "signed-in-again")
    assert_signed_in(page)
    assert page.locator("main bdi").first.inner_text() == username
