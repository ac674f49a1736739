"""Rules a quiz's answer key must follow; shared by the page editor, importers and checks.
Pure: no models imported."""

from django.utils.translation import gettext as _


def question_errors(kind: str, correct_flags: list[bool], accepted_answers: str) -> list[str]:
    """What is wrong with a question's answer key (empty when it is sound).
    `correct_flags`: one bool per choice; `accepted_answers`: both languages' lines."""
    right = sum(1 for flag in correct_flags if flag)
    if kind == "single":
        if len(correct_flags) < 2:
            return [_("A single-choice question needs at least two choices.")]
        if right != 1:
            return [_("A single-choice question needs exactly one correct choice.")]
    elif kind == "multiple":
        if len(correct_flags) < 2:
            return [_("A multiple-choice question needs at least two choices.")]
        if right < 1:
            return [_("A multiple-choice question needs at least one correct choice.")]
    elif kind == "true_false":
        if len(correct_flags) != 2 or right != 1:
            return [
                str(
                    _(
                        "A true/false question needs exactly two choices, “True” then "
                        "“False”, one of them correct."
                    )
                )
            ]
    elif kind == "short":
        if correct_flags:
            return [_("A short-answer question has no choices; remove them.")]
        if not any(line.strip() for line in (accepted_answers or "").splitlines()):
            return [_("A short-answer question needs at least one accepted answer.")]
    return []
