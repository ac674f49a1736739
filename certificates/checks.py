"""Start-up checks: refuse to run rather than draw broken Arabic. Like Django's own checks,
the messages are for the operator's console and are not translated."""

from django.core import checks
from PIL import features


def check_raqm(app_configs=None, **kwargs):
    """Pillow's raqm layout engine shapes Arabic (joins the letters) and lays it out right
    to left. It loads the system's FriBiDi library at run time; without it Pillow silently
    falls back to drawing isolated letters left to right."""
    if features.check("raqm"):
        return []
    return [
        checks.Error(
            "Pillow's raqm layout engine is not available: certificates would show broken "
            "Arabic (letters unjoined, left to right).",
            hint=(
                "Install the FriBiDi library (Debian/Ubuntu: apt install libfribidi0; "
                "macOS: brew install fribidi) and check with "
                "python -c \"from PIL import features; print(features.check('raqm'))\"."
            ),
            id="certificates.E001",
        )
    ]


def check_public_address(app_configs=None, **kwargs):
    """The QR code on every certificate points at WAGTAILADMIN_BASE_URL; on a server it
    must be the site's public HTTPS address, not the development default."""
    from urllib.parse import urlsplit

    from django.conf import settings

    address = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "")
    if address.scheme == "https" and address.hostname not in (None, "localhost", "127.0.0.1"):
        return []
    return [
        checks.Warning(
            "WAGTAILADMIN_BASE_URL is not a public https:// address "
            f"({settings.WAGTAILADMIN_BASE_URL!r}): the QR codes printed on certificates "
            "point there.",
            hint="Set WAGTAILADMIN_BASE_URL in the environment, e.g. https://academy.example.org",
            id="certificates.W001",
        )
    ]
