"""Centre staff deleting a user in the Wagtail admin: the same erasers run, nothing is left."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from madafe.organisations.models import Membership
from tests.organisations.factories import MembershipFactory

from .factories import PASSPHRASE, UserFactory, activate_totp
from .leftovers import find_leftovers

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client(home_page):
    superuser = UserFactory(username="admin-person", is_staff=True, is_superuser=True)
    activate_totp(superuser)
    client = Client()
    client.force_login(superuser)
    return client


def _trainee(pk, username):
    user = User.objects.create_user(pk=pk, username=username, password=PASSPHRASE)
    MembershipFactory(user=user)
    session = Client()
    session.post("/en/accounts/login/", {"login": username, "password": PASSPHRASE})
    assert "_auth_user_id" in session.session
    return user


def test_admin_delete_view_runs_the_erasers(admin_client, django_capture_on_commit_callbacks):
    user = _trainee(876_543_219, "zq-admin-deleted")
    url = f"/admin/users/delete/{user.pk}/"
    assert admin_client.get(url).status_code == 200  # the confirmation page, unchanged
    assert User.objects.filter(pk=user.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    leftovers = find_leftovers(user.pk, [user.username])
    assert leftovers == [], "\n".join(map(str, leftovers))


def test_admin_bulk_delete_runs_the_erasers(admin_client, django_capture_on_commit_callbacks):
    first = _trainee(876_543_211, "zq-bulk-one")
    second = _trainee(876_543_212, "zq-bulk-two")
    url = f"/admin/bulk/accounts/user/delete/?next=/admin/users/&id={first.pk}&id={second.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302, response.content.decode()[:500]
    for user in (first, second):
        assert not User.objects.filter(pk=user.pk).exists()
        leftovers = find_leftovers(user.pk, [user.username])
        assert leftovers == [], "\n".join(map(str, leftovers))


def test_a_trainee_cannot_delete_anyone_in_the_admin(home_page):
    victim = UserFactory()
    trainee = UserFactory()
    client = Client()
    client.force_login(trainee)
    response = client.post(f"/admin/users/delete/{victim.pk}/")
    assert response.status_code in (302, 403)
    assert User.objects.filter(pk=victim.pk).exists()
