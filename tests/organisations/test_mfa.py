"""Coordinators must use two-factor authentication, through the accounts policy's registry
(accounts does not import this app)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from madafe.accounts import policy
from madafe.accounts.policy import mfa_required, must_set_up_mfa
from madafe.organisations import services
from madafe.organisations.services import is_any_coordinator
from tests.accounts.factories import PASSPHRASE, UserFactory, activate_totp

from .factories import CoordinatorFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_requirement_is_registered_by_the_app():
    assert is_any_coordinator in policy._extra_requirements


def test_coordinator_must_use_mfa_member_need_not():
    member = MembershipFactory()
    assert not mfa_required(member.user)
    services.make_coordinator(member)
    assert mfa_required(member.user)
    assert must_set_up_mfa(member.user)
    activate_totp(member.user)
    assert not must_set_up_mfa(member.user)
    services.unmake_coordinator(member)
    assert not mfa_required(member.user)


def test_coordinator_of_an_inactive_association_still_needs_mfa():
    coordinator = CoordinatorFactory(organisation=OrganisationFactory(active=False))
    assert mfa_required(coordinator.user)


def test_registering_twice_has_no_effect():
    before = list(policy._extra_requirements)
    policy.register_mfa_requirement(is_any_coordinator)
    assert policy._extra_requirements == before


def test_coordinator_without_mfa_is_sent_to_set_it_up(client, home_page):
    coordinator = CoordinatorFactory(user=UserFactory(username="coordinator"))
    client.post("/en/accounts/login/", {"login": "coordinator", "password": PASSPHRASE})
    assert client.session.get("_auth_user_id") == str(coordinator.user.pk)
    for url in ("/en/", "/en/associations/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_coordinator_with_mfa_is_asked_for_the_code_and_then_gets_in(client, home_page):
    coordinator = CoordinatorFactory(user=UserFactory(username="coordinator"))
    code = activate_totp(coordinator.user)
    response = client.post("/en/accounts/login/", {"login": "coordinator", "password": PASSPHRASE})
    assert "/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
    client.post(response["Location"], {"code": code()})
    assert client.get("/en/associations/").status_code == 200


def test_plain_member_is_not_asked_for_mfa(client, home_page):
    MembershipFactory(user=UserFactory(username="member"))
    client.post("/en/accounts/login/", {"login": "member", "password": PASSPHRASE})
    assert client.get("/en/associations/").status_code == 200


def test_accounts_does_not_import_organisations():
    accounts = Path(settings.BASE_DIR) / "site" / "accounts"
    for source in accounts.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any("organisations" in name for name in names), source


def test_organisations_imports_no_course_app():
    package = Path(settings.BASE_DIR) / "site" / "organisations"
    forbidden = ("courses", "quizzes", "certificates", "madafe.reports")
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(forbidden), (source, name)
