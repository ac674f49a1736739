"""Quizzes: a quiz is a course step (`courses.StepPage`) whose questions and choices are
plain models edited inline in the page editor, both languages on one structure and one
answer key. Attempts freeze what was asked, what was picked and how it was scored, so later
edits never rewrite history.

The names here are a contract shared with the statistics, import and reports code.
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from courses.models import CoursePage, StepPage

from .forms import QuizPageForm
from .validation import question_errors


class Grading(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")


class Review(models.TextChoices):
    SCORE = "score", _("Score only")
    ANSWERS = "answers", _("Score and correct answers")
    FEEDBACK = "feedback", _("Score, correct answers, feedback and explanations")


class Kind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT = "short", _("Short answer")


class Scoring(models.TextChoices):
    PARTIAL = "partial", _("Partial credit")
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")


class QuizPage(StepPage):
    """A practice quiz under a module, or a final quiz directly under a course."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Markdown. Shown before an attempt starts.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means unlimited."),
    )
    grading = models.CharField(
        _("grading method"), max_length=16, choices=Grading.choices, default=Grading.HIGHEST
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    draw = models.PositiveSmallIntegerField(
        _("questions drawn per attempt"),
        default=0,
        validators=[MaxValueValidator(500)],
        help_text=_("0 asks every question; N draws N questions at random for each attempt."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        default=0,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("0 means no time limit."),
    )
    review = models.CharField(
        _("after submitting, show"),
        max_length=16,
        choices=Review.choices,
        default=Review.FEEDBACK,
    )

    base_form_class = QuizPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempts_allowed")]),
                FieldPanel("grading"),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldRowPanel([FieldPanel("draw"), FieldPanel("time_limit_minutes")]),
                FieldPanel("review"),
            ],
            heading=_("Quiz settings"),
        ),
        InlinePanel("questions", heading=_("Questions"), label=_("Question")),
    ]

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def get_context(self, request, *args, **kwargs):
        from courses.markdown import render_markdown

        from .services import quiz_summary

        context = super().get_context(request, *args, **kwargs)
        context["summary"] = quiz_summary(request.user, self)
        context["intro_html"] = render_markdown(self.intro) if self.intro else ""
        return context

    def structure_errors(self) -> list[str]:
        """Problems of the saved (or in-memory) questions, for importers and checks."""
        errors = []
        for position, question in enumerate(self.questions.all(), start=1):
            choices = list(question.choices.all())
            for message in question_errors(
                question.kind,
                [c.is_correct for c in choices],
                (question.accepted_answers_ar or "") + "\n" + (question.accepted_answers_en or ""),
            ):
                errors.append(f"{position}: {message}")
        return errors


class Question(ClusterableModel, Orderable):
    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Markdown. Shown after submitting, when the quiz shows feedback."),
    )
    scoring = models.CharField(
        _("scoring"),
        max_length=16,
        choices=Scoring.choices,
        default=Scoring.PARTIAL,
        help_text=_(
            "Multiple choice only. Partial credit: correct picks minus wrong picks, over the "
            "number of correct choices, never below zero."
        ),
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "Short answer only: one accepted answer per line. Case, spaces, Arabic diacritics, "
            "hamza forms and digit styles are ignored when comparing."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("scoring")]),
        FieldRowPanel([FieldPanel("text", widget=forms.Textarea(attrs={"rows": 3}))]),
        FieldRowPanel([FieldPanel("accepted_answers", widget=forms.Textarea(attrs={"rows": 3}))]),
        FieldRowPanel([FieldPanel("explanation", widget=forms.Textarea(attrs={"rows": 3}))]),
        InlinePanel("choices", heading=_("Choices"), label=_("Choice")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:80]


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("choice"))
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(
        _("feedback"), blank=True, help_text=_("Markdown. Shown after submitting, if picked.")
    )

    panels = [
        FieldRowPanel([FieldPanel("text", widget=forms.Textarea(attrs={"rows": 1}))]),
        FieldPanel("is_correct"),
        FieldRowPanel([FieldPanel("feedback", widget=forms.Textarea(attrs={"rows": 2}))]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text[:80]


class Attempt(models.Model):
    """One try at a quiz. Open while `submitted_at` is null; graded once, at submission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(QuizPage, on_delete=models.CASCADE, related_name="attempts")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # Question ids as drawn and shuffled for this attempt, and the choice ids of each
    # question in the order shown ({"question id": [choice ids]}).
    question_order = models.JSONField(default=list)
    choice_order = models.JSONField(default=dict)
    # Answers saved with "Save" but not yet submitted ({"question id": [choice ids] | text}).
    saved = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="uniq_attempt_user_quiz_number"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="uniq_open_attempt_user_quiz",
            ),
        ]
        indexes = [
            models.Index(fields=["quiz", "submitted_at"]),
            models.Index(fields=["course", "submitted_at"]),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.quiz_id} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptAnswer(models.Model):
    """One question of a submitted attempt, frozen: the text in both languages, the
    choices shown (with which were correct), what was picked and the points given."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text_ar = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    explanation_ar = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    # [{"id", "text_ar", "text_en", "correct", "feedback_ar", "feedback_en"}] in the order shown
    choices = models.JSONField(default=list)
    picked = models.JSONField(default=list)
    answer_text = models.TextField(blank=True)
    # Short answers: the accepted answers at the time ({"ar": [...], "en": [...]}), so the
    # review keeps showing what was accepted whatever is edited later.
    accepted = models.JSONField(default=dict, blank=True)
    points = models.DecimalField(max_digits=6, decimal_places=4)
    correct = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="uniq_attempt_answer_position"
            )
        ]
        indexes = [models.Index(fields=["question"])]

    def __str__(self):
        return f"{self.attempt_id} · {self.position}"


class ExtraAttempt(models.Model):
    """Centre staff granted `user` one more attempt at `quiz` than the quiz allows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey(QuizPage, on_delete=models.CASCADE, related_name="extra_attempts")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("extra attempt")
        verbose_name_plural = _("extra attempts")
        indexes = [models.Index(fields=["user", "quiz"])]

    def __str__(self):
        return f"+1 {self.user_id} · {self.quiz_id}"
