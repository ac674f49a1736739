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

        from . import signal_handlers
        from .checks import check_raqm
        from .models import Certificate

        checks.register(check_raqm)
        course_completed.connect(
            signal_handlers.issue_on_course_completed,
            dispatch_uid="certificates.issue_on_course_completed",
        )
        post_delete.connect(
            signal_handlers.delete_files_with_certificate,
            sender=Certificate,
            dispatch_uid="certificates.delete_files_with_certificate",
        )
