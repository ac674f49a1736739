"""Who must use two-factor authentication, as named functions."""

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Exists, OuterRef

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
# The same requirements as conditions on a user queryset: `condition(user_ref)` returns a
# queryset of rows that exist when the user (`OuterRef` to the user's pk) meets it.
_extra_conditions: dict[Callable, Callable] = {}

# Set on a user read by `users_with_mfa_role` (the session's user, see
# madafe.accounts.backends): whether a group or a registered requirement needs MFA, read in
# the same query as the user, so the check on every request costs no query of its own.
MFA_ROLE_ATTR = "_madafe_mfa_role"


def register_mfa_requirement(requirement: Callable, condition: Callable | None = None) -> Callable:
    """Add a function `requirement(user) -> bool`; usable as a decorator. With
    `condition(user_ref) -> QuerySet` (rows exist when the user meets the requirement) the
    requirement is also read together with the signed-in user, in one query. Registering
    the same function twice has no effect."""
    if requirement not in _extra_requirements:
        _extra_requirements.append(requirement)
    if condition is not None:
        _extra_conditions[requirement] = condition
    return requirement


def users_with_mfa_role(queryset):
    """`queryset` (of users) with each user's MFA role read in the same query: one EXISTS
    per requirement. Unchanged when a registered requirement has no condition."""
    from django.contrib.auth.models import Group

    if any(r not in _extra_conditions for r in _extra_requirements):
        return queryset
    user = OuterRef("pk")
    annotations = {
        "_madafe_mfa_group": Exists(Group.objects.filter(user=user, name__in=PRIVILEGED_GROUPS))
    }
    for number, requirement in enumerate(_extra_requirements):
        annotations[f"_madafe_mfa_extra_{number}"] = Exists(_extra_conditions[requirement](user))
    return queryset.annotate(**annotations)


def remember_mfa_role(user) -> None:
    """After reading a user through `users_with_mfa_role`: keep the answer on the object."""
    names = ["_madafe_mfa_group"] + [
        f"_madafe_mfa_extra_{number}" for number in range(len(_extra_requirements))
    ]
    if all(hasattr(user, name) for name in names):
        setattr(user, MFA_ROLE_ATTR, any(getattr(user, name) for name in names))


def mfa_required(user) -> bool:
    """Staff, superusers, trainers and centre staff must have MFA on, and anyone an
    installed app's registered requirement names (coordinators of an association)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    role = getattr(user, MFA_ROLE_ATTR, None)
    if role is not None:
        return role
    if in_group(user, *PRIVILEGED_GROUPS):
        return True
    return any(requirement(user) for requirement in _extra_requirements)


def has_mfa(user) -> bool:
    return is_mfa_enabled(user, types=["totp"])


def must_set_up_mfa(user) -> bool:
    return mfa_required(user) and not has_mfa(user)
