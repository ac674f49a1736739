from django.core import checks
from PIL import features

from certificates.checks import check_raqm


def _without_raqm(monkeypatch):
    real_check = features.check
    monkeypatch.setattr(
        features, "check", lambda name: False if name == "raqm" else real_check(name)
    )


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
