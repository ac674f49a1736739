"""Account-level actions a trainee takes on their own account."""

from django.contrib.auth import update_session_auth_hash
from django.core.cache import cache
from django.db import transaction

from . import personal_data
from .models import new_session_epoch
from .policy import has_mfa


def sign_out_other_sessions(request) -> None:
    """End every session of this user except the one making the request."""
    user = request.user
    user.session_epoch = new_session_epoch()
    user.save(update_fields=["session_epoch"])
    update_session_auth_hash(request, user)


# --- Deleting one's own account -----------------------------------------------------------

# The deletion form checks the passphrase (and the two-factor code): someone holding a
# signed-in phone must not be able to use it to guess the passphrase. Counted per user, on
# the shared cache, like allauth's sign-in limits.
DELETION_ATTEMPTS_ALLOWED = 5
DELETION_WINDOW_SECONDS = 15 * 60


class DeletionRefused(Exception):
    """Why the deletion form did not delete; `reason` is one of the constants below."""

    WRONG_PASSPHRASE = "wrong_passphrase"  # noqa: S105 (a reason, not a password)
    WRONG_CODE = "wrong_code"
    TOO_MANY_ATTEMPTS = "too_many_attempts"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _deletion_attempts_key(user) -> str:
    return f"accounts:deletion-attempts:{user.pk}"


def deletion_attempts_left(user) -> int:
    return max(0, DELETION_ATTEMPTS_ALLOWED - cache.get(_deletion_attempts_key(user), 0))


def _record_deletion_attempt(user) -> None:
    key = _deletion_attempts_key(user)
    if not cache.add(key, 1, DELETION_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, DELETION_WINDOW_SECONDS)


def _valid_mfa_code(user, code: str) -> bool:
    """A current TOTP code, or one unused recovery code (which is then spent)."""
    from allauth.mfa.models import Authenticator

    code = (code or "").strip().replace(" ", "")
    if not code:
        return False
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).order_by("type"):
        if authenticator.wrap().validate_code(code):
            return True
    return False


def check_deletion_credentials(user, passphrase: str, code: str = "") -> None:
    """Raise DeletionRefused unless `passphrase` is the user's (and, when they use two-factor
    authentication, `code` is a current or recovery code). At most DELETION_ATTEMPTS_ALLOWED
    attempts per user in DELETION_WINDOW_SECONDS; past that even the right answer is refused
    until the window ends, so the form cannot be used to guess."""
    if deletion_attempts_left(user) <= 0:
        raise DeletionRefused(DeletionRefused.TOO_MANY_ATTEMPTS)
    _record_deletion_attempt(user)
    if not passphrase or not user.check_password(passphrase):
        raise DeletionRefused(DeletionRefused.WRONG_PASSPHRASE)
    if has_mfa(user) and not _valid_mfa_code(user, code):
        raise DeletionRefused(DeletionRefused.WRONG_CODE)


def delete_account(user) -> None:
    """Delete the user and everything every app holds about them, for real, in one
    transaction; stored files are removed after it commits."""
    with transaction.atomic():
        personal_data.erase(user)
