"""Quiz attempts in "Download my data" and "Delete my account"."""

import pytest

from madafe.accounts.personal_data import export_document, registered_keys
from quizzes import personal_data, services
from quizzes.models import Attempt, AttemptAnswer, ExtraAttempt

from .factories import make_quiz, right_answers

pytestmark = pytest.mark.django_db


def test_registered():
    assert "quizzes" in registered_keys()


def test_export_has_attempts_with_answers(module, trainee, other):
    quiz = make_quiz(module, attempts_allowed=1)
    attempt = services.start_attempt(trainee, quiz)
    services.submit_attempt(attempt, right_answers(attempt))
    services.grant_extra_attempt(trainee, quiz, granted_by=other)
    open_one = services.start_attempt(trainee, quiz)
    services.save_answers(open_one, {})
    data = personal_data.export_attempts(trainee)
    assert [a["number"] for a in data["attempts"]] == [1, 2]
    first = data["attempts"][0]
    assert first["quiz_title_en"] == quiz.title_en
    assert first["score"] == 100.0 and first["passed"] is True
    assert len(first["answers"]) == 4
    single = next(a for a in first["answers"] if a["kind"].value == "single")
    assert single["picked_en"] == ["Tripoli"]
    assert data["extra_attempts"][0]["quiz_title_ar"] == quiz.title_ar
    # Nothing of anyone else, and the document is JSON-serialisable.
    assert personal_data.export_attempts(other) == {"attempts": [], "extra_attempts": []}
    assert export_document(trainee)["sections"]["quizzes"]["attempts"][0]["number"] == 1


def test_erase_removes_only_the_persons_records(module, trainee, other):
    quiz = make_quiz(module)
    for user in (trainee, other):
        attempt = services.start_attempt(user, quiz)
        services.submit_attempt(attempt, right_answers(attempt))
    services.grant_extra_attempt(trainee, quiz, granted_by=other)
    services.grant_extra_attempt(other, quiz, granted_by=trainee)
    personal_data.erase_attempts(trainee)
    assert not Attempt.objects.filter(user=trainee).exists()
    assert not AttemptAnswer.objects.filter(attempt__user=trainee).exists()
    assert not ExtraAttempt.objects.filter(user=trainee).exists()
    assert Attempt.objects.filter(user=other).count() == 1
    grant = ExtraAttempt.objects.get(user=other)
    assert grant.granted_by is None


def test_deleting_the_account_leaves_nothing(module, trainee):
    quiz = make_quiz(module)
    attempt = services.start_attempt(trainee, quiz)
    services.submit_attempt(attempt, right_answers(attempt))
    trainee.delete()
    assert not Attempt.objects.exists()
    assert not AttemptAnswer.objects.exists()
