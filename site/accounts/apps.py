from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "madafe.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The account's own part of "Download my data" and "Delete my account". Every other
        # app that holds personal data registers its part from its own ready().
        from . import account_data, personal_data

        personal_data.register(
            "account",
            title=_("Your account"),
            export=account_data.export_account,
            erase=account_data.erase_account,
            labels=account_data.LABELS,
        )
