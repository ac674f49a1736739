from django import forms
from django.utils.translation import gettext_lazy as _


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Invite code"),
        max_length=64,
        help_text=_(
            "Letters and digits, as your association gave it. Spaces, dashes and capitals do not matter."
        ),
        error_messages={"required": _("Enter the invite code your association gave you.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "dir": "ltr",
                "inputmode": "text",
            }
        ),
    )


class SharingForm(forms.Form):
    share = forms.TypedChoiceField(
        choices=[("1", _("Share")), ("0", _("Do not share"))],
        coerce=lambda value: value == "1",
    )
