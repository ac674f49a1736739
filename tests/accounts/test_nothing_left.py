"""After an account is deleted, no row in any installed app's tables refers to the person.

The scan (tests/accounts/leftovers.py) walks every model Django knows, so an app added later
is checked without changing this file; its rows for the person belong in `busy_user` below
(or in that app's own test, using `find_leftovers`)."""

import io
import time

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from madafe.accounts import personal_data
from tests.organisations.factories import CoordinatorFactory, MembershipFactory

from .factories import PASSPHRASE, UserFactory, activate_totp
from .leftovers import find_leftovers

pytestmark = pytest.mark.django_db

User = get_user_model()

# An id and strings nothing else in the database contains, so "contains" finds only them.
USER_PK = 987_654_321
USERNAME = "zq-leila-erasure"
EMAIL = "zq-leila-erasure-mail@example.org"
FIRST = "Zqleilafirst"
LAST = "Zqleilalast"
NEEDLES = [USERNAME, EMAIL, FIRST, LAST]


def _png(name="x.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


@pytest.fixture
def busy_user(home_page):
    """A person who has touched every table we know of, signed in on two devices. Returns
    (user, clients, stored file names)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from wagtail.log_actions import log
    from wagtail.models import (
        Comment,
        CommentReply,
        PageSubscription,
        UploadedFile,
    )
    from wagtail.users.models import UserProfile

    user = User.objects.create_user(
        pk=USER_PK,
        username=USERNAME,
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        password=PASSPHRASE,
    )
    staff = UserFactory(username="centre-staff-member", is_staff=True)
    # Signed in on two devices (before two-factor authentication is set up).
    clients = []
    for _ in range(2):
        client = Client()
        client.post("/en/accounts/login/", {"login": USERNAME, "password": PASSPHRASE})
        assert client.session.get("_auth_user_id") == str(USER_PK)
        clients.append(client)
    # allauth: email address, two-factor authentication and recovery codes.
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=False)
    activate_totp(user)
    RecoveryCodes.activate(user)
    # Organisations.
    MembershipFactory(user=user, share_progress=True)
    CoordinatorFactory(user=user)
    # Wagtail: profile with a picture, a page they own, locked, edited and commented on,
    # subscriptions, an unfinished upload, log entries by them and about them.
    profile = UserProfile.get_for_user(user)
    profile.avatar.save("avatar.png", _png())
    page = home_page
    page.owner = user
    page.locked = True
    page.locked_by = user
    page.save()
    revision = page.save_revision(user=user, log_action=True)
    comment = Comment.objects.create(
        page=page, user=user, text=f"note by {USERNAME}", contentpath="title"
    )
    CommentReply.objects.create(comment=comment, user=user, text="a reply")
    page.save_revision(user=staff, log_action=True)  # a later snapshot, carrying the comment
    PageSubscription.objects.create(page=page, user=user, comment_notifications=True)
    upload = UploadedFile.objects.create(
        file=_png("upload.png"),
        for_content_type=ContentType.objects.get_for_model(page),
        uploaded_by_user=user,
    )
    log(instance=user, action="wagtail.create", user=staff)
    log(instance=page, action="wagtail.edit", user=user, revision=revision)
    # Django admin log: about them, and by them.
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.log_actions(user_id=staff.pk, queryset=[user], action_flag=ADDITION)
    LogEntry.objects.log_actions(user_id=user.pk, queryset=[staff], action_flag=CHANGE)
    assert LogEntry.objects.filter(content_type=user_type, object_id=str(USER_PK)).exists()
    files = [profile.avatar.name, upload.file.name]
    for name in files:
        assert default_storage.exists(name)
    return user, clients, files, staff


def _delete_through_the_page(client, code):
    return client.post("/en/accounts/me/delete/", {"passphrase": PASSPHRASE, "code": code})


def test_the_scan_finds_references_before_deletion(busy_user):
    """The scan can fail: before deletion it finds the person everywhere."""
    leftovers = find_leftovers(USER_PK, NEEDLES)
    tables = {leftover.table for leftover in leftovers}
    for table in (
        "accounts_user",
        "account_emailaddress",
        "mfa_authenticator",
        "organisations_membership",
        "wagtailusers_userprofile",
        "wagtailcore_revision",
        "wagtailcore_pagelogentry",
        "wagtailcore_modellogentry",
        "wagtailcore_comment",
        "wagtailcore_pagesubscription",
        "django_admin_log",
        "django_session",
        "wagtailcore_page",
    ):
        assert table in tables, table


def test_a_plain_user_delete_is_not_enough(busy_user):
    """What the erasers are for: deleting the user row alone leaves sessions, Wagtail's log
    entries (their foreign key has no constraint) and revision snapshots behind."""
    user, _clients, _files, _staff = busy_user
    User.objects.filter(pk=user.pk).delete()
    tables = {leftover.table for leftover in find_leftovers(USER_PK, NEEDLES)}
    assert {"django_session", "wagtailcore_modellogentry", "wagtailcore_revision"} <= tables


def test_nothing_refers_to_the_person_after_deletion(busy_user, django_capture_on_commit_callbacks):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt
    from wagtail.models import Revision

    user, (laptop, phone), files, staff = busy_user
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    revisions = Revision.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete_through_the_page(laptop, code)
    assert response.status_code == 302, response.content.decode()[:2000]

    leftovers = find_leftovers(USER_PK, NEEDLES)
    assert leftovers == [], "\n".join(str(leftover) for leftover in leftovers)
    for name in files:
        assert not default_storage.exists(name), name
    # The other device is signed out too.
    assert phone.get("/en/accounts/me/").status_code == 302
    # What is not the person's stays: the page, its history (without them), the staff member.
    assert User.objects.filter(pk=staff.pk).exists()
    assert Revision.objects.count() == revisions
    assert personal_data.collect(staff)["account"]["username"] == "centre-staff-member"
