from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import personal_data, services
from .forms import DeleteAccountForm
from .policy import has_mfa


def _to_allauth_login(request, default_next: str):
    target = reverse("account_login")
    next_url = request.GET.get("next", default_next)
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        target += "?" + urlencode({"next": next_url})
    return redirect(target)


def admin_login_redirect(request):
    """Wagtail's login form is replaced by allauth's: GET and POST both go there, so no
    password is ever checked outside allauth's rate limits and MFA."""
    return _to_allauth_login(request, "/admin/")


def frontend_login_redirect(request):
    """The same for Wagtail's front-end login form (`/<lang>/_util/login/`, meant for
    private pages): a plain Django login view that would sign staff in without their
    second factor and without rate limits."""
    return _to_allauth_login(request, "/")


@login_required
def overview(request):
    return render(
        request,
        "accounts/overview.html",
        {"has_mfa": has_mfa(request.user)},
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    services.sign_out_other_sessions(request)
    messages.success(request, _("You were signed out of every other browser and device."))
    return redirect("account_overview")


def _no_store(response):
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
@require_GET
def my_data(request):
    """Everything the platform holds about the signed-in person, readable and printable."""
    collected = personal_data.collect(request.user)
    return _no_store(
        render(
            request,
            "accounts/my_data.html",
            {
                "sections": personal_data.display_sections(request.user, collected),
                "exported_at": timezone.now(),
            },
        )
    )


@login_required
@require_GET
def my_data_json(request):
    """The same, as one JSON file. The file name says nothing about this site or person:
    a downloads folder is one of the first things looked at on a seized phone."""
    response = HttpResponse(
        personal_data.export_json(request.user), content_type="application/json; charset=utf-8"
    )
    filename = f"personal-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user)
        logout(request)
        return redirect("account_deleted")
    return _no_store(
        render(
            request,
            "accounts/delete_account.html",
            {"form": form, "attempts_left": services.deletion_attempts_left(user)},
            status=200,
        )
    )


@require_GET
def account_deleted(request):
    return _no_store(render(request, "accounts/account_deleted.html"))
