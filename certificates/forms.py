from django import forms
from django.utils.translation import gettext_lazy as _

from . import codes
from .models import Certificate
from .services import clean_display_name

NAME_CHOICES = [
    (Certificate.NameChoice.OWN, _("My name, as I type it below")),
    (Certificate.NameChoice.PSEUDONYM, _("A pseudonym, as I type it below")),
    (
        Certificate.NameChoice.NONE,
        _("No name: the certificate says “the holder of this certificate”"),
    ),
]


class NameChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("What name should the certificate show?"),
        choices=NAME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the certificate shows.")},
    )
    name = forms.CharField(
        label=_("Name to show"),
        max_length=120,
        required=False,
        help_text=_(
            "Anyone who has the certificate's code can see this name. Leave it empty if you "
            "chose no name."
        ),
    )

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        name = clean_display_name(data.get("name") or "")
        if choice in (Certificate.NameChoice.OWN, Certificate.NameChoice.PSEUDONYM) and not name:
            self.add_error("name", _("Type the name to show, or choose “No name”."))
        data["name"] = name if choice != Certificate.NameChoice.NONE else ""
        return data


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=60,
        help_text=_(
            "For example MDF-7K3Q-9XWP-2HTN-4M0A. Capitals, dashes and spaces do not matter."
        ),
        error_messages={"required": _("Type the code printed on the certificate.")},
    )

    def clean_code(self):
        code = codes.normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("This is not a certificate code: a code has 16 letters and digits after MDF.")
            )
        return code


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept for the record; verification shows only that it is revoked."),
        error_messages={"required": _("Give the reason for revoking this certificate.")},
    )
