"""Signing in through the browser, shared by the journeys."""

import time

from tests.accounts.factories import PASSPHRASE

LOGIN = "/ar/accounts/login/"
TOTP_CODE = "/ar/accounts/2fa/authenticate/"


def wait_unless_the_code_lasts(seconds):
    """A TOTP code is good for its 30-second window (and one either side, as configured):
    wait for a fresh window rather than type a code that may turn before it arrives."""
    left = 30 - time.time() % 30
    if left < seconds:
        time.sleep(left + 0.2)


def sign_in(page, username, passphrase=PASSPHRASE):
    """Fill and send the sign-in form of the page (username and passphrase)."""
    form = page.locator("main form:has(input[name=login])")
    form.locator("input[name=login]").fill(username)
    form.locator("input[name=password]").fill(passphrase)
    form.locator("button[type=submit]").click()
