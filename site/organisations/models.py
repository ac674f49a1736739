"""Partner associations, who belongs to them, and the invite codes that let people join.

This app knows users and nothing of courses, quizzes or certificates: the reports app reads
memberships from here, never the other way round."""

import secrets
import unicodedata

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Opaque public ids: lower-case letters and digits without look-alikes, so an id read aloud
# or copied from a printed export is unambiguous. 12 characters of 31 = about 59 bits.
PUBLIC_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PUBLIC_ID_LENGTH = 12

# Invite codes: the same alphabet in capitals (no 0/O, 1/I/L), 12 characters shown as three
# groups of four (ABCD-EFGH-JKMN). Stored without separators.
INVITE_CODE_ALPHABET = PUBLIC_ID_ALPHABET.upper()
INVITE_CODE_LENGTH = 12
INVITE_CODE_GROUP = 4


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_CODE_ALPHABET) for _ in range(INVITE_CODE_LENGTH))


def normalise_invite_code(raw: str) -> str:
    """What a person typed, as stored: capitals, no spaces, dashes, dots or invisible
    direction marks (copying from Arabic text adds them), Arabic-Indic digits as ASCII."""
    out = []
    for char in unicodedata.normalize("NFKC", raw or "")[:200]:
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        elif unicodedata.category(char)[0] in "ZPC":  # separators, punctuation, format marks
            continue
        else:
            out.append(char.upper())
    return "".join(out)


def format_invite_code(code: str) -> str:
    return "-".join(code[i : i + INVITE_CODE_GROUP] for i in range(0, len(code), INVITE_CODE_GROUP))


class Region(models.TextChoices):
    """Where in Libya an association mainly works. Deliberately coarse: the three historical
    regions, plus Libya-wide and outside Libya (many associations work from exile). A city
    would narrow down who the members are; a region does not."""

    WEST = "west", _("Tripolitania (west)")
    EAST = "east", _("Cyrenaica (east)")
    SOUTH = "south", _("Fezzan (south)")
    NATIONWIDE = "nationwide", _("All of Libya")
    ABROAD = "abroad", _("Outside Libya")


class Organisation(models.Model):
    """A partner association. `public_id` is what URLs and exports show; the database id
    never leaves the server."""

    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive associations accept no new members and their reports are closed."),
    )
    public_id = models.CharField(
        _("public id"), max_length=32, unique=True, default=new_public_id, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("association"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    # Only the member changes this, on their own page: the admin shows it, never edits it.
    share_progress = models.BooleanField(_("shares progress with coordinators"), default=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisations_one_membership_per_user"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


class InviteCode(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invite_codes",
        verbose_name=_("association"),
    )
    code = models.CharField(
        _("code"), max_length=32, unique=True, default=new_invite_code, editable=False
    )
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Leave empty for no expiry.")
    )
    uses_left = models.PositiveIntegerField(
        _("uses left"),
        null=True,
        blank=True,
        help_text=_("How many more people can join with this code. Leave empty for no limit."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invite code")
        verbose_name_plural = _("invite codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.display_code

    def save(self, *args, **kwargs):
        # Stored normalised, so a case-insensitive lookup is an exact match on the index.
        self.code = normalise_invite_code(self.code)
        super().save(*args, **kwargs)

    @property
    def display_code(self) -> str:
        return format_invite_code(self.code)

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_used_up(self) -> bool:
        return self.uses_left is not None and self.uses_left <= 0
