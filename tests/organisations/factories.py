import factory

from madafe.organisations.models import InviteCode, Membership, Organisation, Region, Role
from tests.accounts.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_ar = factory.Sequence(lambda n: f"جمعية رقم {n}")
    name_en = factory.Sequence(lambda n: f"Association {n}")
    region = Region.WEST
    active = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER
    share_progress = False


class CoordinatorFactory(MembershipFactory):
    role = Role.COORDINATOR


class InviteCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InviteCode

    organisation = factory.SubFactory(OrganisationFactory)
    expires_at = None
    uses_left = None
