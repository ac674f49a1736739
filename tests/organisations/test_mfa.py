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


def _session_user(user):
    """The user as the session reads it on every request."""
    from madafe.accounts.backends import ModelBackend

    return ModelBackend().get_user(user.pk)


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(),
        lambda: UserFactory(groups=[policy.TRAINERS_GROUP]),
        lambda: UserFactory(groups=[policy.CENTRE_STAFF_GROUP]),
        lambda: MembershipFactory().user,
        lambda: CoordinatorFactory().user,
        lambda: CoordinatorFactory(organisation=OrganisationFactory(active=False)).user,
    ],
)
def test_the_session_user_carries_the_same_answer_in_one_query(make, django_assert_num_queries):
    user = make()
    expected = mfa_required(user.__class__.objects.get(pk=user.pk))  # the slow path
    with django_assert_num_queries(1):
        session_user = _session_user(user)
        assert mfa_required(session_user) is expected
    assert getattr(session_user, policy.MFA_ROLE_ATTR) is expected


def test_a_new_coordinator_must_set_up_mfa_on_the_very_next_request(client, home_page):
    """The role is read with the user on every request, never remembered between them."""
    member = MembershipFactory()
    client.force_login(member.user)
    assert client.get("/en/learning/").status_code == 200
    services.make_coordinator(member)
    response = client.get("/en/learning/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    services.unmake_coordinator(member)
    assert client.get("/en/learning/").status_code == 200


def test_a_requirement_without_a_condition_falls_back_to_asking_it():
    """An app that registers only a function still has it applied to the session user."""

    def everyone(user):
        return True

    saved = list(policy._extra_requirements)
    try:
        policy.register_mfa_requirement(everyone)
        user = _session_user(MembershipFactory().user)
        assert not hasattr(user, policy.MFA_ROLE_ATTR)
        assert mfa_required(user)
    finally:
        policy._extra_requirements[:] = saved
