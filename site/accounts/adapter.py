from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open; nothing about the person is required beyond a username."""

    def is_open_for_signup(self, request):
        return True


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user):
        # The authenticator app shows this label: the username, never an email address.
        return user.get_username()
