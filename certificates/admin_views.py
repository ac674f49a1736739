"""Centre staff's certificate pages in the Wagtail admin: list and find, revoke with a
reason, reinstate, re-issue, and download every certificate of a course as one ZIP."""

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from madafe.organisations.models import Organisation

from . import codes, permissions, services
from .forms import RevokeForm
from .models import Certificate


def _require(check, user):
    if not check(user):
        raise PermissionDenied


def _courses_with_certificates():
    ids = Certificate.objects.exclude(course=None).values("course_id").distinct()
    return CoursePage.objects.filter(pk__in=ids).order_by("title")


def index(request):
    _require(permissions.can_manage_certificates, request.user)
    certificates = (
        permissions.managed_certificates(request.user)
        .select_related("user")
        .order_by("-issued_at", "-pk")
    )
    course_id = request.GET.get("course") or ""
    association_id = request.GET.get("association") or ""
    status = request.GET.get("status") or ""
    query = (request.GET.get("q") or "").strip()
    course = None
    if course_id.isdigit():
        course = CoursePage.objects.filter(pk=course_id).first()
        certificates = certificates.filter(course_id=course_id)
    association = None
    if association_id:
        association = Organisation.objects.filter(public_id=association_id).first()
        members = association.memberships.values("user_id") if association else []
        certificates = certificates.filter(user_id__in=members)
    if status in Certificate.Status.values:
        certificates = certificates.filter(status=status)
    if query:
        code = codes.normalise_code(query)
        certificates = certificates.filter(code=code) if code else certificates.none()
    page = Paginator(certificates, 50).get_page(request.GET.get("p"))
    now = timezone.now()
    return TemplateResponse(
        request,
        "certificates/admin/index.html",
        {
            "page_title": _("Certificates"),
            "header_icon": "doc-full",
            "page": page,
            "rows": [(c, c.get_state_display(now)) for c in page.object_list],
            "courses": _courses_with_certificates(),
            "course": course,
            "associations": Organisation.objects.order_by("name"),
            "association": association,
            "status": status,
            "statuses": Certificate.Status.choices,
            "query": query,
            "can_download_archives": permissions.can_download_archives(request.user),
        },
    )


def _back(request):
    return redirect(reverse("certificates_admin:index"))


def revoke(request, pk):
    _require(permissions.can_manage_certificates, request.user)
    certificate = get_object_or_404(permissions.managed_certificates(request.user), pk=pk)
    if certificate.status == Certificate.Status.REVOKED:
        messages.error(request, _("This certificate is already revoked."))
        return _back(request)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.revoke(certificate, form.cleaned_data["reason"])
        messages.success(request, _("Certificate %(code)s revoked.") % {"code": certificate.code})
        return _back(request)
    return TemplateResponse(
        request,
        "certificates/admin/revoke.html",
        {
            "page_title": _("Revoke certificate %(code)s") % {"code": certificate.code},
            "header_icon": "doc-full",
            "certificate": certificate,
            "form": form,
        },
    )


@require_POST
def reinstate(request, pk):
    _require(permissions.can_manage_certificates, request.user)
    certificate = get_object_or_404(permissions.managed_certificates(request.user), pk=pk)
    try:
        services.reinstate(certificate)
    except services.CertificateError:
        messages.error(
            request,
            _(
                "Certificate %(code)s cannot be reinstated: it is not revoked, or the holder "
                "already has another valid certificate for this course."
            )
            % {"code": certificate.code},
        )
    else:
        messages.success(
            request, _("Certificate %(code)s is valid again.") % {"code": certificate.code}
        )
    return _back(request)


@require_POST
def reissue(request, pk):
    _require(permissions.can_manage_certificates, request.user)
    certificate = get_object_or_404(
        permissions.managed_certificates(request.user).select_related("course"), pk=pk
    )
    try:
        services.reissue(certificate)
    except services.CertificateError:
        messages.error(
            request,
            _("Certificate %(code)s cannot be re-issued: its course no longer exists.")
            % {"code": certificate.code},
        )
    else:
        messages.success(
            request,
            _("Certificate %(code)s re-issued with the course's current title and template.")
            % {"code": certificate.code},
        )
    return _back(request)


def _zip_response(write, subject, name):
    target = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    write(subject, target)
    target.seek(0)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        target,
        as_attachment=True,
        filename=f"certificates-{name}-{stamp}.zip",
        content_type="application/zip",
    )


def course_archive(request, course_id):
    """Every valid (or expired) certificate of a course, PDF and PNG, in one ZIP."""
    _require(permissions.can_download_archives, request.user)
    course = get_object_or_404(CoursePage, pk=course_id)
    return _zip_response(services.write_course_archive, course, course.slug)


def association_archive(request, public_id):
    """Every valid (or expired) certificate held by a member of an association."""
    _require(permissions.can_download_archives, request.user)
    organisation = get_object_or_404(Organisation, public_id=public_id)
    return _zip_response(services.write_association_archive, organisation, organisation.public_id)
