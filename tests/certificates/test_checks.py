import pytest
from django.core import checks
from PIL import features

from certificates.checks import check_raqm


def _without_raqm(monkeypatch):
    real_check = features.check
    monkeypatch.setattr(
        features, "check", lambda name: False if name == "raqm" else real_check(name)
    )


# Other apps' checks read the database.
pytestmark = pytest.mark.django_db


def test_no_error_when_raqm_is_available():
    assert features.check("raqm")
    assert check_raqm() == []
    assert not [m for m in checks.run_checks() if m.id == "certificates.E001"]


def test_system_check_errors_when_raqm_is_missing(monkeypatch):
    _without_raqm(monkeypatch)
    (error,) = check_raqm()
    assert error.level == checks.ERROR
    assert error.id == "certificates.E001"
    assert "raqm" in error.msg
    assert "Arabic" in error.msg
    assert "FriBiDi" in error.hint


def test_check_is_registered_at_startup(monkeypatch):
    """CertificatesConfig.ready registers the check: `manage.py check` (and runserver,
    migrate) fail with it."""
    _without_raqm(monkeypatch)
    messages = checks.run_checks()
    assert [m.id for m in messages if m.id == "certificates.E001"] == ["certificates.E001"]


def test_deploy_check_warns_when_qr_codes_would_point_at_localhost(settings):
    from certificates.checks import check_public_address

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    (warning,) = check_public_address()
    assert warning.id == "certificates.W001"
    ids = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    assert "certificates.W001" in ids
    assert "certificates.W001" not in [m.id for m in checks.run_checks()]
    settings.WAGTAILADMIN_BASE_URL = "https://academy.example.org"
    assert check_public_address() == []


def test_fonts_are_loaded_once_per_thread():
    import threading

    from certificates import rendering

    here = rendering.font("regular", 30)
    assert rendering.font("regular", 30) is here
    other = []
    thread = threading.Thread(target=lambda: other.append(rendering.font("regular", 30)))
    thread.start()
    thread.join()
    assert other[0] is not here
