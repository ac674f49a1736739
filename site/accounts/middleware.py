import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .policy import must_set_up_mfa

IDLE_KEY = "_madafe_last_seen"
# Re-save the session at most this often, so a page view is not always a database write.
IDLE_RESOLUTION_SECONDS = 60


class IdleTimeoutMiddleware:
    """Signs a user out after MADAFE_SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            idle_limit = settings.MADAFE_SESSION_IDLE_MINUTES * 60
            if last_seen is not None and now - last_seen > idle_limit:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(reverse("account_login") + "?" + urlencode({"next": request.path}))
            if last_seen is None or now - last_seen >= IDLE_RESOLUTION_SECONDS:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Users who must use two-factor authentication set it up before anything else
    opens: the Wagtail admin included. Only the pages needed to set it up, to sign out
    and static files stay reachable."""

    allowed_url_names = (
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._is_exempt(request)
            and must_set_up_mfa(user)
        ):
            messages.warning(
                request, _("Your role requires two-factor authentication. Set it up to continue.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _is_exempt(self, request) -> bool:
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.url_name in self.allowed_url_names
