"""Organisations' part of "Download my data" and "Delete my account"."""

import pytest
from django.utils import timezone

from madafe.accounts import personal_data
from madafe.accounts.personal_data import Coded
from madafe.organisations import personal_data as org_data
from madafe.organisations.models import InviteCode, Membership, Organisation, Role

from .factories import CoordinatorFactory, InviteCodeFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_registered_from_the_app():
    section = next(s for s in personal_data.sections() if s.key == "organisations")
    assert section.export is org_data.export_memberships
    assert section.erase is org_data.erase_memberships


def test_export_lists_own_memberships_with_both_names_role_consent_and_date():
    member = MembershipFactory(
        organisation__name_ar="جمعية الشاهد", organisation__name_en="Witness", share_progress=True
    )
    user = member.user
    CoordinatorFactory(user=user, organisation__name_en="Second")
    MembershipFactory(organisation__name_en="Not mine")
    rows = org_data.export_memberships(user)
    assert [row["association_name_en"] for row in rows] == ["Witness", "Second"]
    first = rows[0]
    assert first["association_name_ar"] == "جمعية الشاهد"
    assert first["shares_progress_with_coordinators"] is True
    assert first["role"] == Coded(Role.MEMBER, Role.MEMBER.label)
    assert first["joined_at"] <= timezone.now()
    assert rows[1]["role"].value == "coordinator"
    # Nothing about the association beyond its names, and nothing about other members.
    assert set(first) == {
        "association_name_ar",
        "association_name_en",
        "role",
        "shares_progress_with_coordinators",
        "joined_at",
    }


def test_every_exported_key_has_a_label():
    user = MembershipFactory().user
    for row in org_data.export_memberships(user):
        assert set(row) <= set(org_data.LABELS)


def test_erase_deletes_only_the_persons_memberships():
    mine = MembershipFactory()
    organisation = mine.organisation
    theirs = MembershipFactory(organisation=organisation)
    InviteCodeFactory(organisation=organisation)
    org_data.erase_memberships(mine.user)
    assert not Membership.objects.filter(user=mine.user).exists()
    assert Membership.objects.filter(pk=theirs.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert InviteCode.objects.filter(organisation=organisation).count() == 1


def test_memberships_also_cascade_with_the_user_row():
    """Checked, so the eraser is a statement, not the only line of defence."""
    membership = MembershipFactory()
    membership.user.delete()
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_coordinator_who_deletes_leaves_the_association_with_one_member_fewer(home_page):
    from madafe.accounts.services import delete_account

    organisation = OrganisationFactory()
    coordinator = CoordinatorFactory(organisation=organisation)
    for _ in range(3):
        MembershipFactory(organisation=organisation)
    delete_account(coordinator.user)
    assert organisation.memberships.count() == 3
    assert not organisation.memberships.filter(role=Role.COORDINATOR).exists()
