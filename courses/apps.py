from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Enrolments and completed steps are personal data: this app says how to export
        # and erase them. madafe.accounts is below every app, so importing its registry
        # keeps the dependencies one way.
        from madafe.accounts.personal_data import register

        from . import outline_counters, page_cache, personal_data

        page_cache.connect_signals()
        outline_counters.connect_signals()

        register(
            "courses",
            title=personal_data.TITLE,
            description=personal_data.DESCRIPTION,
            export=personal_data.export_learning,
            erase=personal_data.erase_learning,
            labels=personal_data.LABELS,
        )
