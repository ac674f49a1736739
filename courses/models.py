"""Course pages (catalogue → course → module → step) and the learner's records.

A step is any page a trainee completes: a lesson here, a quiz in `quizzes`. Both languages
live on one page (modeltranslation), so progress, enrolments and certificates are per page,
never per language copy.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from .blocks import LessonBodyBlock


class Track(models.TextChoices):
    DIGITAL_SECURITY = "digital-security", _("Information and digital security")
    DOCUMENTATION = "documentation", _("Documentation methodology")
    ADVOCACY = "advocacy", _("Advocacy at UN bodies")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CachedViewRestrictionsMixin:
    """A page served from the route cache (courses.middleware) carries Wagtail's view
    restrictions over it, read when it was cached: no query to check them again."""

    def get_view_restrictions(self):
        cached = getattr(self, "_cached_view_restrictions", None)
        if cached is not None:
            return cached
        return super().get_view_restrictions()


class CourseIndexPage(CachedViewRestrictionsMixin, Page):
    """The catalogue (slug "courses"): every live course, filterable by track."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def serve(self, request, *args, **kwargs):
        from .views import catalogue

        return catalogue(request, self)

    def route(self, request, path_components):
        # Courses are the only children: fetch the specific course in one query.
        if path_components:
            course = CoursePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if course is not None:
                return course.route(request, path_components[1:])
        result = super().route(request, path_components)
        if not path_components and result.page is self and not result.args:
            from .middleware import remember_route

            remember_route(request, self, None)  # the catalogue itself
        return result


class CoursePage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    track = models.CharField(_("track"), max_length=32, choices=Track.choices)
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER
    )
    estimated_hours = models.PositiveSmallIntegerField(_("estimated hours"), default=1)
    summary = models.TextField(_("summary"), blank=True)
    sequential = models.BooleanField(
        _("sequential"),
        default=True,
        help_text=_("Later modules open only when the earlier ones are complete."),
    )
    awards_certificate = models.BooleanField(_("awards a certificate"), default=True)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        default=0,
        validators=[MaxValueValidator(600)],
        help_text=_("0 means the certificate never expires."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("track"),
                FieldPanel("level"),
                FieldPanel("estimated_hours"),
                FieldPanel("sequential"),
                FieldPanel("awards_certificate"),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Course settings"),
        ),
        InlinePanel("glossary_terms", label=_("Glossary terms")),
    ]

    # No subpage_types: ModulePage and quizzes.QuizPage name this page in their own
    # parent_page_types, so courses never has to name quizzes.
    parent_page_types = ["courses.CourseIndexPage"]

    class Meta:
        verbose_name = _("course")

    def route(self, request, path_components):
        """Find a module or step from the course outline (one query), which the step then
        reuses for its navigation and locking, instead of one lookup per URL segment. The
        course's own page and its steps are remembered in the route cache."""
        if not path_components and self.live:
            result = super().route(request, path_components)
            if result.page is self:
                from .middleware import remember_route
                from .services import course_outline, remember_outline

                outline = course_outline(self)
                remember_outline(request, outline)
                remember_route(request, self, outline, subpath="/")
            return result
        if 1 <= len(path_components) <= 2 and self.live:
            from .services import course_outline, remember_outline

            outline = course_outline(self)
            remember_outline(request, outline)
            target = outline.find(path_components)
            if target is not None:
                step = target.specific
                result = step.route(request, [])
                if isinstance(step, StepPage) and result.page is step and not result.args:
                    from .middleware import remember_route

                    remember_route(request, step, outline)
                return result
        return super().route(request, path_components)

    @path("")
    def course_home(self, request):
        from .views import course_page

        return course_page(request, self)

    @path("glossary/")
    def glossary(self, request):
        from .views import glossary_page

        return glossary_page(request, self)


