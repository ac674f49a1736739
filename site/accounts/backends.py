"""Authentication backends: Django's and allauth's, reading the session's user together
with what the MFA policy needs (one query per request instead of three)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from . import policy


class SessionUserMixin:
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = policy.users_with_mfa_role(User._default_manager.all()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        policy.remember_mfa_role(user)
        return user if self.user_can_authenticate(user) else None


class ModelBackend(SessionUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(SessionUserMixin, AllauthBackend):
    pass
