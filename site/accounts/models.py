from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A username is all we need. Email and real name are optional and never shown to
    other users. We store no IP address, user agent or phone number."""

    email = models.EmailField(_("email address (optional)"), blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
