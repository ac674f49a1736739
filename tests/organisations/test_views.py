from datetime import timedelta

import pytest
from django.utils import timezone

from madafe.organisations.models import Membership
from tests.accounts.factories import UserFactory

from .factories import InviteCodeFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MINE = "/{lang}/associations/"
JOIN = "/{lang}/associations/join/"


@pytest.fixture
def trainee(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_anonymous_visitors_are_sent_to_sign_in(client):
    org = OrganisationFactory()
    for url in (
        "/en/associations/",
        f"/en/associations/{org.public_id}/leave/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    response = client.post("/en/associations/join/", {"code": "ABCD"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("lang", "direction", "heading", "nav"),
    [("en", "ltr", "My associations", "My associations"), ("ar", "rtl", "جمعياتي", "جمعياتي")],
)
def test_my_associations_in_both_languages(client, trainee, lang, direction, heading, nav):
    org = OrganisationFactory(name_ar="جمعية النور", name_en="Al-Nour Association")
    MembershipFactory(user=trainee, organisation=org)
    response = client.get(MINE.format(lang=lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'dir="{direction}"' in html
    assert heading in html
    assert f'href="/{lang}/associations/"' in html and nav in html  # nav link
    assert (org.name_en if lang == "en" else org.name_ar) in html
    assert f"/{lang}/associations/{org.public_id}/leave/" in html
    assert f"/{lang}/associations/{org.public_id}/sharing/" in html
    assert f"/{org.pk}/" not in html.replace(org.public_id, "")  # the database id never shows
    assert '<label for="id_code">' in html
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_consent_explanation_is_plain_and_present(client, trainee):
    org = OrganisationFactory(name_en="Al-Nour Association")
    MembershipFactory(user=trainee, organisation=org)
    html = client.get("/en/associations/").content.decode()
    assert "You do not share your progress" in html
    assert "the coordinators of Al-Nour Association can see your username" in html
    assert "They never see your answers to quiz questions" in html
    assert "Share my progress" in html
    html_ar = client.get("/ar/associations/").content.decode()
    assert "لا يرون أبدًا إجاباتك" in html_ar


def test_no_memberships_is_fine(client, trainee):
    html = client.get("/en/associations/").content.decode()
    assert "You do not belong to any association" in html
    assert "Join with an invite code" in html


def test_nav_link_only_for_signed_in_users(client, home_page):
    assert "My associations" not in client.get("/en/").content.decode()
    client.force_login(UserFactory())
    assert "My associations" in client.get("/en/").content.decode()


def test_join_by_code_through_the_page(client, trainee):
    invite = InviteCodeFactory(uses_left=3)
    response = client.post("/en/associations/join/", {"code": invite.display_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == "/en/associations/"
    assert Membership.objects.filter(user=trainee, organisation=invite.organisation).exists()
    html = client.get("/en/associations/").content.decode()
    assert f"You joined {invite.organisation.name_en}." in html
    # Twice: told so, nothing changes.
    client.post("/en/associations/join/", {"code": invite.code})
    html = client.get("/en/associations/").content.decode()
    assert f"You are already a member of {invite.organisation.name_en}." in html
    assert Membership.objects.filter(user=trainee).count() == 1


@pytest.mark.parametrize(
    ("setup", "message_en", "message_ar"),
    [
        ("unknown", "No association uses this invite code", "لا تستخدم أي جمعية رمز الدعوة هذا"),
        ("expired", "This invite code has expired", "انتهت صلاحية رمز الدعوة هذا"),
        ("used_up", "used as many times as it allows", "استُخدم رمز الدعوة هذا"),
        ("inactive", "not accepting new members", "لا تقبل هذه الجمعية"),
        ("empty", "Enter the invite code your association gave you.", "أدخل رمز الدعوة"),
    ],
)
def test_join_errors_are_said_in_words(client, trainee, setup, message_en, message_ar):
    if setup == "expired":
        code = InviteCodeFactory(expires_at=timezone.now() - timedelta(days=1)).code
    elif setup == "used_up":
        code = InviteCodeFactory(uses_left=0).code
    elif setup == "inactive":
        code = InviteCodeFactory(organisation=OrganisationFactory(active=False)).code
    elif setup == "empty":
        code = ""
    else:
        code = "ZZZZ-ZZZZ-ZZZZ"
    for lang, message in (("en", message_en), ("ar", message_ar)):
        response = client.post(JOIN.format(lang=lang), {"code": code})
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert 'class="errorlist' in html
    assert not Membership.objects.filter(user=trainee).exists()


def test_join_page_does_not_answer_get(client, trainee):
    assert client.get("/en/associations/join/").status_code == 405


def test_leave_asks_first_then_leaves_on_post(client, trainee):
    membership = MembershipFactory(user=trainee)
    url = f"/en/associations/{membership.organisation.public_id}/leave/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Yes, leave this association" in html
    assert 'method="post"' in html
    assert Membership.objects.filter(pk=membership.pk).exists()  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    html = client.get("/en/associations/").content.decode()
    assert f"You left {membership.organisation.name_en}." in html


def test_sharing_toggle(client, trainee):
    membership = MembershipFactory(user=trainee)
    url = f"/en/associations/{membership.organisation.public_id}/sharing/"
    assert client.post(url, {"share": "1"}).status_code == 302
    assert Membership.objects.get(pk=membership.pk).share_progress is True
    html = client.get("/en/associations/").content.decode()
    assert "can now see your progress" in html
    assert "Stop sharing my progress" in html
    client.post(url, {"share": "0"})
    assert Membership.objects.get(pk=membership.pk).share_progress is False
    assert client.post(url, {"share": "maybe"}).status_code == 400
    assert client.get(url).status_code == 405


def test_someone_elses_association_is_404(client, trainee):
    """A trainee cannot leave, or change consent in, an association they are not in, even
    knowing its public id; a made-up id looks the same."""
    other = MembershipFactory()
    public_id = other.organisation.public_id
    for url in (
        f"/en/associations/{public_id}/leave/",
        "/en/associations/doesnotexist/leave/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    response = client.post(f"/en/associations/{public_id}/sharing/", {"share": "1"})
    assert response.status_code == 404
    assert Membership.objects.get(pk=other.pk).share_progress is False
    assert Membership.objects.filter(pk=other.pk).exists()
    # The database id does not work either.
    assert client.get(f"/en/associations/{other.organisation.pk}/leave/").status_code == 404


def _count_queries(client, django_assert_max_num_queries, url, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_my_associations_query_budget(client, trainee, django_assert_max_num_queries):
    """User, the MFA policy (groups, coordinator role), the memberships with their
    associations; the first request of a session also writes its idle timestamp."""
    MembershipFactory(user=trainee)
    client.get("/en/associations/")  # the session's first request saves it
    one = _count_queries(client, django_assert_max_num_queries, "/en/associations/", 5)
    for _ in range(6):
        MembershipFactory(user=trainee)
    many = _count_queries(client, django_assert_max_num_queries, "/en/associations/", 5)
    assert one == many  # independent of the number of memberships


def test_leave_page_query_budget(client, trainee, django_assert_max_num_queries):
    membership = MembershipFactory(user=trainee)
    client.get("/en/associations/")
    _count_queries(
        client,
        django_assert_max_num_queries,
        f"/en/associations/{membership.organisation.public_id}/leave/",
        5,
    )


def test_join_post_query_budget(client, trainee, django_assert_max_num_queries):
    invite = InviteCodeFactory(uses_left=5)
    client.get("/en/associations/")
    # User and MFA policy (3), the locked code, the existing-membership check, the insert,
    # the conditional update, savepoints, and the session write for the flash message.
    with django_assert_max_num_queries(12):
        response = client.post("/en/associations/join/", {"code": invite.code})
    assert response.status_code == 302


def test_coordinator_of_a_cannot_act_on_b_by_its_public_id(client):
    from tests.accounts.factories import activate_totp

    from .factories import CoordinatorFactory

    coordinator_a = CoordinatorFactory()
    activate_totp(coordinator_a.user)
    member_b = MembershipFactory(
        organisation=OrganisationFactory(name_en="Bravo Association"), share_progress=False
    )
    client.force_login(coordinator_a.user)
    public_id = member_b.organisation.public_id
    for method, url, data in (
        ("get", f"/en/associations/{public_id}/leave/", {}),
        ("post", f"/en/associations/{public_id}/leave/", {}),
        ("post", f"/en/associations/{public_id}/sharing/", {"share": "1"}),
    ):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
        assert "Bravo Association" not in response.content.decode()
    assert Membership.objects.filter(organisation=member_b.organisation).count() == 1
    assert Membership.objects.get(pk=member_b.pk).share_progress is False
    # Their own page lists A only.
    html = client.get("/en/associations/").content.decode()
    assert coordinator_a.organisation.name_en in html
    assert "Bravo Association" not in html
