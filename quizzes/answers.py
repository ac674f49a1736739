"""Strict reading of a posted attempt form. Anything unexpected is refused as a whole
(`ValidationError`), so a bad request never stores half an answer set.

The form names questions by their position in the attempt (q1, q2, …) and choices by their
position in the order shown (c1, c2, …); the attempt's frozen orders map them back to ids.
The raw body is parsed here (not `request.POST`, which silently replaces undecodable bytes),
so a non-UTF-8 payload is refused rather than stored garbled.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BODY_BYTES = 64 * 1024
MAX_FIELDS = 600
MAX_ANSWER_CHARS = 500
ACTIONS = ("save", "submit")
ALLOWED_EXTRA = {"csrfmiddlewaretoken"}

_QUESTION = re.compile(r"q([1-9][0-9]{0,3})")
_CHOICE = re.compile(r"c([1-9][0-9]{0,3})")


@dataclass
class Posted:
    action: str
    answers: dict[str, list[int] | str]  # {question id: [choice ids] | text}


def _refuse(message, code="invalid"):
    raise ValidationError(message, code=code)


def read_body(request) -> list[tuple[str, str]]:
    """The posted fields, in order, or a ValidationError for an oversized, non-form or
    non-UTF-8 body."""
    content_type = (request.content_type or "").lower()
    if content_type != "application/x-www-form-urlencoded":
        _refuse(_("The form was sent in an unexpected format."), "format")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        _refuse(_("The form is too large."), "too_large")
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        _refuse(_("The form is too large."), "too_large")
    try:
        text = body.decode("ascii")
        return parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        _refuse(_("The form contains characters that could not be read."), "encoding")


def _clean_text(value: str) -> str:
    if len(value) > MAX_ANSWER_CHARS:
        _refuse(_("An answer is too long."), "too_long")
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t":
            _refuse(_("An answer contains characters that are not allowed."), "characters")
    return value.strip()


def parse_attempt_post(fields: list[tuple[str, str]], attempt, kinds: dict[int, str]) -> Posted:
    """Validate the posted fields against the attempt's frozen questions and choices.
    `kinds`: {question id: kind} of the attempt's questions that still exist."""
    action = None
    values: dict[str, list[str]] = {}
    for name, value in fields:
        if name in ALLOWED_EXTRA:
            continue
        if name == "action":
            if action is not None or value not in ACTIONS:
                _refuse(_("The form was not sent by a button of this page."), "action")
            action = value
            continue
        if not _QUESTION.fullmatch(name):
            _refuse(_("The form contains a field that is not part of this attempt."), "field")
        values.setdefault(name, []).append(value)
    if action is None:
        _refuse(_("The form was not sent by a button of this page."), "action")

    order = attempt.question_order
    answers: dict[str, list[int] | str] = {}
    for name, posted in values.items():
        index = int(name[1:])
        if index > len(order) or order[index - 1] not in kinds:
            _refuse(_("The form contains a question that is not part of this attempt."), "question")
        qid = order[index - 1]
        kind = kinds[qid]
        if kind == "short":
            if len(posted) != 1:
                _refuse(_("A question was answered more than once."), "repeated")
            text = _clean_text(posted[0])
            if text:
                answers[str(qid)] = text
            continue
        if kind != "multiple" and len(posted) != 1:
            _refuse(_("A question was answered more than once."), "repeated")
        if len(set(posted)) != len(posted):
            _refuse(_("A question was answered more than once."), "repeated")
        shown = attempt.choice_order.get(str(qid), [])
        picked = []
        for value in posted:
            match = _CHOICE.fullmatch(value)
            if match is None or int(match.group(1)) > len(shown):
                _refuse(
                    _("The form contains a choice that is not part of this question."), "choice"
                )
            picked.append(shown[int(match.group(1)) - 1])
        answers[str(qid)] = picked
    return Posted(action=action, answers=answers)
