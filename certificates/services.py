"""Certificates: issuing, rendering and storing, the holder's name choice, verification,
revocation, re-issue, expiry and renewal, archives for staff."""

import calendar
import csv
import io
import logging
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import CoursePage

from . import codes, rendering
from .models import Certificate, CertificateTemplate, CourseTemplateAssignment, default_template

logger = logging.getLogger(__name__)

# Characters that could reorder or hide text around a typed name (bidi overrides and
# isolates, zero-width marks), and control characters.
_UNSAFE_NAME_CHARS = dict.fromkeys(
    [
        *range(0x00, 0x20),
        0x7F,
        0x200B,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0xFEFF,
    ]
)


class CertificateError(Exception):
    """An action that does not apply to this certificate in its current state."""


# --- Dates ---------------------------------------------------------------------------------


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus whole calendar months; the 31st becomes the last day of a shorter
    month."""
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def expiry_for(course: CoursePage | None, start: datetime) -> datetime | None:
    months = getattr(course, "certificate_validity_months", 0) or 0
    return add_months(start, months) if months > 0 else None


# --- Templates and what goes on the certificate -------------------------------------------


def template_for(course: CoursePage | None) -> CertificateTemplate:
    """The template chosen for this course, or the default one."""
    if course is not None:
        assignment = (
            CourseTemplateAssignment.objects.select_related("template")
            .filter(course=course)
            .first()
        )
        if assignment is not None:
            return assignment.template
    return default_template()


def track_labels(track: str) -> tuple[str, str]:
    """The track's name in Arabic and in English, from the course model's choices."""
    if not track:
        return "", ""
    choices = dict(CoursePage._meta.get_field("track").flatchoices)
    label = choices.get(track)
    if label is None:
        return track, track
    with translation.override("ar"):
        arabic = str(label)
    with translation.override("en"):
        english = str(label)
    return arabic, english


def freeze_course(certificate: Certificate, course: CoursePage) -> None:
    """Copy what the certificate says about the course, in both languages."""
    title_ar = getattr(course, "title_ar", None) or course.title
    title_en = getattr(course, "title_en", None) or title_ar
    certificate.course_title_ar = title_ar
    certificate.course_title_en = title_en
    certificate.track = getattr(course, "track", "") or ""
    certificate.hours = getattr(course, "estimated_hours", None)


def verification_path(code: str) -> str:
    with translation.override("ar"):
        return reverse("certificates:verify_code", args=[code])


def verification_url(code: str) -> str:
    """The address in the QR code: the public verification page, in Arabic."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + verification_path(code)


def certificate_data(certificate: Certificate) -> rendering.CertificateData:
    template = certificate.template or template_for(certificate.course)
    track_ar, track_en = track_labels(certificate.track)
    return rendering.CertificateData(
        holder_name=certificate.shown_name,
        course_title_ar=certificate.course_title_ar,
        course_title_en=certificate.course_title_en,
        track_ar=track_ar,
        track_en=track_en,
        hours=certificate.hours,
        issued_on=timezone.localdate(certificate.issued_at),
        expires_on=timezone.localdate(certificate.expires_at) if certificate.expires_at else None,
        code=certificate.code,
        verification_url=verification_url(certificate.code),
        template=template.values(),
    )


# --- Rendering and storing -------------------------------------------------------------------


