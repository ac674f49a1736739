import pytest

from madafe.accounts.policy import CENTRE_STAFF_GROUP, TRAINERS_GROUP, mfa_required

from .factories import PASSPHRASE, UserFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kwargs", "required"),
    [
        ({}, False),
        ({"is_staff": True}, True),
        ({"is_superuser": True}, True),
        ({"groups": [TRAINERS_GROUP]}, True),
        ({"groups": [CENTRE_STAFF_GROUP]}, True),
    ],
)
def test_who_must_use_mfa(kwargs, required):
    assert mfa_required(UserFactory(**kwargs)) is required


def test_groups_exist_after_migrations():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {TRAINERS_GROUP, CENTRE_STAFF_GROUP} <= names
    trainers = Group.objects.get(name=TRAINERS_GROUP)
    assert trainers.permissions.filter(codename="access_admin").exists()


def test_staff_without_mfa_is_sent_to_set_it_up_before_admin(client, home_page):
    UserFactory(username="staffer", is_staff=True, is_superuser=True)
    client.post("/en/accounts/login/", {"login": "staffer", "password": PASSPHRASE})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    # Any other page too, until it is done.
    response = client.get("/en/")
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    # Setting up a second factor asks for the passphrase once more (allauth's
    # reauthentication), then the set-up page opens.
    activate = response["Location"]
    response = client.get(activate)
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    client.post(response["Location"], {"password": PASSPHRASE})
    response = client.get(activate)
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    # The admin still does not open until a code is confirmed.
    assert "/2fa/totp/activate/" in client.get("/admin/")["Location"]


def test_staff_with_totp_reaches_admin_after_code(client, home_page):
    user = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    code = activate_totp(user)
    response = client.post("/en/accounts/login/", {"login": "staffer", "password": PASSPHRASE})
    assert response.status_code == 302
    assert "/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session  # not signed in before the code
    response = client.post(response["Location"], {"code": code()})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert client.get("/admin/").status_code == 200


def test_trainee_is_not_asked_for_mfa(client, home_page):
    UserFactory(username="trainee")
    client.post("/en/accounts/login/", {"login": "trainee", "password": PASSPHRASE})
    assert client.get("/en/").status_code == 200


def test_wagtail_login_form_cannot_sign_in(client):
    UserFactory(username="staffer", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/", {"username": "staffer", "password": PASSPHRASE, "next": "/admin/"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    # The admin itself sends anonymous visitors to allauth's login, too.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
