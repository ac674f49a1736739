"""Who must use two-factor authentication, as named functions."""

from allauth.mfa.utils import is_mfa_enabled

TRAINERS_GROUP = "Trainers"
CENTRE_STAFF_GROUP = "Centre staff"
PRIVILEGED_GROUPS = (TRAINERS_GROUP, CENTRE_STAFF_GROUP)


def mfa_required(user) -> bool:
    """Staff, superusers, trainers and centre staff must have MFA on. Coordinators join
    this list through `madafe.organisations` once it defines the role."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=PRIVILEGED_GROUPS).exists()


def has_mfa(user) -> bool:
    return is_mfa_enabled(user, types=["totp"])


def must_set_up_mfa(user) -> bool:
    return mfa_required(user) and not has_mfa(user)
