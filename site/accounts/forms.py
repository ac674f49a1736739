from allauth.account.forms import SignupForm as AllauthSignupForm
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """Username and passphrase; email optional, with a word on why one may leave it out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].help_text = _(
                "Optional. Only used to reset a forgotten passphrase. You can leave it empty."
            )
        self.fields["password1"].help_text = _(
            "At least 12 characters. A few unrelated words are easy to remember and hard to guess."
        )
