"""This app's part of "Download my data" and "Delete my account" (registered with
madafe.accounts.personal_data from apps.py)."""

from django.utils.translation import gettext_lazy as _

from madafe.accounts.personal_data import Coded

from .models import Membership, Role

TITLE = _("Associations")
DESCRIPTION = _(
    "The associations you joined, your role in each, and whether you let its coordinators "
    "see your progress."
)
LABELS = {
    "association_name_ar": _("Association (Arabic name)"),
    "association_name_en": _("Association (English name)"),
    "role": _("Role"),
    "shares_progress_with_coordinators": _("Coordinators may see your progress"),
    "joined_at": _("Joined"),
}


def export_memberships(user) -> list[dict]:
    rows = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("joined_at", "pk")
    )
    return [
        {
            "association_name_ar": membership.organisation.name_ar,
            "association_name_en": membership.organisation.name_en,
            "role": Coded(membership.role, Role(membership.role).label),
            "shares_progress_with_coordinators": membership.share_progress,
            "joined_at": membership.joined_at,
        }
        for membership in rows
    ]


def erase_memberships(user) -> None:
    """Memberships would also go with the user row (ON DELETE CASCADE); deleting them here
    says so explicitly and does not depend on the order in which erasers run. Associations
    and invite codes are the associations', not the member's: they stay."""
    Membership.objects.filter(user=user).delete()
