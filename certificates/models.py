import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from . import codes
from .rendering import Signatory, TemplateValues

hex_colour = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", _("Enter a colour as # followed by six hexadecimal digits.")
)

# The default look: deep blue, a warm gold accent, dark text on off-white paper.
DEFAULT_TEMPLATE = {
    "name": "Madafe Academy",
    "paper_colour": "#FFFDF7",
    "primary_colour": "#0B4F6C",
    "accent_colour": "#B07D1A",
    "text_colour": "#1F2933",
    "signatory_name_ar": "أكاديمية مدافع",
    "signatory_name_en": "Madafe Academy",
    "signatory_title_ar": "فريق التدريب",
    "signatory_title_en": "Training team",
}


class CertificateTemplate(ClusterableModel):
    """How a certificate looks: colours, an optional background and up to two
    signatories, each named and titled in both languages. One template is the default."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Shown only in the admin."))
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. Covers the whole A4 landscape page (297 × 210 mm); keep it light so "
            "the text stays readable."
        ),
    )
    paper_colour = models.CharField(
        _("paper colour"), max_length=7, default="#FFFDF7", validators=[hex_colour]
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0B4F6C",
        validators=[hex_colour],
        help_text=_("Titles and the outer frame."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#B07D1A",
        validators=[hex_colour],
        help_text=_("The inner frame and the academy's name."),
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#1F2933", validators=[hex_colour]
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=120, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=120, blank=True)
    second_signatory_name = models.CharField(
        _("second signatory's name"), max_length=120, blank=True
    )
    second_signatory_title = models.CharField(
        _("second signatory's title"), max_length=120, blank=True
    )
    is_default = models.BooleanField(
        _("default template"),
        default=False,
        help_text=_("Used for every course that has no template of its own."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("is_default"),
        FieldPanel("background"),
        MultiFieldPanel(
            [
                FieldPanel("paper_colour"),
                FieldPanel("primary_colour"),
                FieldPanel("accent_colour"),
                FieldPanel("text_colour"),
            ],
            heading=_("Colours"),
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title")],
            heading=_("Signatory"),
        ),
        MultiFieldPanel(
            [FieldPanel("second_signatory_name"), FieldPanel("second_signatory_title")],
            heading=_("Second signatory"),
        ),
        InlinePanel(
            "course_assignments",
            heading=_("Courses using this template"),
            label=_("course"),
            help_text=_("A course not listed in any template uses the default template."),
        ),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="certificates_one_default_template",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Choosing a new default takes the flag away from the old one.
        with transaction.atomic():
            if self.is_default:
                CertificateTemplate.objects.filter(is_default=True).exclude(pk=self.pk).update(
                    is_default=False
                )
            super().save(*args, **kwargs)

    def signatories(self) -> list[Signatory]:
        people = []
        for prefix in ("signatory", "second_signatory"):
            person = Signatory(
                name_ar=getattr(self, f"{prefix}_name_ar") or "",
                name_en=getattr(self, f"{prefix}_name_en") or "",
                title_ar=getattr(self, f"{prefix}_title_ar") or "",
                title_en=getattr(self, f"{prefix}_title_en") or "",
            )
            if any((person.name_ar, person.name_en, person.title_ar, person.title_en)):
                people.append(person)
        return people

    def values(self) -> TemplateValues:
        """What the renderer needs. The background image is read into memory (from
        whatever storage holds it)."""
        background = None
        if self.background_id:
            with self.background.file.open("rb") as handle:
                background = handle.read()
        return TemplateValues(
            paper_colour=self.paper_colour,
            primary_colour=self.primary_colour,
            accent_colour=self.accent_colour,
            text_colour=self.text_colour,
            signatories=tuple(self.signatories()),
            background=background,
        )


def default_template() -> CertificateTemplate:
    """The default template, created the first time it is needed. Idempotent and safe
    when two requests ask at once (the partial unique constraint keeps one default)."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    if template is not None:
        return template
    try:
        with transaction.atomic():
            return CertificateTemplate.objects.create(is_default=True, **DEFAULT_TEMPLATE)
    except IntegrityError:
        return CertificateTemplate.objects.get(is_default=True)


class CourseTemplateAssignment(models.Model):
    """Which template a course's certificates use: at most one per course."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="course_assignments"
    )
    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("course")]

    class Meta:
        verbose_name = _("course using this template")
        verbose_name_plural = _("courses using this template")

    def __str__(self):
        return str(self.course)


def upload_to(instance, filename):
    """Rendered files live under a random folder name: nothing in the path says whose
    certificate it is, and the path cannot be guessed from the code."""
    extension = filename.rsplit(".", 1)[-1]
    return f"certificates/{secrets.token_hex(16)}.{extension}"


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(status=Certificate.Status.VALID)

    def current(self, now=None):
        """Valid and not expired."""
        now = now or timezone.now()
        return self.valid().filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class Certificate(models.Model):
    """A certificate of completion. Its course title, track and hours are frozen when it is
    issued (a later edit of the course does not change it until staff re-issue it). It is
    never deleted by revocation: it stays, revoked, so verification says so."""

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        REVOKED = "revoked", _("revoked")

    class NameChoice(models.TextChoices):
        UNCHOSEN = "", _("not chosen yet")
        OWN = "own", _("my name")
        PSEUDONYM = "pseudonym", _("a pseudonym")
        NONE = "none", _("no name")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    # A deleted course page leaves its certificates (with their frozen titles) in place.
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.CharField(_("code"), max_length=codes.MAX_LENGTH, unique=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    name_choice = models.CharField(
        _("name shown"), max_length=10, choices=NameChoice.choices, blank=True, default=""
    )
    display_name = models.CharField(_("name on the certificate"), max_length=120, blank=True)
    course_title_ar = models.CharField(_("course title (Arabic)"), max_length=255)
    course_title_en = models.CharField(_("course title (English)"), max_length=255)
    track = models.CharField(_("track"), max_length=32, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    png = models.FileField(_("PNG file"), upload_to=upload_to, blank=True)
    pdf = models.FileField(_("PDF file"), upload_to=upload_to, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    reissued_at = models.DateTimeField(_("re-issued at"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("renewed at"), null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(status="valid"),
                name="certificates_one_valid_per_user_and_course",
            )
        ]
        permissions = [
            ("manage_certificates", _("Can revoke, reinstate and re-issue certificates")),
            ("download_certificate_archives", _("Can download all certificates of a course")),
        ]

    def __str__(self):
        return self.code

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def state(self, now=None) -> str:
        """What verification says: "valid", "revoked" or "expired"."""
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.is_expired(now):
            return "expired"
        return "valid"

    def get_state_display(self, now=None) -> str:
        return STATE_LABELS[self.state(now)]

    @property
    def shown_name(self) -> str | None:
        """The name the holder chose to show, or None."""
        if self.name_choice in (self.NameChoice.OWN, self.NameChoice.PSEUDONYM):
            return self.display_name or None
        return None

    @property
    def name_chosen(self) -> bool:
        return self.name_choice != self.NameChoice.UNCHOSEN

    @property
    def course_title(self) -> str:
        """The frozen title in the current language, falling back to the other one."""
        from django.utils.translation import get_language

        if (get_language() or "ar").startswith("en"):
            return self.course_title_en or self.course_title_ar
        return self.course_title_ar or self.course_title_en


STATE_LABELS = {
    "valid": _("Valid"),
    "revoked": _("Revoked"),
    "expired": _("Expired"),
}
