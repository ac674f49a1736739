"""The Wagtail admin views for associations, invite codes and memberships: only centre
staff (and superusers) reach them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from madafe.accounts.policy import CENTRE_STAFF_GROUP, TRAINERS_GROUP
from madafe.organisations.models import InviteCode, Membership, Organisation, Role
from madafe.organisations.services import join_by_code
from tests.accounts.factories import UserFactory, activate_totp

from .factories import InviteCodeFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    org = OrganisationFactory(name_en="Secret Association", name_ar="جمعية سرية")
    invite = InviteCodeFactory(organisation=org, uses_left=3)
    membership = MembershipFactory(organisation=org, user=UserFactory(username="hidden-member"))
    return {"org": org, "invite": invite, "membership": membership}


def urls(data):
    org, invite, membership = data["org"], data["invite"], data["membership"]
    return [
        "/admin/associations/",
        "/admin/associations/new/",
        f"/admin/associations/edit/{org.pk}/",
        "/admin/invite_codes/",
        "/admin/invite_codes/new/",
        f"/admin/invite_codes/edit/{invite.pk}/",
        f"/admin/invite_codes/delete/{invite.pk}/",
        "/admin/memberships/",
        f"/admin/memberships/edit/{membership.pk}/",
        f"/admin/memberships/delete/{membership.pk}/",
    ]


def sign_in(client, who):
    if who == "anonymous":
        return None
    kwargs = {
        "trainee": {},
        "coordinator": {},
        "trainer": {"groups": [TRAINERS_GROUP]},
        "centre staff": {"groups": [CENTRE_STAFF_GROUP]},
        "superuser": {"is_superuser": True, "is_staff": True},
    }[who]
    user = UserFactory(**kwargs)
    if who == "coordinator":
        MembershipFactory(user=user, role=Role.COORDINATOR)
    activate_totp(user)  # everyone privileged has MFA on, so only permissions decide
    client.force_login(user)
    return user


def _secrets(data):
    return ("Secret Association", "جمعية سرية", "hidden-member", data["invite"].code[:4])


@pytest.mark.parametrize("who", ["anonymous", "trainee", "coordinator"])
def test_people_without_admin_access_are_sent_to_sign_in(client, data, who):
    sign_in(client, who)
    for url in urls(data):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_trainers_are_refused(client, data):
    sign_in(client, "trainer")
    assert client.get("/admin/").status_code == 200  # they do reach the admin itself
    for url in urls(data):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/", url
        body = response.content.decode()
        assert not any(secret in body for secret in _secrets(data))


@pytest.mark.parametrize("who", ["trainee", "trainer"])
def test_refused_users_cannot_change_anything(client, data, who):
    sign_in(client, who)
    client.post(
        "/admin/associations/new/",
        {"name_ar": "س", "name_en": "X", "region": "west", "active": "on"},
    )
    client.post("/admin/invite_codes/new/", {"organisation": data["org"].pk, "uses_left": "9"})
    client.post(f"/admin/memberships/edit/{data['membership'].pk}/", {"role": "coordinator"})
    client.post(f"/admin/invite_codes/delete/{data['invite'].pk}/")
    assert Organisation.objects.count() == 1
    assert InviteCode.objects.count() == 1
    assert Membership.objects.get(pk=data["membership"].pk).role == Role.MEMBER


@pytest.mark.parametrize("who", ["centre staff", "superuser"])
def test_centre_staff_reach_every_view(client, data, who):
    sign_in(client, who)
    for url in urls(data):
        assert client.get(url).status_code == 200, url
    assert "جمعية سرية" in client.get("/admin/associations/").content.decode()
    assert "hidden-member" in client.get("/admin/memberships/").content.decode()
    assert data["invite"].display_code in client.get("/admin/invite_codes/").content.decode()


def test_centre_staff_group_permissions_come_from_migrations():
    group = Group.objects.get(name=CENTRE_STAFF_GROUP)
    codenames = set(
        group.permissions.filter(content_type__app_label="organisations").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        "add_organisation",
        "change_organisation",
        "view_organisation",
        "add_invitecode",
        "change_invitecode",
        "delete_invitecode",
        "view_invitecode",
        "change_membership",
        "delete_membership",
        "view_membership",
    }
    trainers = Group.objects.get(name=TRAINERS_GROUP)
    assert not trainers.permissions.filter(content_type__app_label="organisations").exists()


def test_menu_shows_only_for_centre_staff(client):
    sign_in(client, "trainer")
    assert "/admin/associations/" not in client.get("/admin/").content.decode()
    client.logout()
    sign_in(client, "centre staff")
    assert "/admin/associations/" in client.get("/admin/").content.decode()


def test_centre_staff_create_an_association_in_both_languages(client):
    sign_in(client, "centre staff")
    response = client.post(
        "/admin/associations/new/",
        {"name_ar": "جمعية الأمل", "name_en": "", "region": "south", "active": "on"},
    )
    assert response.status_code == 200  # the English name is required too
    assert not Organisation.objects.exists()
    response = client.post(
        "/admin/associations/new/",
        {
            "name_ar": "جمعية الأمل",
            "name_en": "Hope Association",
            "region": "south",
            "active": "on",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert (org.name_ar, org.name_en, org.region, org.active) == (
        "جمعية الأمل",
        "Hope Association",
        "south",
        True,
    )
    assert len(org.public_id) == 12


def test_centre_staff_create_invite_codes_with_limits(client, data):
    sign_in(client, "centre staff")
    expiry = timezone.localtime() + timedelta(days=7)
    response = client.post(
        "/admin/invite_codes/new/",
        {
            "organisation": data["org"].pk,
            "expires_at": expiry.strftime("%Y-%m-%d %H:%M"),
            "uses_left": "20",
        },
    )
    assert response.status_code == 302
    invite = InviteCode.objects.exclude(pk=data["invite"].pk).get()
    assert invite.organisation == data["org"]
    assert invite.uses_left == 20
    assert abs(invite.expires_at - expiry) < timedelta(minutes=1)
    assert len(invite.code) == 12
    # Without limits.
    client.post("/admin/invite_codes/new/", {"organisation": data["org"].pk})
    unlimited = InviteCode.objects.exclude(pk__in=[data["invite"].pk, invite.pk]).get()
    assert unlimited.uses_left is None and unlimited.expires_at is None
    # Zero uses makes no sense.
    response = client.post(
        "/admin/invite_codes/new/", {"organisation": data["org"].pk, "uses_left": "0"}
    )
    assert response.status_code == 200
    assert InviteCode.objects.count() == 3


def test_editing_a_code_does_not_give_back_uses_spent_meanwhile(client, data):
    sign_in(client, "centre staff")
    invite = data["invite"]  # 3 uses
    url = f"/admin/invite_codes/edit/{invite.pk}/"
    form_page = client.get(url).content.decode()
    assert 'name="uses_left_shown" value="3"' in form_page
    join_by_code(UserFactory(), invite.code)  # someone joins while the form is open
    expiry = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        url,
        {"expires_at": expiry, "uses_left": "3", "uses_left_shown": "3"},
    )
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.uses_left == 2  # staff did not touch it: the spent use stays spent
    assert invite.expires_at is not None
    # A value staff do type is written.
    client.post(url, {"uses_left": "10", "uses_left_shown": "2"})
    invite.refresh_from_db()
    assert invite.uses_left == 10


def test_centre_staff_make_and_unmake_a_coordinator(client, data):
    sign_in(client, "centre staff")
    membership = data["membership"]
    url = f"/admin/memberships/edit/{membership.pk}/"
    assert client.post(url, {"role": "coordinator"}).status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == Role.COORDINATOR
    client.post(url, {"role": "member"})
    assert Membership.objects.get(pk=membership.pk).role == Role.MEMBER


def test_admin_never_changes_a_members_consent(client, data):
    sign_in(client, "centre staff")
    membership = data["membership"]
    url = f"/admin/memberships/edit/{membership.pk}/"
    assert "share_progress" not in client.get(url).content.decode()
    client.post(url, {"role": "member", "share_progress": "on"})
    assert Membership.objects.get(pk=membership.pk).share_progress is False


@pytest.mark.parametrize("who", ["centre staff", "superuser"])
def test_nobody_adds_members_from_the_admin(client, data, who):
    sign_in(client, who)
    response = client.get("/admin/memberships/new/")
    assert response.status_code in (302, 403, 404)
    client.post(
        "/admin/memberships/new/",
        {"user": UserFactory().pk, "organisation": data["org"].pk, "role": "coordinator"},
    )
    assert Membership.objects.count() == 1
