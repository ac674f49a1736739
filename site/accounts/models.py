import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def new_session_epoch() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    """A username is all we need. Email and real name are optional and never shown to
    other users. We store no IP address, user agent or phone number."""

    email = models.EmailField(_("email address (optional)"), blank=True)
    # Part of every session's authentication hash: changing it signs the user out of every
    # session at once (a lost or seized phone), without scanning the session store.
    session_epoch = models.CharField(max_length=32, default=new_session_epoch, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def _get_session_auth_hash(self, secret=None):
        key_salt = "madafe.accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()
