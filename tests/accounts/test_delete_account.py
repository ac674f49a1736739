"""Deleting one's own account: the page, the checks, the rate limit, the transaction."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from madafe.accounts import personal_data, services
from madafe.organisations.models import Membership, Organisation
from tests.organisations.factories import MembershipFactory

from .factories import PASSPHRASE, UserFactory, activate_totp

pytestmark = pytest.mark.django_db

URL = "/en/accounts/me/delete/"
User = get_user_model()


def _signed_in(username="rania"):
    user = UserFactory(username=username)
    client = Client()
    client.post("/en/accounts/login/", {"login": username, "password": PASSPHRASE})
    assert "_auth_user_id" in client.session
    return user, client


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="avatar.png")


def test_page_explains_in_english_and_arabic(client, home_page):
    client.force_login(UserFactory())
    html = client.get(URL).content.decode()
    assert "cannot be undone" in html
    assert "revoked" in html
    assert "count one person fewer" in html
    assert 'name="passphrase"' in html and 'type="password"' in html
    assert 'name="code"' not in html  # no two-factor authentication: no code asked
    assert "no-store" in client.get(URL)["Cache-Control"]
    arabic = client.get("/ar/accounts/me/delete/").content.decode()
    assert 'dir="rtl"' in arabic
    assert "لا يمكن التراجع" in arabic


def test_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_only_get_and_post(client):
    client.force_login(UserFactory())
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_get_never_deletes(client):
    user = UserFactory()
    client.force_login(user)
    client.get(URL, {"passphrase": PASSPHRASE})
    assert User.objects.filter(pk=user.pk).exists()


def test_wrong_passphrase_deletes_nothing_and_says_why(home_page):
    user, client = _signed_in()
    response = client.post(URL, {"passphrase": "not my passphrase at all"})
    assert response.status_code == 200
    assert "This is not your current passphrase. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert client.get("/en/accounts/me/").status_code == 200  # still signed in


def test_empty_passphrase_is_refused(home_page):
    user, client = _signed_in()
    response = client.post(URL, {"passphrase": ""})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()


def test_right_passphrase_deletes_signs_out_and_confirms(
    home_page, django_capture_on_commit_callbacks
):
    user, client = _signed_in()
    other = UserFactory(username="stays")
    MembershipFactory(user=user)
    MembershipFactory(user=other)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"passphrase": PASSPHRASE})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/deleted/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert Membership.objects.filter(user=other).count() == 1  # nobody else is touched
    assert Organisation.objects.count() == 2  # associations are not the member's data
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Your account has been deleted" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated
    # The Arabic confirmation too.
    assert "تم حذف حسابك" in client.get("/ar/accounts/deleted/").content.decode()


def test_other_sessions_of_the_user_end(home_page, django_capture_on_commit_callbacks):
    user, laptop = _signed_in("samir")
    phone = Client()
    phone.post("/en/accounts/login/", {"login": "samir", "password": PASSPHRASE})
    laptop.post(URL, {"passphrase": PASSPHRASE})
    response = phone.get("/en/accounts/me/")
    assert response.status_code == 302


def test_with_mfa_a_code_is_required(home_page):
    user, client = _signed_in()
    code = activate_totp(user)
    html = client.get(URL).content.decode()
    assert 'name="code"' in html and 'autocomplete="one-time-code"' in html
    response = client.post(URL, {"passphrase": PASSPHRASE})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(URL, {"passphrase": PASSPHRASE, "code": "000000"})
    assert "This two-factor code is not valid. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(URL, {"passphrase": PASSPHRASE, "code": code()})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_with_mfa_a_recovery_code_also_works(home_page):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user, client = _signed_in()
    activate_totp(user)
    recovery = RecoveryCodes.activate(user).get_unused_codes()[0]
    response = client.post(URL, {"passphrase": PASSPHRASE, "code": recovery})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_with_mfa_the_right_code_does_not_rescue_a_wrong_passphrase(home_page):
    user, client = _signed_in()
    code = activate_totp(user)
    response = client.post(URL, {"passphrase": "wrong wrong wrong", "code": code()})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()


def test_passphrase_guessing_is_rate_limited(home_page):
    user, client = _signed_in()
    for attempt in range(services.DELETION_ATTEMPTS_ALLOWED):
        response = client.post(URL, {"passphrase": f"guess number {attempt}"})
        assert "This is not your current passphrase" in response.content.decode()
    # The sixth try is refused even with the right passphrase.
    response = client.post(URL, {"passphrase": PASSPHRASE})
    assert response.status_code == 200
    assert "Too many attempts. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_rate_limit_is_per_user_and_ends_with_the_window(home_page):
    from django.core.cache import cache

    user = UserFactory()
    other = UserFactory()
    for _ in range(services.DELETION_ATTEMPTS_ALLOWED):
        with pytest.raises(services.DeletionRefused):
            services.check_deletion_credentials(user, "wrong")
    with pytest.raises(services.DeletionRefused) as refused:
        services.check_deletion_credentials(user, PASSPHRASE)
    assert refused.value.reason == services.DeletionRefused.TOO_MANY_ATTEMPTS
    services.check_deletion_credentials(other, PASSPHRASE)  # someone else is not affected
    cache.delete(f"accounts:deletion-attempts:{user.pk}")  # the window ended
    services.check_deletion_credentials(user, PASSPHRASE)


def test_rate_limit_window_is_fifteen_minutes():
    assert services.DELETION_ATTEMPTS_ALLOWED == 5
    assert services.DELETION_WINDOW_SECONDS == 15 * 60


def test_attempts_left_are_said(home_page):
    user, client = _signed_in()
    html = client.post(URL, {"passphrase": "nope nope nope"}).content.decode()
    assert "You have <bdi>4</bdi> attempts left in the next 15 minutes." in html


def test_files_go_after_commit_and_stay_on_rollback(home_page, django_capture_on_commit_callbacks):
    from wagtail.users.models import UserProfile

    user = UserFactory()
    profile = UserProfile.get_for_user(user)
    profile.avatar.save("avatar.png", _png())
    name = profile.avatar.name
    assert default_storage.exists(name)

    def boom(user):
        raise RuntimeError("an app failed to erase")

    personal_data.register("failing", title="", export=list, erase=boom)
    try:
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
        ):
            services.delete_account(user)
        assert callbacks == []  # nothing scheduled survives the rollback
        assert User.objects.filter(pk=user.pk).exists()
        assert default_storage.exists(name)
    finally:
        personal_data.unregister("failing")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_account(user)
    assert not User.objects.filter(pk=user.pk).exists()
    assert default_storage.exists(name)  # not before the commit...
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)  # ...but after it
