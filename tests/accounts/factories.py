import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSPHRASE = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"trainee-{n}")
    password = factory.django.Password(PASSPHRASE)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])


def activate_totp(user):
    """Give `user` a TOTP authenticator; return a function that makes a valid code."""
    import time

    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
    )

    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    def current_code():
        return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    return current_code
