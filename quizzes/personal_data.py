"""This app's part of "Download my data" and "Delete my account": quiz attempts with every
answer given, and extra attempts granted. Registered with madafe.accounts.personal_data
from apps.py; accounts does not import this app."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from madafe.accounts.personal_data import Coded

from .models import Attempt, AttemptAnswer, ExtraAttempt, Kind

TITLE = _("Quizzes")
DESCRIPTION = _(
    "Every quiz attempt you made: when, the score, whether you passed, and for each question "
    "what was asked, what you answered and the points given; answers saved but not yet "
    "submitted; and extra attempts the training centre granted you."
)
LABELS = {
    "attempts": _("Quiz attempts"),
    "extra_attempts": _("Extra attempts granted"),
    "quiz_title_ar": _("Quiz (Arabic title)"),
    "quiz_title_en": _("Quiz (English title)"),
    "number": _("Attempt number"),
    "started_at": _("Started"),
    "submitted_at": _("Submitted"),
    "deadline": _("Deadline"),
    "score": _("Score (%)"),
    "passed": _("Passed"),
    "saved_answers": _("Answers saved, not submitted"),
    "answers": _("Answers"),
    "position": _("Question number"),
    "kind": _("Question type"),
    "question_ar": _("Question (Arabic)"),
    "question_en": _("Question (English)"),
    "picked_ar": _("Your choices (Arabic)"),
    "picked_en": _("Your choices (English)"),
    "answer_text": _("Your answer"),
    "points": _("Points"),
    "correct": _("Correct"),
    "granted_at": _("Granted on"),
}


def _titles(page_ids) -> dict[int, tuple[str, str]]:
    rows = Page.objects.filter(pk__in=set(page_ids)).values_list(
        "pk", "title_ar", "title_en", "title"
    )
    return {pk: (ar or title, en or ar or title) for pk, ar, en, title in rows}


def export_attempts(user) -> dict:
    attempts = list(Attempt.objects.filter(user=user).order_by("started_at", "pk"))
    answers: dict[int, list[AttemptAnswer]] = {}
    if attempts:
        rows = AttemptAnswer.objects.filter(attempt__user=user).order_by("attempt_id", "position")
        for row in rows:
            answers.setdefault(row.attempt_id, []).append(row)
    extras = list(ExtraAttempt.objects.filter(user=user).order_by("granted_at", "pk"))
    quiz_ids = [a.quiz_id for a in attempts] + [e.quiz_id for e in extras]
    titles = _titles(quiz_ids) if quiz_ids else {}
    kinds = dict(Kind.choices)

    def answer(row):
        picked = set(row.picked or [])
        shown = [c for c in row.choices if c.get("id") in picked]
        return {
            "position": row.position,
            "kind": Coded(row.kind, kinds.get(row.kind, row.kind)),
            "question_ar": row.text_ar,
            "question_en": row.text_en,
            "picked_ar": [c.get("text_ar", "") for c in shown],
            "picked_en": [c.get("text_en", "") for c in shown],
            "answer_text": row.answer_text,
            "points": float(row.points),
            "correct": row.correct,
        }

    return {
        "attempts": [
            {
                "quiz_title_ar": titles.get(a.quiz_id, (None, None))[0],
                "quiz_title_en": titles.get(a.quiz_id, (None, None))[1],
                "number": a.number,
                "started_at": a.started_at,
                "submitted_at": a.submitted_at,
                "deadline": a.deadline,
                "score": float(a.score) if a.score is not None else None,
                "passed": a.passed,
                "saved_answers": a.saved or None,
                "answers": [answer(row) for row in answers.get(a.pk, [])],
            }
            for a in attempts
        ],
        "extra_attempts": [
            {
                "quiz_title_ar": titles.get(e.quiz_id, (None, None))[0],
                "quiz_title_en": titles.get(e.quiz_id, (None, None))[1],
                "granted_at": e.granted_at,
            }
            for e in extras
        ],
    }


def erase_attempts(user) -> None:
    """Attempts (with their answers) and grants would also go with the user row (ON DELETE
    CASCADE); deleting them here does not depend on that. Grants this person gave as staff
    keep existing, without their name."""
    from .services import recount_quiz_scores

    AttemptAnswer.objects.filter(attempt__user=user).delete()
    Attempt.objects.filter(user=user).delete()
    ExtraAttempt.objects.filter(user=user).delete()
    # The enrolments' quiz counters (the courses' eraser deletes the enrolments later).
    recount_quiz_scores(user=user)
    ExtraAttempt.objects.filter(granted_by=user).update(granted_by=None)
