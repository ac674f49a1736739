"""Site-wide response policies: Content-Security-Policy, Permissions-Policy, framing, and
no-store for signed-in users."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.utils.cache import add_never_cache_headers, patch_cache_control


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's CSP middleware, with the strict policy everywhere except under /admin/,
    where the Wagtail admin gets the inline scripts and styles it needs."""

    def process_response(self, request, response):
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.MADAFE_ADMIN_CSP
        return super().process_response(request, response)


class SecurityHeadersMiddleware:
    """Outermost, so that every response carries these headers, including the ones made
    before the inner middleware ran: static files served by WhiteNoise, and the 400 page for
    a request with a foreign Host header. A view that set its own framing rule keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.MADAFE_PERMISSIONS_POLICY)
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


class PrivateCacheMiddleware:
    """Pages shown to a signed-in user are never stored by the browser or a proxy:
    on a shared or seized device, the back button must not bring them back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
