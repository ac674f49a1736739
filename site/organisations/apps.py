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

        from .services import coordinator_memberships, is_any_coordinator

        register_mfa_requirement(is_any_coordinator, coordinator_memberships)

        # Memberships are personal data: this app says how to export and erase them.
        from madafe.accounts.personal_data import register

        from . import personal_data

        register(
            "organisations",
            title=personal_data.TITLE,
            description=personal_data.DESCRIPTION,
            export=personal_data.export_memberships,
            erase=personal_data.erase_memberships,
            labels=personal_data.LABELS,
        )
