from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_delete

        from courses.signals import course_completed
        from madafe.accounts.personal_data import register

        from . import personal_data, signal_handlers
        from .checks import check_public_address, check_raqm
        from .models import Certificate

        checks.register(check_raqm)
        checks.register(check_public_address, checks.Tags.security, deploy=True)
        course_completed.connect(
            signal_handlers.issue_on_course_completed,
            dispatch_uid="certificates.issue_on_course_completed",
        )
        # Renewal: passing a course's final quiz again. quizzes.signals comes with the
        # quizzes app; until it is merged there is nothing to listen to (renewal is then
        # only available through services.renew_certificate).
        try:
            from quizzes.signals import quiz_passed
        except ImportError:
            quiz_passed = None
        if quiz_passed is not None:
            quiz_passed.connect(
                signal_handlers.renew_on_quiz_passed,
                dispatch_uid="certificates.renew_on_quiz_passed",
            )
        register(
            "certificates",
            title=personal_data.TITLE,
            description=personal_data.DESCRIPTION,
            export=personal_data.export_certificates,
            erase=personal_data.erase_certificates,
            labels=personal_data.LABELS,
        )
        post_delete.connect(
            signal_handlers.delete_files_with_certificate,
            sender=Certificate,
            dispatch_uid="certificates.delete_files_with_certificate",
        )
