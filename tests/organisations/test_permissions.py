import pytest
from django.contrib.auth.models import AnonymousUser

from madafe.accounts.policy import CENTRE_STAFF_GROUP, TRAINERS_GROUP
from madafe.organisations import services
from madafe.organisations.models import Membership, Organisation
from madafe.organisations.permissions import (
    can_view_member_progress,
    can_view_organisation_report,
    is_centre_staff,
    is_coordinator_of,
    members_visible_to,
    organisations_visible_to,
)
from tests.accounts.factories import UserFactory

from .factories import CoordinatorFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two associations A and B, each with a coordinator, a sharing member and a member
    who does not share; a trainer, centre staff and a plain trainee."""
    a, b = OrganisationFactory(), OrganisationFactory()
    w = {"a": a, "b": b}
    for key, org in (("a", a), ("b", b)):
        w[f"coord_{key}"] = CoordinatorFactory(organisation=org)
        w[f"sharing_{key}"] = MembershipFactory(organisation=org, share_progress=True)
        w[f"private_{key}"] = MembershipFactory(organisation=org, share_progress=False)
    w["staff"] = UserFactory(groups=[CENTRE_STAFF_GROUP])
    w["trainer"] = UserFactory(groups=[TRAINERS_GROUP])
    w["trainee"] = UserFactory()
    return w


def users(world):
    return {
        "anonymous": AnonymousUser(),
        "trainee": world["trainee"],
        "member of A": world["sharing_a"].user,
        "coordinator of A": world["coord_a"].user,
        "coordinator of B": world["coord_b"].user,
        "trainer": world["trainer"],
        "centre staff": world["staff"],
    }


def test_who_is_centre_staff(world):
    assert is_centre_staff(world["staff"])
    assert is_centre_staff(UserFactory(is_superuser=True))
    for name in ("anonymous", "trainee", "coordinator of A", "trainer"):
        assert not is_centre_staff(users(world)[name]), name


def test_coordinator_of_own_association_only(world):
    assert is_coordinator_of(world["coord_a"].user, world["a"])
    assert not is_coordinator_of(world["coord_a"].user, world["b"])
    assert not is_coordinator_of(world["sharing_a"].user, world["a"])
    assert not is_coordinator_of(AnonymousUser(), world["a"])


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("anonymous", set()),
        ("trainee", set()),
        ("member of A", set()),
        ("coordinator of A", {"a"}),
        ("coordinator of B", {"b"}),
        ("trainer", set()),
        ("centre staff", {"a", "b"}),
    ],
)
def test_organisations_visible_to(world, who, visible):
    user = users(world)[who]
    expected = {world[key].pk for key in visible}
    assert set(organisations_visible_to(user).values_list("pk", flat=True)) == expected
    # The named function says exactly the same thing as the queryset filter.
    for org in (world["a"], world["b"]):
        assert can_view_organisation_report(user, org) is (org.pk in expected)


def test_coordinator_of_an_inactive_association_sees_nothing(world):
    Organisation.objects.filter(pk=world["a"].pk).update(active=False)
    world["a"].refresh_from_db()
    coordinator = world["coord_a"].user
    assert not organisations_visible_to(coordinator).exists()
    assert not can_view_organisation_report(coordinator, world["a"])
    assert not members_visible_to(coordinator, world["a"]).exists()
    # Centre staff still do.
    assert can_view_organisation_report(world["staff"], world["a"])


def test_coordinator_sees_only_members_who_share(world):
    coordinator = world["coord_a"].user
    assert set(members_visible_to(coordinator, world["a"])) == {world["sharing_a"]}
    assert members_visible_to(coordinator, world["b"]).count() == 0


def test_consent_on_and_off_changes_what_the_coordinator_sees(world):
    coordinator = world["coord_a"].user
    private = world["private_a"]
    assert private not in members_visible_to(coordinator, world["a"])
    assert not can_view_member_progress(coordinator, private)

    services.set_share_progress(private, True)
    assert private in members_visible_to(coordinator, world["a"])
    assert can_view_member_progress(coordinator, Membership.objects.get(pk=private.pk))

    services.set_share_progress(private, False)
    assert private not in members_visible_to(coordinator, world["a"])
    assert not can_view_member_progress(coordinator, Membership.objects.get(pk=private.pk))


def test_centre_staff_see_every_member(world):
    staff = world["staff"]
    assert members_visible_to(staff, world["a"]).count() == 3
    assert can_view_member_progress(staff, world["private_b"])


@pytest.mark.parametrize(
    "who", ["anonymous", "trainee", "member of A", "coordinator of B", "trainer"]
)
def test_nobody_else_sees_members_of_a(world, who):
    user = users(world)[who]
    assert not members_visible_to(user, world["a"]).exists()
    for key in ("sharing_a", "private_a", "coord_a"):
        assert not can_view_member_progress(user, world[key])


def test_member_progress_function_matches_queryset(world):
    everyone = list(Membership.objects.select_related("organisation"))
    for name, user in users(world).items():
        for org in (world["a"], world["b"]):
            visible = set(members_visible_to(user, org))
            for membership in everyone:
                if membership.organisation_id != org.pk:
                    continue
                assert can_view_member_progress(user, membership) is (membership in visible), (
                    name,
                    membership,
                )


def test_coordinator_who_leaves_loses_access(world):
    coordinator = world["coord_a"]
    services.leave(coordinator)
    assert not can_view_organisation_report(coordinator.user, world["a"])
    assert not organisations_visible_to(coordinator.user).exists()
