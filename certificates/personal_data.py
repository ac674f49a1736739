"""This app's part of "Download my data" and "Delete my account": the person's
certificates. Registered with madafe.accounts.personal_data from apps.py; accounts does not
import this app."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madafe.accounts.personal_data import Coded, delete_files_after_commit

from .models import Certificate

TITLE = _("Certificates")
DESCRIPTION = _(
    "Your certificates: their codes, the courses, dates and status, and the name you chose "
    "to show. The PDF and PNG files themselves are on your “My certificates” page."
)
LABELS = {
    "code": _("Code"),
    "course_title_ar": _("Course (Arabic title)"),
    "course_title_en": _("Course (English title)"),
    "track": _("Track"),
    "hours": _("Hours"),
    "issued_at": _("Issued on"),
    "expires_at": _("Valid until"),
    "status": _("Status"),
    "revoked_at": _("Revoked on"),
    "revoked_reason": _("Reason for revocation"),
    "name_choice": _("Name shown"),
    "display_name": _("Name on the certificate"),
    "renewed_at": _("Renewed on"),
    "reissued_at": _("Re-issued on"),
}


def export_certificates(user) -> list[dict]:
    now = timezone.now()
    return [
        {
            "code": certificate.code,
            "course_title_ar": certificate.course_title_ar,
            "course_title_en": certificate.course_title_en,
            "track": certificate.track,
            "hours": float(certificate.hours) if certificate.hours is not None else None,
            "issued_at": certificate.issued_at,
            "expires_at": certificate.expires_at,
            "status": Coded(certificate.state(now), certificate.get_state_display(now)),
            "revoked_at": certificate.revoked_at,
            "revoked_reason": certificate.revoked_reason,
            "name_choice": Coded(certificate.name_choice, certificate.get_name_choice_display()),
            "display_name": certificate.display_name,
            "renewed_at": certificate.renewed_at,
            "reissued_at": certificate.reissued_at,
        }
        for certificate in Certificate.objects.filter(user=user).order_by("issued_at", "pk")
    ]


def erase_certificates(user) -> None:
    """Delete the person's certificates and their stored files. Their codes stop
    verifying: verification then says no certificate has the code."""
    certificates = list(Certificate.objects.filter(user=user).only("pk", "png", "pdf"))
    for certificate in certificates:
        delete_files_after_commit(
            certificate.png.storage, [certificate.png.name, certificate.pdf.name]
        )
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).delete()
