from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from courses.course_format import register_extension

        from .course_extension import QuizCourseExtension

        # quiz.toml in the Markdown course format (import_course / export_course).
        register_extension(QuizCourseExtension())
