"""Wagtail admin for centre staff: associations, their invite codes, and memberships (where
staff give or take the coordinator role). Access follows Django model permissions, which
the "Centre staff" group receives in migration 0002; trainers have none of them."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_forms import InviteCodeCreateForm, InviteCodeEditForm, MembershipForm, OrganisationForm
from .models import InviteCode, Membership, Organisation


class MembershipPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds a member from the admin: people join themselves, with a code."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Membership, MembershipPermissionPolicy(Membership))


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Associations")
    copy_view_enabled = False
    # No reference index: it would add writes to every join, for no use here.
    add_to_reference_index = False
    list_display = ["name", "region", "active", "public_id"]
    list_filter = ["region", "active"]
    search_fields = ["name_ar", "name_en", "public_id"]

    def get_form_class(self, for_update=False):
        return OrganisationForm


class InviteCodeViewSet(ModelViewSet):
    model = InviteCode
    icon = "key"
    menu_label = _("Invite codes")
    copy_view_enabled = False
    # No reference index: it would add writes to every join, for no use here.
    add_to_reference_index = False
    list_display = ["display_code", "organisation", "expires_at", "uses_left", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["code"]

    def get_form_class(self, for_update=False):
        return InviteCodeEditForm if for_update else InviteCodeCreateForm


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    copy_view_enabled = False
    # No reference index: it would add writes to every join, for no use here.
    add_to_reference_index = False
    list_display = ["user", "organisation", "role", "share_progress", "joined_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username"]

    def get_form_class(self, for_update=False):
        return MembershipForm


class PartnerAssociationsGroup(ModelViewSetGroup):
    menu_label = _("Partner associations")
    menu_icon = "group"
    items = (
        OrganisationViewSet("associations"),
        InviteCodeViewSet("invite_codes"),
        MembershipViewSet("memberships"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PartnerAssociationsGroup()
