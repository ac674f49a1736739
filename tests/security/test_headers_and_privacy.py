import subprocess
import sys

import pytest
from django.conf import settings

from tests.accounts.factories import PASSPHRASE, UserFactory

from .foreign_hosts import foreign_urls

pytestmark = pytest.mark.django_db


def test_security_headers_on_public_pages(client, home_page):
    response = client.get("/ar/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_gets_its_own_policy_only_under_admin(client):
    user = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    from tests.accounts.factories import activate_totp

    activate_totp(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert "unsafe-inline" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in client.get("/ar/").get("Content-Security-Policy", "")


def test_signed_in_pages_are_not_stored(client, home_page):
    user = UserFactory()
    anonymous = client.get("/ar/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client.force_login(user)
    response = client.get("/ar/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_home_page_references_no_foreign_host(client, home_page):
    for path in ("/ar/", "/en/", "/ar/accounts/login/", "/en/accounts/signup/"):
        html = client.get(path).content.decode()
        assert foreign_urls(html, {settings.MADAFE_QUICK_EXIT_URL}) == [], path


def test_foreign_host_detector_can_fail():
    html = (
        '<img src="https://cdn.example.com/x.png"><a href="/ok">x</a>'
        '<img srcset="/a.png 1x, //evil.example/b.png 2x">'
        "<div style=\"background: url('https://fonts.example/f.woff')\"></div>"
        '<form action="http://collect.example/"></form>'
    )
    assert len(foreign_urls(html)) == 4


def test_quick_exit_link_on_every_page(client, home_page):
    for path in ("/ar/", "/en/accounts/login/"):
        html = client.get(path).content.decode()
        assert f'href="{settings.MADAFE_QUICK_EXIT_URL}"' in html
        assert 'id="quick-exit"' in html


def test_sessions_end_with_the_browser():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.ACCOUNT_SESSION_REMEMBER is False


def test_idle_session_is_signed_out(client, home_page):
    from madafe.accounts.middleware import IDLE_KEY

    UserFactory(username="salem")
    client.post("/en/accounts/login/", {"login": "salem", "password": PASSPHRASE})
    assert client.get("/en/").wsgi_request.user.is_authenticated
    session = client.session
    session[IDLE_KEY] -= settings.MADAFE_SESSION_IDLE_MINUTES * 60 + 1
    session.save()
    response = client.get("/en/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_active_session_is_kept(client, home_page):
    from madafe.accounts.middleware import IDLE_KEY

    UserFactory(username="salem")
    client.post("/en/accounts/login/", {"login": "salem", "password": PASSPHRASE})
    client.get("/en/")
    session = client.session
    session[IDLE_KEY] -= settings.MADAFE_SESSION_IDLE_MINUTES * 60 - 60
    session.save()
    assert client.get("/en/").status_code == 200
    assert "_auth_user_id" in client.session


def test_no_ip_or_user_agent_columns():
    from django.apps import apps

    suspicious = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            name = getattr(field, "name", "")
            internal = getattr(field, "get_internal_type", lambda: "")()
            if (
                internal == "GenericIPAddressField"
                or "user_agent" in name
                or name in ("ip", "ip_address")
            ):
                suspicious.append(f"{model._meta.label}.{name}")
    assert suspicious == []


def test_admin_privacy_settings():
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def _production_check(env_extra):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update({"DJANGO_SETTINGS_MODULE": "madafe.settings.production", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _production_check({"ALLOWED_HOSTS": "academy.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_deploy_check_passes_when_configured():
    result = _production_check(
        {
            "SECRET_KEY": "x" * 20 + "-production-like-secret-" + "y" * 30,
            "ALLOWED_HOSTS": "academy.example.org",
            "WAGTAILADMIN_BASE_URL": "https://academy.example.org",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
