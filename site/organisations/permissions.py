"""Who may see what about an association, as named functions, each with the queryset
filter that says the same thing (a test checks that they agree).

- Centre staff (the "Centre staff" group, or a superuser) see every association and every
  member.
- A coordinator sees the reports of the *active* associations they coordinate, and
  individual progress only of members of those associations who chose to share it.
- Everyone else sees no association's report and no one's progress (their own progress is
  shown on their own pages, not through these functions).
"""

from django.db.models import QuerySet

from madafe.accounts.policy import CENTRE_STAFF_GROUP, in_group

from .models import Membership, Organisation, Role


def is_centre_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Asked several times per request: the group names are read once per user object.
    return in_group(user, CENTRE_STAFF_GROUP)


def is_coordinator_of(user, organisation: Organisation) -> bool:
    """Holds the coordinator role in this association (whether or not it is active)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Role.COORDINATOR
    ).exists()


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Associations whose report `user` may open."""
    if is_centre_staff(user):
        return Organisation.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        active=True, memberships__user=user, memberships__role=Role.COORDINATOR
    )


def can_view_organisation_report(user, organisation: Organisation) -> bool:
    if is_centre_staff(user):
        return True
    return organisation.active and is_coordinator_of(user, organisation)


def members_visible_to(user, organisation: Organisation) -> QuerySet[Membership]:
    """Memberships of `organisation` whose individual progress `user` may see."""
    memberships = Membership.objects.filter(organisation=organisation)
    if is_centre_staff(user):
        return memberships
    if can_view_organisation_report(user, organisation):
        return memberships.filter(share_progress=True)
    return Membership.objects.none()


def can_view_member_progress(user, membership: Membership) -> bool:
    if is_centre_staff(user):
        return True
    return membership.share_progress and can_view_organisation_report(user, membership.organisation)