class GlossaryTerm(Orderable):
    """A key term of one course, in both languages, with its definition."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="glossary_terms")
    term_id = models.CharField(
        _("id"),
        max_length=100,
        validators=[
            RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("Lower-case letters, digits, hyphens."))
        ],
        help_text=_("Used in the key-terms block of a lesson, e.g. two-factor-authentication."),
    )
    term = models.CharField(_("term"), max_length=200)
    definition = models.TextField(_("definition"))

    panels = [FieldPanel("term_id"), FieldPanel("term"), FieldPanel("definition")]

    class Meta(Orderable.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(fields=["course", "term_id"], name="uniq_glossary_term")
        ]

    def __str__(self):
        return self.term


class OutlinePage:
    """Modules and steps: publishing or unpublishing one changes its course's outline, so
    its save recounts `Enrollment.steps_done` when `live` changes (in the same
    transaction: `courses.outline_counters`)."""

    def save(self, *args, **kwargs):
        from .outline_counters import save_page

        return save_page(self, super().save, *args, **kwargs)


class ModulePage(OutlinePage, Page):
    summary = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]

    # No subpage_types: LessonPage and quizzes.QuizPage name this page as their parent.
    parent_page_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("module")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        course = CoursePage.objects.ancestor_of(self).first()
        if course is None:
            return super().serve(request, *args, **kwargs)
        return redirect(f"{course.get_url(request)}#module-{self.pk}")


class StepPage(CachedViewRestrictionsMixin, OutlinePage, Page):
    """Anything a trainee completes in a course: a lesson, a quiz. Abstract; the step order
    and locking rules are in `courses.services`."""

    # Translated fields whose emptiness in the current language shows the fallback notice.
    fallback_fields: tuple[str, ...] = ("title",)

    class Meta:
        abstract = True

    def get_course(self) -> "CoursePage | None":
        prefixes = [self.path[: i * self.steplen] for i in range(1, len(self.path) // self.steplen)]
        return CoursePage.objects.filter(path__in=prefixes).order_by("-depth").first()

    def navigation(self, request):
        """The step's place in its course for this request's user (computed once)."""
        from .services import request_step_navigation

        return request_step_navigation(request, self)

    def serve(self, request, *args, **kwargs):
        """Signed-in trainees only; a locked step explains itself (status 403)."""
        from .views import locked_response

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.navigation(request).blocker is not None:
            return locked_response(request, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .services import missing_language

        context = super().get_context(request, *args, **kwargs)
        context["step_nav"] = self.navigation(request)
        context["course"] = context["step_nav"].course
        context["fallback"] = missing_language(self, self.fallback_fields)
        return context


class LessonPage(StepPage):
    body = StreamField(LessonBodyBlock(), blank=True, verbose_name=_("body"))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("last_reviewed"), FieldPanel("body")]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    fallback_fields = ("title", "body")

    class Meta:
        verbose_name = _("lesson")

    def key_term_ids(self, body=None) -> list[str]:
        ids = []
        for block in self.body if body is None else body:
            if block.block_type == "key_terms":
                ids.extend(str(term_id) for term_id in block.value)
        return ids

    def clean(self):
        """Key terms must name terms of this course's glossary (in either language's body)."""
        super().clean()
        course = self.get_course() if self.path else None
        if course is None:
            return
        known = set(GlossaryTerm.objects.filter(course=course).values_list("term_id", flat=True))
        unknown = sorted(
            {
                term_id
                for lang in ("ar", "en")
                for term_id in self.key_term_ids(getattr(self, f"body_{lang}") or [])
            }
            - known
        )
        if unknown:
            raise ValidationError(
                _("Unknown glossary id(s): %(ids)s. Add them to the course's glossary first.")
                % {"ids": ", ".join(unknown)}
            )

    def get_context(self, request, *args, **kwargs):
        from .services import glossary_for

        context = super().get_context(request, *args, **kwargs)
        context["glossary"] = glossary_for(context["course"], self.key_term_ids(), request)
        return context


class Enrollment(models.Model):
    """A trainee taking a course. `completed_at`, once set, stays set: a course completed
    stays completed for that trainee even if pages are later added, unpublished or deleted.

    `steps_done` is a counter kept for the reports, which would otherwise count every
    trainee's completions afresh. Invariant: it equals the number of the user's
    `StepCompletion` rows whose page is a step of the course's current live outline
    (`courses.services.course_outline(course).step_ids()`; 0 once the course page is gone),
    the `done` of `courses.services.Progress`. It is kept right in the transaction of every
    change that can move it: `complete_step` and `start_course` set it under the outline
    lock, and publishing, unpublishing, moving or deleting a page in a course recounts that
    course (`courses.services.recount_steps_done`; see `courses.outline_counters`). Code
    that writes completions or pages straight into the tables must write it too, or call
    `recount_steps_done` afterwards.

    `quizzes_scored` and `best_scores_sum` are the reports' quiz counters, written by the
    quizzes app (this app knows nothing of quizzes; see `quizzes.services`). Invariant: over
    the user's attempts with this course (`Attempt.course`) that are submitted and have a
    score, `quizzes_scored` is the number of distinct quizzes and `best_scores_sum` the sum
    of each quiz's best score, so that their ratio is the person's average best score in the
    course. They are kept right in the transaction of every change that can move them:
    submitting an attempt (`quizzes.services.submit_attempt`) recounts that enrolment, and
    deleting attempts otherwise than with their user (a quiz or course page deleted, the
    quizzes' personal-data erase) recounts (`quizzes.services.recount_quiz_scores`). Code
    that writes attempts straight into the tables must call that recount afterwards."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    # No database constraint and no cascade: deleting a course page keeps the record.
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="enrollments",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_step = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    steps_done = models.PositiveIntegerField(_("steps completed"), default=0, editable=False)
    quizzes_scored = models.PositiveIntegerField(
        _("quizzes with a score"), default=0, editable=False
    )
    # Attempt.score is DecimalField(5, 2): room here for the best scores of 99,999 quizzes.
    best_scores_sum = models.DecimalField(
        _("sum of best quiz scores"), max_digits=9, decimal_places=2, default=0, editable=False
    )

    class Meta:
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="uniq_enrollment_user_course")
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self):
        return f"{self.user_id} → {self.course_id}"


class StepCompletion(models.Model):
    """A trainee completed a step. Never deleted with the page (no cascade, no database
    constraint), so unpublishing or deleting a lesson keeps everyone's history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_completions"
    )
    page = models.ForeignKey(
        Page, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("step completion")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="uniq_step_completion")
        ]

    def __str__(self):
        return f"{self.user_id} ✓ {self.page_id}"
