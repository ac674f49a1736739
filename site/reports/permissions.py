"""Who may see which report, as named functions with the matching queryset filters. The
rules about associations live in `madafe.organisations.permissions`; this module names
them for the report pages and exports, and adds the centre-wide ones.

| function | queryset filter | who |
|---|---|---|
| `can_view_dashboard(user)` | | centre staff, superusers |
| `can_export(user)` | | centre staff, superusers |
| `can_view_association_report(user, org)` | `associations_reported_to(user)` | centre staff: every association; coordinator: their active association |
| `can_view_individual_progress(user, membership)` | `individual_rows_visible_to(user, org)` | centre staff: every member; coordinator: members who share their progress |
"""

from django.db.models import QuerySet

from madafe.organisations import permissions as organisation_permissions
from madafe.organisations.models import Membership, Organisation

is_centre_staff = organisation_permissions.is_centre_staff


def can_view_dashboard(user) -> bool:
    """The centre's dashboard over every association (Wagtail admin)."""
    return is_centre_staff(user)


def can_export(user) -> bool:
    """CSV and HDF5 downloads of the report: the centre's staff only."""
    return is_centre_staff(user)


def can_view_association_report(user, organisation: Organisation) -> bool:
    return organisation_permissions.can_view_organisation_report(user, organisation)


def associations_reported_to(user) -> QuerySet[Organisation]:
    """The associations whose report page `user` may open."""
    return organisation_permissions.organisations_visible_to(user)


def can_view_individual_progress(user, membership: Membership) -> bool:
    return organisation_permissions.can_view_member_progress(user, membership)


def individual_rows_visible_to(user, organisation: Organisation) -> QuerySet[Membership]:
    """The members of `organisation` whose individual progress `user` may see."""
    return organisation_permissions.members_visible_to(user, organisation)
