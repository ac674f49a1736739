from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        # Attempts and their answers are personal data: this app says how to export and
        # erase them (madafe.accounts never imports this app).
        from madafe.accounts.personal_data import register

        from . import personal_data

        register(
            "quizzes",
            title=personal_data.TITLE,
            description=personal_data.DESCRIPTION,
            export=personal_data.export_attempts,
            erase=personal_data.erase_attempts,
            labels=personal_data.LABELS,
        )
