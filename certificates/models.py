from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

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


class CertificateTemplate(models.Model):
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
