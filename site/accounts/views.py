from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .policy import has_mfa


def admin_login_redirect(request):
    """Wagtail's login form is replaced by allauth's: GET and POST both go there, so no
    password is ever checked outside allauth's rate limits and MFA."""
    target = reverse("account_login")
    next_url = request.GET.get("next", "/admin/")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        target += "?" + urlencode({"next": next_url})
    return redirect(target)


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
