"""Forms of the Wagtail admin views for centre staff."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import InviteCode, Membership, Organisation, Role


class OrganisationForm(WagtailAdminModelForm):
    class Meta:
        model = Organisation
        fields = ["name_ar", "name_en", "region", "active"]
        labels = {"name_ar": _("Name in Arabic"), "name_en": _("Name in English")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both languages are required: the association's own members read either.
        for name in ("name_ar", "name_en"):
            self.fields[name].required = True


class InviteCodeCreateForm(WagtailAdminModelForm):
    """The code itself is drawn at random when saved; staff choose only its limits."""

    class Meta:
        model = InviteCode
        fields = ["organisation", "expires_at", "uses_left"]

    def clean_uses_left(self):
        uses = self.cleaned_data.get("uses_left")
        if uses == 0:
            raise forms.ValidationError(_("A code must allow at least one use, or no limit."))
        return uses


class InviteCodeEditForm(WagtailAdminModelForm):
    class Meta:
        model = InviteCode
        fields = ["expires_at", "uses_left"]

    def save(self, commit=True):
        # Write only what staff changed: a member may have used the code while the form was
        # open, and saving the stale `uses_left` back would give that use back.
        instance = super().save(commit=False)
        if commit and self.changed_data:
            instance.save(update_fields=self.changed_data)
        return instance


class MembershipForm(WagtailAdminModelForm):
    """Staff change the role only. Consent to share progress is the member's own choice
    and is not in this form."""

    class Meta:
        model = Membership
        fields = ["role"]

    def save(self, commit=True):
        membership = super().save(commit=False)
        if commit:
            if membership.role == Role.COORDINATOR:
                services.make_coordinator(membership)
            else:
                services.unmake_coordinator(membership)
        return membership
