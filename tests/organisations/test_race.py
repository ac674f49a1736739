"""Many people join with the same code at the same moment: the code's remaining uses are
counted exactly. Real threads, real PostgreSQL connections (SQLite has no row locks)."""

import pytest
from django.db import connection

from madafe.organisations import services
from madafe.organisations.models import InviteCode, Membership
from tests.accounts.factories import UserFactory
from tests.concurrency import run_at_once
from tests.conftest import postgresql_only

from .factories import InviteCodeFactory

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def test_uses_left_never_goes_negative_under_concurrent_joins():
    assert connection.vendor == "postgresql"
    invite = InviteCodeFactory(uses_left=3)
    users = [UserFactory() for _ in range(12)]
    results = run_at_once(
        [lambda user=user: services.join_by_code(user, invite.display_code) for user in users]
    )
    joined = [r for r in results if isinstance(r, services.JoinResult)]
    refused = [r for r in results if isinstance(r, services.JoinError)]
    assert len(joined) == 3, results
    assert len(refused) == 9, results
    assert {error.reason for error in refused} == {services.JoinError.USED_UP}
    assert Membership.objects.filter(organisation=invite.organisation).count() == 3
    assert InviteCode.objects.get(pk=invite.pk).uses_left == 0


def test_one_person_joining_many_times_at_once_uses_one_place():
    invite = InviteCodeFactory(uses_left=5)
    user = UserFactory()
    results = run_at_once([lambda: services.join_by_code(user, invite.code) for _ in range(8)])
    assert all(isinstance(r, services.JoinResult) for r in results), results
    assert sum(r.created for r in results) == 1
    assert Membership.objects.filter(user=user).count() == 1
    assert InviteCode.objects.get(pk=invite.pk).uses_left == 4


def test_one_person_joining_through_two_codes_at_once_is_one_membership():
    first = InviteCodeFactory(uses_left=5)
    second = InviteCodeFactory(organisation=first.organisation, uses_left=5)
    user = UserFactory()
    jobs = [
        (lambda code=code: services.join_by_code(user, code))
        for code in [first.code, second.code] * 4
    ]
    results = run_at_once(jobs)
    assert all(isinstance(r, services.JoinResult) for r in results), results
    assert sum(r.created for r in results) == 1
    assert Membership.objects.filter(user=user).count() == 1
    spent = (5 - InviteCode.objects.get(pk=first.pk).uses_left) + (
        5 - InviteCode.objects.get(pk=second.pk).uses_left
    )
    assert spent == 1
