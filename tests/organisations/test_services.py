from datetime import timedelta

import pytest
from django.utils import timezone

from madafe.organisations import services
from madafe.organisations.models import (
    INVITE_CODE_ALPHABET,
    INVITE_CODE_LENGTH,
    InviteCode,
    Membership,
    Role,
    format_invite_code,
    normalise_invite_code,
)
from madafe.organisations.services import JoinError
from tests.accounts.factories import UserFactory

from .factories import InviteCodeFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English; the site's default language is Arabic."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_invite_codes_are_random_and_readable():
    codes = {InviteCodeFactory().code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == INVITE_CODE_LENGTH
        assert set(code) <= set(INVITE_CODE_ALPHABET)
        assert not set(code) & set("0O1IL")  # no look-alikes
    assert format_invite_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-JKMN",
        "abcd efgh jkmn",
        " abcd-efgh-jkmn ",
        "Abcd—Efgh–Jkmn",  # em and en dashes
        "\u200fABCD-EFGH-JKMN\u200e",  # direction marks picked up when copying Arabic text
        "ＡＢＣＤＥＦＧＨＪＫＭＮ",  # full-width letters
    ],
)
def test_codes_are_found_however_they_are_typed(typed):
    invite = InviteCodeFactory(code="ABCDEFGHJKMN")
    user = UserFactory()
    result = services.join_by_code(user, typed)
    assert result.created
    assert result.membership.organisation == invite.organisation


def test_arabic_indic_digits_count_as_digits():
    assert normalise_invite_code("٢٣٤٥-abcd") == "2345ABCD"
    assert normalise_invite_code("۲۳۴۵") == "2345"  # Persian forms too


def test_join_with_a_valid_code():
    invite = InviteCodeFactory(uses_left=2)
    user = UserFactory()
    result = services.join_by_code(user, invite.display_code)
    assert result.created
    membership = Membership.objects.get(user=user)
    assert membership.organisation == invite.organisation
    assert membership.role == Role.MEMBER
    assert membership.share_progress is False  # off until the member says otherwise
    invite.refresh_from_db()
    assert invite.uses_left == 1


def test_code_without_limits_is_not_counted_down():
    invite = InviteCodeFactory(uses_left=None, expires_at=None)
    for _ in range(3):
        services.join_by_code(UserFactory(), invite.code)
    invite.refresh_from_db()
    assert invite.uses_left is None
    assert invite.organisation.memberships.count() == 3


def test_joining_twice_changes_nothing():
    invite = InviteCodeFactory(uses_left=5)
    user = UserFactory()
    first = services.join_by_code(user, invite.code)
    services.set_share_progress(first.membership, True)
    second = services.join_by_code(user, invite.code)
    assert not second.created
    assert second.membership.pk == first.membership.pk
    assert Membership.objects.filter(user=user).count() == 1
    membership = Membership.objects.get(user=user)
    assert membership.share_progress is True
    assert membership.joined_at == first.membership.joined_at
    invite.refresh_from_db()
    assert invite.uses_left == 4  # the second try used nothing


def test_member_rejoining_with_a_spent_code_is_told_they_are_a_member():
    invite = InviteCodeFactory(uses_left=1)
    user = UserFactory()
    services.join_by_code(user, invite.code)
    result = services.join_by_code(user, invite.code)
    assert not result.created


def test_expired_code():
    invite = InviteCodeFactory(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(JoinError) as caught:
        services.join_by_code(UserFactory(), invite.code)
    assert caught.value.reason == JoinError.EXPIRED
    assert "expired" in str(caught.value.message)
    assert not Membership.objects.exists()


def test_code_expiring_later_still_works():
    invite = InviteCodeFactory(expires_at=timezone.now() + timedelta(days=1))
    assert services.join_by_code(UserFactory(), invite.code).created


def test_used_up_code():
    invite = InviteCodeFactory(uses_left=1)
    services.join_by_code(UserFactory(), invite.code)
    late = UserFactory()
    with pytest.raises(JoinError) as caught:
        services.join_by_code(late, invite.code)
    assert caught.value.reason == JoinError.USED_UP
    assert "used as many times" in str(caught.value.message)
    assert not Membership.objects.filter(user=late).exists()
    invite.refresh_from_db()
    assert invite.uses_left == 0


@pytest.mark.parametrize("typed", ["NOPE-NOPE-NOPE", "", "   ", "--"])
def test_unknown_code(typed):
    InviteCodeFactory()
    with pytest.raises(JoinError) as caught:
        services.join_by_code(UserFactory(), typed)
    assert caught.value.reason == JoinError.UNKNOWN
    assert "No association uses this invite code" in str(caught.value.message)
    assert not Membership.objects.exists()


def test_inactive_association():
    invite = InviteCodeFactory(organisation=OrganisationFactory(active=False), uses_left=3)
    with pytest.raises(JoinError) as caught:
        services.join_by_code(UserFactory(), invite.code)
    assert caught.value.reason == JoinError.INACTIVE
    assert "not accepting new members" in str(caught.value.message)
    invite.refresh_from_db()
    assert invite.uses_left == 3


def test_guessing_codes_is_paused_after_too_many_unknown_codes():
    user = UserFactory()
    invite = InviteCodeFactory()
    for _ in range(services.JOIN_FAILURES_ALLOWED):
        with pytest.raises(JoinError):
            services.join_by_code(user, "WRONG-WRONG")
    with pytest.raises(JoinError) as caught:
        services.join_by_code(user, invite.code)  # even a good code, for now
    assert caught.value.reason == JoinError.TOO_MANY_ATTEMPTS
    assert not Membership.objects.filter(user=user).exists()
    # Someone else is not affected.
    assert services.join_by_code(UserFactory(), invite.code).created


def test_leave():
    membership = MembershipFactory()
    other = MembershipFactory(user=membership.user)
    services.leave(membership)
    assert list(Membership.objects.filter(user=membership.user)) == [other]


def test_set_share_progress_on_and_off():
    membership = MembershipFactory()
    services.set_share_progress(membership, True)
    assert Membership.objects.get(pk=membership.pk).share_progress is True
    services.set_share_progress(membership, False)
    assert Membership.objects.get(pk=membership.pk).share_progress is False


def test_make_and_unmake_coordinator():
    membership = MembershipFactory()
    services.make_coordinator(membership)
    assert Membership.objects.get(pk=membership.pk).role == Role.COORDINATOR
    assert services.is_any_coordinator(membership.user)
    services.unmake_coordinator(membership)
    assert Membership.objects.get(pk=membership.pk).role == Role.MEMBER
    assert not services.is_any_coordinator(membership.user)


def test_one_membership_per_user_and_association_in_the_database():
    from django.db import IntegrityError, transaction

    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, organisation=membership.organisation)


def test_uses_left_cannot_go_negative_in_the_database():
    from django.db import IntegrityError, transaction

    invite = InviteCodeFactory(uses_left=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        InviteCode.objects.filter(pk=invite.pk).update(uses_left=-1)


def test_public_ids_are_opaque_and_distinct():
    organisations = [OrganisationFactory() for _ in range(10)]
    ids = {organisation.public_id for organisation in organisations}
    assert len(ids) == 10
    for organisation in organisations:
        assert str(organisation.pk) != organisation.public_id
        assert len(organisation.public_id) >= 12
