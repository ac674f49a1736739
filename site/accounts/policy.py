"""Who must use two-factor authentication, as named functions."""

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled

TRAINERS_GROUP = "Trainers"
CENTRE_STAFF_GROUP = "Centre staff"
PRIVILEGED_GROUPS = (TRAINERS_GROUP, CENTRE_STAFF_GROUP)

_GROUPS_CACHE = "_madafe_group_names"


def group_names(user) -> frozenset[str]:
    """The names of the user's groups, read once per user object (so once per request:
    the admin menu, the MFA policy and the permission functions all ask)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    names = getattr(user, _GROUPS_CACHE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _GROUPS_CACHE, names)
    return names


def in_group(user, *names: str) -> bool:
    """Whether the user belongs to any of the named groups."""
    return not group_names(user).isdisjoint(names)


# Other apps add roles that need MFA without this app importing them: each function takes
# an authenticated user and says whether their role requires MFA. `madafe.organisations`
# registers "coordinates an association" from its AppConfig.ready().
_extra_requirements: list[Callable] = []


def register_mfa_requirement(requirement: Callable) -> Callable:
    """Add a function `requirement(user) -> bool`; usable as a decorator. Registering the
    same function twice has no effect."""
    if requirement not in _extra_requirements:
        _extra_requirements.append(requirement)
    return requirement


def mfa_required(user) -> bool:
    """Staff, superusers, trainers and centre staff must have MFA on, and anyone an
    installed app's registered requirement names (coordinators of an association)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if in_group(user, *PRIVILEGED_GROUPS):
        return True
    return any(requirement(user) for requirement in _extra_requirements)


def has_mfa(user) -> bool:
    return is_mfa_enabled(user, types=["totp"])


def must_set_up_mfa(user) -> bool:
    return mfa_required(user) and not has_mfa(user)
