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
