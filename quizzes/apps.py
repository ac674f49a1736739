from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from courses.course_format import register_extension
        from madafe.accounts.personal_data import register

        from . import personal_data, score_counters
        from .course_extension import QuizCourseExtension

        # Attempts deleted with a page: the enrolments' quiz counters are recounted.
        score_counters.connect_signals()

        # quiz.toml in the Markdown course format (import_course / export_course).
        register_extension(QuizCourseExtension())

        # Attempts and their answers are personal data: this app says how to export and
        # erase them (madafe.accounts never imports this app).
        register(
            "quizzes",
            title=personal_data.TITLE,
            description=personal_data.DESCRIPTION,
            export=personal_data.export_attempts,
            erase=personal_data.erase_attempts,
            labels=personal_data.LABELS,
        )
