"""The session's user is read by one prepared statement (madafe.accounts.backends)."""

import pytest

from madafe.accounts import backends, policy

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_user_of_a_session_is_the_same_user():
    user = UserFactory(first_name="Amal")
    found = backends.ModelBackend().get_user(str(user.pk))  # sessions keep the id as text
    assert found.pk == user.pk
    assert found.username == user.username and found.first_name == "Amal"
    assert found.password == user.password
    assert found.session_epoch == user.session_epoch
    assert getattr(found, policy.MFA_ROLE_ATTR) is False


@pytest.mark.parametrize("user_id", ["999999999", "not-a-number", "", None])
def test_no_user_for_an_unknown_or_malformed_id(user_id):
    UserFactory()
    assert backends.ModelBackend().get_user(user_id) is None


def test_a_deactivated_user_is_signed_out(client, home_page):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/en/learning/").status_code == 200
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/en/learning/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_each_user_gets_their_own_row():
    """The statement is reused with a different id each time."""
    users = [UserFactory() for _ in range(3)]
    for user in reversed(users):
        assert backends.ModelBackend().get_user(user.pk).username == user.username
