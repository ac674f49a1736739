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
    # The number of uses this form showed. Members may use the code while the form is
    # open: if staff leave the number as it was shown, the spent uses stay spent.
    uses_left_shown = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = InviteCode
        fields = ["expires_at", "uses_left"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown = self.instance.uses_left
        self.fields["uses_left_shown"].initial = "" if shown is None else str(shown)

    def _staff_changed_uses(self) -> bool:
        if "uses_left_shown" not in self.data:
            return "uses_left" in self.changed_data
        new = self.cleaned_data.get("uses_left")
        return ("" if new is None else str(new)) != self.cleaned_data.get("uses_left_shown", "")

    def save(self, commit=True):
        instance = super().save(commit=False)
        if commit:
            fields = [name for name in self.changed_data if name == "expires_at"]
            if self._staff_changed_uses():
                fields.append("uses_left")
            if fields:
                instance.save(update_fields=fields)
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
