"""Joining, leaving, consent and roles: every change to a membership goes through here."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import InviteCode, Membership, Organisation, Role, normalise_invite_code

# Failed codes a user may try per window before joining is paused for them (a code has
# about 59 bits, so this is about noise and mistakes, not the code's strength).
JOIN_FAILURES_ALLOWED = 10
JOIN_FAILURE_WINDOW_SECONDS = 60 * 60


class JoinError(Exception):
    """Why a code did not let someone join; `message` is the sentence shown to them."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    INACTIVE = "inactive"
    TOO_MANY_ATTEMPTS = "too_many_attempts"

    MESSAGES = {
        UNKNOWN: _(
            "No association uses this invite code. Check the code and try again, or ask "
            "your association for a new one."
        ),
        EXPIRED: _("This invite code has expired. Ask your association for a new one."),
        USED_UP: _(
            "This invite code has been used as many times as it allows. Ask your "
            "association for a new one."
        ),
        INACTIVE: _("This association is not accepting new members at the moment."),
        TOO_MANY_ATTEMPTS: _("Too many invite codes did not work. Wait an hour, then try again."),
    }

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self):
        return self.MESSAGES[self.reason]


@dataclass(frozen=True)
class JoinResult:
    membership: Membership
    created: bool


def _failure_key(user) -> str:
    return f"organisations:join-failures:{user.pk}"


def _record_failure(user) -> None:
    key = _failure_key(user)
    if not cache.add(key, 1, JOIN_FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, JOIN_FAILURE_WINDOW_SECONDS)


def join_by_code(user, raw_code: str) -> JoinResult:
    """Make `user` a member of the association whose invite code they typed.

    Joining an association one already belongs to changes nothing and uses no code. The
    code's row is locked for the whole transaction, so its remaining uses are counted
    exactly however many people join at once; a conditional update and the column's
    non-negative constraint stand behind the lock."""
    if cache.get(_failure_key(user), 0) >= JOIN_FAILURES_ALLOWED:
        raise JoinError(JoinError.TOO_MANY_ATTEMPTS)
    try:
        return _join(user, normalise_invite_code(raw_code))
    except JoinError as error:
        if error.reason == JoinError.UNKNOWN:
            _record_failure(user)
        raise


@transaction.atomic
def _join(user, code: str) -> JoinResult:
    if not code:
        raise JoinError(JoinError.UNKNOWN)
    invite = (
        InviteCode.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(code=code)
        .first()
    )
    if invite is None:
        raise JoinError(JoinError.UNKNOWN)
    organisation = invite.organisation
    if not organisation.active:
        raise JoinError(JoinError.INACTIVE)
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None:
        return JoinResult(existing, created=False)
    if invite.is_expired():
        raise JoinError(JoinError.EXPIRED)
    if invite.is_used_up:
        raise JoinError(JoinError.USED_UP)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organisation=organisation)
    except IntegrityError:
        # The same person joined through another code of this association at this moment.
        return JoinResult(Membership.objects.get(user=user, organisation=organisation), False)
    if invite.uses_left is not None:
        updated = InviteCode.objects.filter(pk=invite.pk, uses_left__gt=0).update(
            uses_left=F("uses_left") - 1
        )
        if not updated:
            raise JoinError(JoinError.USED_UP)  # rolls the membership back with it
    return JoinResult(membership, created=True)


def memberships_of(user):
    """The user's own memberships, with their associations, for their own page."""
    return Membership.objects.filter(user=user).select_related("organisation")


def get_own_membership(user, public_id: str) -> Membership | None:
    return memberships_of(user).filter(organisation__public_id=public_id).first()


def leave(membership: Membership) -> None:
    """End a membership. A coordinator who leaves stops being coordinator with it."""
    Membership.objects.filter(pk=membership.pk).delete()


def set_share_progress(membership: Membership, share: bool) -> Membership:
    """The member's own choice: may the association's coordinators see their progress?"""
    Membership.objects.filter(pk=membership.pk).update(share_progress=share)
    membership.share_progress = share
    return membership


def set_role(membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    Membership.objects.filter(pk=membership.pk).update(role=role)
    membership.role = role
    return membership


def make_coordinator(membership: Membership) -> Membership:
    """Coordinators must use two-factor authentication: from their next request the site
    sends them to set it up (see madafe.organisations.apps)."""
    return set_role(membership, Role.COORDINATOR)


def unmake_coordinator(membership: Membership) -> Membership:
    return set_role(membership, Role.MEMBER)


def coordinator_memberships(user):
    """The user's coordinator memberships (`user` may be an OuterRef in a subquery)."""
    return Membership.objects.filter(user=user, role=Role.COORDINATOR)


def is_any_coordinator(user) -> bool:
    """Whether the user coordinates at least one association (active or not)."""
    return coordinator_memberships(user).exists()


def create_invite_code(
    organisation: Organisation, *, expires_at=None, uses_left: int | None = None
) -> InviteCode:
    return InviteCode.objects.create(
        organisation=organisation, expires_at=expires_at, uses_left=uses_left
    )
