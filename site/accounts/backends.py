"""Authentication backends: Django's and allauth's, reading the session's user together
with what the MFA policy needs (one query per request instead of three).

Every signed-in request reads its user this way, so the statement is built once per
process (and database connection alias, and set of registered requirements) and then run
as raw SQL with the user's id: building the annotated query with the ORM cost more than
running it."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import router

from . import policy

# An id no user has: its place among the compiled query's parameters is where the real
# id goes.
_PLACEHOLDER_ID = -7_340_019
_statements: dict[tuple, tuple[str, list, int]] = {}


def _statement(alias: str) -> tuple[str, list, int]:
    key = (alias, tuple(policy._extra_requirements), tuple(policy._extra_conditions))
    statement = _statements.get(key)
    if statement is None:
        User = get_user_model()
        queryset = policy.users_with_mfa_role(
            User._default_manager.db_manager(alias).filter(pk=_PLACEHOLDER_ID)
        )
        sql, params = queryset.query.sql_with_params()
        params = list(params)
        statement = (sql, params, params.index(_PLACEHOLDER_ID))
        _statements[key] = statement
    return statement


def session_user(user_id):
    """The user with this id and their MFA role, or None."""
    User = get_user_model()
    try:
        user_id = User._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a malformed id in a session is no user
        return None
    alias = router.db_for_read(User)
    sql, params, position = _statement(alias)
    params = list(params)
    params[position] = user_id
    found = list(User._default_manager.db_manager(alias).raw(sql, params))
    if not found:
        return None
    user = found[0]
    policy.remember_mfa_role(user)
    return user


class SessionUserMixin:
    def get_user(self, user_id):
        user = session_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(SessionUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(SessionUserMixin, AllauthBackend):
    pass