def render_files(certificate: Certificate) -> Certificate:
    """Draw the certificate and store its PNG and PDF (default storage), replacing the
    previous files. The row is locked meanwhile, so two changes at once cannot leave it
    pointing at a deleted file."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        result = rendering.render(certificate_data(locked))
        old_names = [name for name in (locked.png.name, locked.pdf.name) if name]
        locked.png.save("certificate.png", ContentFile(result.png), save=False)
        locked.pdf.save("certificate.pdf", ContentFile(result.pdf), save=False)
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["png", "pdf", "rendered_at"])
        if old_names:
            storage = locked.png.storage
            transaction.on_commit(lambda: _delete_files(storage, old_names))
    return locked


def _delete_files(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete an old certificate file")


def ensure_files(certificate: Certificate) -> Certificate:
    """The certificate with its files, rendering them if they are missing (for instance if
    rendering failed when it was issued)."""
    if certificate.png and certificate.pdf:
        storage = certificate.png.storage
        if storage.exists(certificate.png.name) and storage.exists(certificate.pdf.name):
            return certificate
    return render_files(certificate)


# --- Issuing ---------------------------------------------------------------------------------


def issue_certificate(user, course: CoursePage) -> tuple[Certificate, bool]:
    """The certificate of `user` for `course`, issued now if there is none yet (a row; its
    files are drawn once the holder has chosen how their name appears). Safe under
    concurrency: the database keeps at most one valid certificate per (user, course), and
    a second caller gets the first one. A revoked certificate is returned as it is: issuing
    never quietly replaces a revocation."""
    existing = Certificate.objects.filter(user=user, course=course).order_by("-pk").first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    for _attempt in range(5):
        certificate = Certificate(
            user=user,
            course=course,
            code=codes.generate_code(),
            issued_at=now,
            expires_at=expiry_for(course, now),
            template=template_for(course),
        )
        freeze_course(certificate, course)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            existing = Certificate.objects.filter(user=user, course=course).order_by("-pk").first()
            if existing is not None:
                return existing, False
            continue  # the rare code collision: draw another code
        break
    else:  # pragma: no cover - five 80-bit collisions in a row
        raise CertificateError("could not draw a unique certificate code")
    # No files yet: the holder chooses how their name appears before the first download,
    # and that choice draws them (`choose_name`); a download or an archive draws whatever
    # is missing (`ensure_files`). Drawing here would be thrown away, and it made the quiz
    # submission that completes a course slower by the time of a PNG and a PDF.
    return certificate, True


# --- The holder's name -----------------------------------------------------------------------


def clean_display_name(name: str) -> str:
    return " ".join(name.translate(_UNSAFE_NAME_CHARS).split())[:120]


def choose_name(certificate: Certificate, choice: str, name: str = "") -> Certificate:
    """Set the name the certificate shows: the holder's own name as they typed it, a
    pseudonym, or none. Same code, same date; the files are drawn again only when what
    they show changes."""
    if choice not in (
        Certificate.NameChoice.OWN,
        Certificate.NameChoice.PSEUDONYM,
        Certificate.NameChoice.NONE,
    ):
        raise CertificateError("unknown name choice")
    name = clean_display_name(name) if choice != Certificate.NameChoice.NONE else ""
    if choice != Certificate.NameChoice.NONE and not name:
        raise CertificateError("a name is needed")
    before = certificate.shown_name
    Certificate.objects.filter(pk=certificate.pk).update(name_choice=choice, display_name=name)
    certificate.name_choice = choice
    certificate.display_name = name
    if certificate.shown_name != before or not (certificate.png and certificate.pdf):
        certificate = render_files(certificate)
    return certificate


# --- Verification ----------------------------------------------------------------------------


def find_by_code(text: str | None) -> Certificate | None:
    code = codes.normalise_code(text)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()


@dataclass(frozen=True)
class Verification:
    """Everything the public verification page may show, and nothing more."""

    state: str  # "valid", "revoked" or "expired"
    state_label: str
    course_title: str
    issued_on: object
    shown_name: str | None


def verification(certificate: Certificate, now=None) -> Verification:
    return Verification(
        state=certificate.state(now),
        state_label=str(certificate.get_state_display(now)),
        course_title=certificate.course_title,
        issued_on=timezone.localdate(certificate.issued_at),
        shown_name=certificate.shown_name,
    )


# --- Staff actions -----------------------------------------------------------------------------


def revoke(certificate: Certificate, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise CertificateError("a reason is needed")
    if certificate.status == Certificate.Status.REVOKED:
        raise CertificateError("already revoked")
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_reason = reason
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["status", "revoked_reason", "revoked_at"])
    return certificate


def reinstate(certificate: Certificate) -> Certificate:
    """Make a revoked certificate valid again (the reason is kept for the record)."""
    if certificate.status != Certificate.Status.REVOKED:
        raise CertificateError("not revoked")
    certificate.status = Certificate.Status.VALID
    certificate.revoked_at = None
    try:
        with transaction.atomic():
            certificate.save(update_fields=["status", "revoked_at"])
    except IntegrityError as error:
        certificate.status = Certificate.Status.REVOKED
        raise CertificateError(
            "the holder already has a valid certificate for this course"
        ) from error
    return certificate


def reissue(certificate: Certificate) -> Certificate:
    """After a course change: take the course's current titles, track, hours and template,
    and draw the files again. Same code, same issue date, same name choice."""
    if certificate.course is None:
        raise CertificateError("the course no longer exists")
    course = certificate.course
    freeze_course(certificate, course)
    certificate.template = template_for(course)
    certificate.reissued_at = timezone.now()
    certificate.save(
        update_fields=[
            "course_title_ar",
            "course_title_en",
            "track",
            "hours",
            "template",
            "reissued_at",
        ]
    )
    return render_files(certificate)


def renew_certificate(user, course: CoursePage, when: datetime | None = None) -> Certificate | None:
    """Passing the course's final quiz again renews its certificate: it is valid for the
    course's validity period from `when`. Revoked certificates are not renewed; a course
    whose certificates never expire has nothing to renew. The files (if drawn already) are
    drawn again only if the printed expiry date changes."""
    when = when or timezone.now()
    certificate = Certificate.objects.valid().filter(user=user, course=course).first()
    if certificate is None:
        return None
    new_expiry = expiry_for(course, when)
    if new_expiry is None:
        return None
    if certificate.expires_at is not None and timezone.localdate(new_expiry) <= timezone.localdate(
        certificate.expires_at
    ):
        return certificate
    certificate.expires_at = new_expiry
    certificate.renewed_at = when
    certificate.save(update_fields=["expires_at", "renewed_at"])
    # Files not drawn yet will be drawn with the new date when they are first needed.
    return render_files(certificate) if certificate.png else certificate


def write_archive(certificates, target) -> int:
    """Write a ZIP of `certificates` to the binary file `target`: a PDF and a PNG per
    certificate, named by code, and a CSV list (code, course, name shown, dates, state; no
    username). Returns how many certificates it holds."""
    certificates = list(certificates.order_by("issued_at", "pk"))
    listing = io.StringIO()
    writer = csv.writer(listing)
    writer.writerow(
        ["code", "course_ar", "course_en", "name_shown", "issued_on", "expires_on", "state"]
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            certificate = ensure_files(certificate)
            for field, extension in ((certificate.pdf, "pdf"), (certificate.png, "png")):
                with field.open("rb") as handle:
                    archive.writestr(f"{certificate.code}.{extension}", handle.read())
            writer.writerow(
                [
                    certificate.code,
                    certificate.course_title_ar,
                    certificate.course_title_en,
                    certificate.shown_name or "",
                    timezone.localdate(certificate.issued_at).isoformat(),
                    timezone.localdate(certificate.expires_at).isoformat()
                    if certificate.expires_at
                    else "",
                    certificate.state(),
                ]
            )
        archive.writestr(
            "certificates.csv", listing.getvalue().encode("utf-8-sig"), zipfile.ZIP_DEFLATED
        )
    return len(certificates)


def write_course_archive(course: CoursePage, target) -> int:
    """Every certificate of `course` that is not revoked (valid or expired)."""
    return write_archive(Certificate.objects.valid().filter(course=course), target)


def write_association_archive(organisation, target) -> int:
    """Every certificate (not revoked) held by a member of the association, coordinators
    included, whatever the course."""
    members = organisation.memberships.values("user_id")
    return write_archive(Certificate.objects.valid().filter(user_id__in=members), target)
