"""Thin views: the services decide and grade, the templates show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses import services as course_services
from courses.markdown import render_markdown
from courses.views import locked_response

from . import permissions, ratelimit, services
from .answers import parse_attempt_post, read_body
from .models import QuizPage, Review


def _problem(request, status, title, message, attempt=None, quiz=None):
    return TemplateResponse(
        request,
        "quizzes/problem.html",
        {"title": title, "message": message, "attempt": attempt, "quiz": quiz},
        status=status,
    )


def _too_many(request, attempt=None, quiz=None):
    return _problem(
        request,
        429,
        _("Too many requests"),
        _("You sent this form too many times in a short while. Wait a minute and try again."),
        attempt=attempt,
        quiz=quiz,
    )


def _own_attempt(request, attempt_id):
    """The user's own attempt (404 for anyone else's: its existence is not revealed)."""
    return get_object_or_404(
        permissions.attempts_visible_to(request.user).select_related("quiz"), pk=attempt_id
    )


@require_POST
@login_required
def start(request, quiz_id):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    if not ratelimit.check_and_count(request.user):
        return _too_many(request, quiz=quiz)
    try:
        attempt = services.start_attempt(request.user, quiz)
    except course_services.StepLocked:
        return locked_response(request, quiz)
    except services.NoAttemptsLeft:
        return _problem(
            request,
            403,
            _("No attempts left"),
            _(
                "You have used every attempt this quiz allows. If you need another one, "
                "ask the training centre."
            ),
            quiz=quiz,
        )
    except services.QuizError:
        return _problem(
            request,
            400,
            _("This quiz cannot start"),
            _("This quiz has no questions yet."),
            quiz=quiz,
        )
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


@require_http_methods(["GET", "POST"])
@login_required
def attempt_page(request, attempt_id):
    if request.method == "POST":
        return _post_attempt(request, attempt_id)
    attempt = _own_attempt(request, attempt_id)
    quiz = attempt.quiz
    if attempt.submitted_at is not None:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    if services.is_overdue(attempt):
        services.finalise_overdue(attempt)
        messages.info(request, _("The time limit was reached: your saved answers were graded."))
        return redirect("quizzes:result", attempt_id=attempt.pk)
    questions = services.questions_with_choices(question_ids=attempt.question_order)
    return TemplateResponse(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "questions": services.attempt_form(attempt, questions),
        },
    )


def _post_attempt(request, attempt_id):
    if not ratelimit.check_and_count(request.user):
        return _too_many(request)
    # One transaction holding the attempt's row lock: read, check, then save or grade.
    # A refusal returns before anything is written.
    with transaction.atomic():
        attempt = services.lock_attempt(request.user, attempt_id)
        if attempt is None:
            raise Http404
        if attempt.submitted_at is not None:
            # A second press of Submit, or an old form replayed: nothing changes.
            return redirect("quizzes:result", attempt_id=attempt.pk)
        questions = services.questions_with_choices(question_ids=attempt.question_order)
        try:
            fields = read_body(request)
            kinds = {q.pk: q.kind for q in questions.values()}
            posted = parse_attempt_post(fields, attempt, kinds)
        except ValidationError as error:
            return _problem(
                request,
                400,
                _("Your answers could not be read"),
                " ".join(error.messages) + " " + _("Nothing was changed in your attempt."),
                attempt=attempt,
            )
        try:
            if posted.action == "save":
                services.save_answers(attempt, posted.answers, locked=True)
            else:
                services.submit_attempt(attempt, posted.answers, locked=True, questions=questions)
        except services.DeadlinePassed:
            return _problem(
                request,
                403,
                _("The time limit is over"),
                _(
                    "This attempt's time limit is over, so these answers were not accepted. "
                    "The answers you saved before the limit are graded."
                ),
                attempt=attempt,
            )
    if posted.action == "save":
        messages.success(request, _("Your answers are saved. You can come back later."))
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    return redirect("quizzes:result", attempt_id=attempt.pk)


def _lang_text(row: dict | object, name: str, english: bool) -> str:
    get = row.get if isinstance(row, dict) else lambda key, default="": getattr(row, key, default)
    if english:
        return get(f"{name}_en", "") or get(f"{name}_ar", "")
    return get(f"{name}_ar", "") or get(f"{name}_en", "")


def _review_items(attempt, review: str):
    """The frozen answers as the result page shows them, as far as the quiz allows."""
    if review == Review.SCORE:
        return []
    english = (get_language() or "ar").startswith("en")
    with_feedback = review == Review.FEEDBACK
    items = []
    for row in attempt.answers.all():
        picked = set(row.picked or [])
        choices = []
        for choice in row.choices:
            feedback = _lang_text(choice, "feedback", english) if with_feedback else ""
            choices.append(
                {
                    "text": _lang_text(choice, "text", english),
                    "picked": choice["id"] in picked,
                    "correct": choice["correct"],
                    "feedback": render_markdown(feedback)
                    if feedback and choice["id"] in picked
                    else "",
                }
            )
        accepted = row.accepted or {}
        lines = (accepted.get("en") or accepted.get("ar")) if english else accepted.get("ar")
        lines = lines or accepted.get("en") or []
        explanation = _lang_text(row, "explanation", english) if with_feedback else ""
        items.append(
            {
                "position": row.position,
                "kind": row.kind,
                "text": _lang_text(row, "text", english),
                "choices": choices,
                "answer_text": row.answer_text,
                "accepted": lines,
                "points": row.points,
                "correct": row.correct,
                "partial": 0 < row.points < 1,
                "explanation": render_markdown(explanation) if explanation else "",
            }
        )
    return items


@login_required
def result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if attempt.submitted_at is None:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    quiz = attempt.quiz
    summary = services.quiz_summary(request.user, quiz)
    return TemplateResponse(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "summary": summary,
            "review": quiz.review,
            "items": _review_items(attempt, quiz.review),
        },
    )
