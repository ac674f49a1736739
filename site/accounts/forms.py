from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.utils.translation import gettext_lazy as _


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
