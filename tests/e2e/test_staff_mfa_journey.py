"""A staff member and the Wagtail admin, in Arabic: without two-factor authentication the
admin does not open, only the TOTP set-up page does (after allauth asks to confirm the
passphrase once more); with TOTP on, passphrase then code lead to the dashboard. The admin
needs JavaScript: JavaScript on only."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from tests.accounts.factories import PASSPHRASE, UserFactory, activate_totp

from .conftest import wait_for_path
from .signing_in import LOGIN, TOTP_CODE, sign_in, wait_unless_the_code_lasts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REAUTHENTICATE = "/ar/accounts/reauthenticate/"
TOTP_SETUP = "/ar/accounts/2fa/totp/activate/"


def open_admin_and_sign_in(browser_session, page, journey, username):
    page.goto(browser_session.url("/admin/"))
    wait_for_path(page, LOGIN)
    assert parse_qs(urlsplit(page.url).query) == {"next": ["/admin/"]}
    journey.step(page, "admin-asks-to-sign-in")
    sign_in(page, username)


def test_staff_must_set_up_totp_then_reaches_the_admin_with_a_code(
    browser_session, journey, home_page
):
    staff = UserFactory(username="amal", is_staff=True, is_superuser=True)

    # Without MFA: signed in, but sent to the TOTP set-up page instead of the admin.
    page = browser_session.new_page()
    open_admin_and_sign_in(browser_session, page, journey, "amal")
    # Sent to the TOTP set-up page, which (allauth's default, MFA_REAUTHENTICATION_REQUIRED)
    # first asks to confirm the passphrase, even straight after signing in.
    wait_for_path(page, REAUTHENTICATE)
    assert parse_qs(urlsplit(page.url).query) == {"next": [TOTP_SETUP]}
    journey.step(page, "confirm-passphrase-before-totp-setup")
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=password]").fill(PASSPHRASE)
    form.locator("button[type=submit]").click()
    wait_for_path(page, TOTP_SETUP)
    journey.step(page, "totp-setup-required")
    assert page.locator("main input[name=code]").count() == 1
    assert page.locator("#authenticator_secret").input_value()
    # Asking for the admin again changes nothing.
    page.goto(browser_session.url("/admin/"))
    wait_for_path(page, TOTP_SETUP)
    assert "/admin/" not in page.url

    # With TOTP on: password, then a code, then the dashboard. A fresh browser.
    current_code = activate_totp(staff)
    page = browser_session.new_context().new_page()
    open_admin_and_sign_in(browser_session, page, journey, "amal")
    wait_for_path(page, TOTP_CODE)
    journey.step(page, "asks-for-code")
    # Not signed in yet: the admin, opened in another tab, does not open either.
    other_tab = page.context.new_page()
    other_tab.goto(browser_session.url("/admin/"))
    assert urlsplit(other_tab.url).path in (LOGIN, TOTP_CODE)
    other_tab.close()

    form = page.locator("main form:has(input[name=code])")
    wait_unless_the_code_lasts(seconds=5)
    form.locator("input[name=code]").fill(current_code())
    form.locator("button[type=submit]").first.click()
    wait_for_path(page, "/admin/")
    # Wagtail's dashboard, headed with the site name, in Arabic and right-to-left too.
    heading = page.locator("main h1")
    heading.wait_for()
    assert heading.inner_text().strip() == settings.WAGTAIL_SITE_NAME
    journey.step(page, "admin-dashboard", ours=False)
