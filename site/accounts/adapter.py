import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils.crypto import salted_hmac

# An IPv6 client usually holds a whole /64: counting per address would let it rotate.
IPV6_PREFIX = 64


def client_token(address: str) -> str:
    """A keyed hash standing for the client's address (its /64 network for IPv6). The rate
    limit counters in the shared cache are keyed by it, so the cache never holds an
    address, and the hash cannot be reversed without the secret key."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if isinstance(parsed, ipaddress.IPv6Address):
        address = str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    digest = salted_hmac("madafe.client", address, secret=settings.SECRET_KEY, algorithm="sha256")
    return "c-" + digest.hexdigest()[:32]


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open; nothing about the person is required beyond a username."""

    def is_open_for_signup(self, request):
        return True

    def get_client_ip(self, request) -> str:
        """Everything allauth does with the client's address (rate limits per address) and
        the certificate lookups' limits use this token instead of the address itself."""
        return client_token(super().get_client_ip(request))


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user):
        # The authenticator app shows this label: the username, never an email address.
        return user.get_username()
