from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "madafe.organisations"
    label = "organisations"
    verbose_name = _("Partner associations")

    def ready(self):
        # Coordinators must use two-factor authentication. accounts does not know this app:
        # the requirement is registered with its policy instead.
        from madafe.accounts.policy import register_mfa_requirement

        from .services import is_any_coordinator

        register_mfa_requirement(is_any_coordinator)
