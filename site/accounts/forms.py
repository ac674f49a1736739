from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .policy import has_mfa


def _label_passphrase(field, label):
    field.label = label
    field.widget.attrs["placeholder"] = label


class SignupForm(AllauthSignupForm):
    """Username and passphrase; email optional, with a word on why one may leave it out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].help_text = _(
                "Optional. Only used to reset a forgotten passphrase. You can leave it empty."
            )
        _label_passphrase(self.fields["password1"], _("Passphrase"))
        self.fields["password1"].help_text = _(
            "At least 12 characters. A few unrelated words are easy to remember and hard to guess."
        )
        if "password2" in self.fields:
            _label_passphrase(self.fields["password2"], _("Passphrase (again)"))


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_passphrase(self.fields["password"], _("Passphrase"))


class DeleteAccountForm(forms.Form):
    """Typing the passphrase (and, with two-factor authentication on, a code) confirms that
    the person at the keyboard owns the account, not just a signed-in browser."""

    passphrase = forms.CharField(
        label=_("Your current passphrase"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Two-factor code"),
        required=False,
        help_text=_(
            "The six-digit code from your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    MESSAGES = {
        services.DeletionRefused.WRONG_PASSPHRASE: _(
            "This is not your current passphrase. Nothing was deleted."
        ),
        services.DeletionRefused.WRONG_CODE: _(
            "This two-factor code is not valid. Nothing was deleted."
        ),
        services.DeletionRefused.TOO_MANY_ATTEMPTS: _(
            "Too many attempts. Nothing was deleted. Wait 15 minutes, then try again."
        ),
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_code = has_mfa(user)
        if self.needs_code:
            self.fields["code"].required = True
        else:
            del self.fields["code"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.check_deletion_credentials(
                self.user, cleaned.get("passphrase", ""), cleaned.get("code", "")
            )
        except services.DeletionRefused as refused:
            field = "code" if refused.reason == refused.WRONG_CODE else None
            if refused.reason == refused.WRONG_PASSPHRASE:
                field = "passphrase"
            self.add_error(field, self.MESSAGES[refused.reason])
        return cleaned
