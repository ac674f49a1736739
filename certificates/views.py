from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from . import permissions, ratelimit, services
from .forms import NameChoiceForm, VerifyForm
from .models import Certificate

CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf"}


@login_required
def my_certificates(request):
    now = timezone.now()
    certificates = list(permissions.certificates_of(request.user).order_by("-issued_at", "-pk"))
    rows = [
        (certificate, certificate.state(now), certificate.get_state_display(now))
        for certificate in certificates
    ]
    return render(request, "certificates/my_certificates.html", {"rows": rows})


def _own_certificate(request, pk) -> Certificate:
    certificate = get_object_or_404(permissions.certificates_of(request.user), pk=pk)
    if not permissions.can_download(request.user, certificate):
        raise Http404
    return certificate


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def choose_name(request, pk):
    certificate = _own_certificate(request, pk)
    next_url = _safe_next(request, reverse("certificates:mine"))
    if request.method == "POST":
        form = NameChoiceForm(request.POST)
        if form.is_valid():
            services.choose_name(
                certificate, form.cleaned_data["choice"], form.cleaned_data["name"]
            )
            messages.success(request, _("Saved. Your certificate shows the name you chose."))
            return redirect(next_url)
    else:
        initial = {"choice": certificate.name_choice or None, "name": certificate.display_name}
        form = NameChoiceForm(initial=initial)
    return render(
        request,
        "certificates/choose_name.html",
        {"certificate": certificate, "form": form, "next": next_url},
    )


@login_required
def download(request, pk, file_format):
    certificate = _own_certificate(request, pk)
    if not certificate.name_chosen:
        here = reverse("certificates:download", args=[certificate.pk, file_format])
        target = reverse("certificates:choose_name", args=[certificate.pk])
        return redirect(f"{target}?{urlencode({'next': here})}")
    certificate = services.ensure_files(certificate)
    field = certificate.png if file_format == "png" else certificate.pdf
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"madafe-certificate-{certificate.code}.{file_format}",
        content_type=CONTENT_TYPES[file_format],
    )
    return response


def verify(request, code=None):
    """Public: anyone with a code learns whether it is valid, revoked or expired, the
    course, the issue date and the holder's chosen name; nothing else."""
    status = 200
    result = None
    looked_up = False
    refused = False
    typed = code if code is not None else request.GET.get("code")
    form = VerifyForm({"code": typed}) if typed is not None else VerifyForm()
    if typed is not None:
        if ratelimit.lookup_refused(request):
            refused = True
            status = 429
        elif form.is_valid():
            certificate = services.find_by_code(form.cleaned_data["code"])
            ratelimit.record_lookup(request, found=certificate is not None)
            looked_up = True
            if certificate is not None:
                result = services.verification(certificate)
            else:
                status = 404
        else:
            ratelimit.record_lookup(request, found=False)
    response = render(
        request,
        "certificates/verify.html",
        {"form": form, "result": result, "looked_up": looked_up, "refused": refused},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    # A revocation must show at once, and a shared computer must not keep the answer.
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response
