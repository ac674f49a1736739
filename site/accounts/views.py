from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def admin_login_redirect(request):
    """Wagtail's login form is replaced by allauth's: GET and POST both go there, so no
    password is ever checked outside allauth's rate limits and MFA."""
    target = reverse("account_login")
    next_url = request.GET.get("next", "/admin/")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        target += "?" + urlencode({"next": next_url})
    return redirect(target)
