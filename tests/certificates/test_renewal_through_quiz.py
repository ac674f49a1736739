"""Issue 5: "passing the final quiz again renews it", through the real quiz services and
the quizzes.signals.quiz_passed signal (no stand-in objects)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses import services as course_services
from quizzes import services as quiz_services
from tests.accounts.factories import UserFactory
from tests.quizzes.factories import SINGLE, make_quiz, right_answers

from .factories import make_course

pytestmark = pytest.mark.django_db


def _pass(user, quiz, capture):
    attempt = quiz_services.start_attempt(user, quiz)
    with capture(execute=True):
        quiz_services.submit_attempt(attempt, right_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.passed
    return attempt


def test_passing_the_final_quiz_again_renews_an_expired_certificate(
    home_page, django_capture_on_commit_callbacks
):
    course, lessons = make_course(home_page, lessons=1, validity_months=12)
    final = make_quiz(course, questions=[SINGLE])
    user = UserFactory()
    for lesson in lessons:
        course_services.complete_step(user, lesson)

    _pass(user, final, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(user=user, course=course)
    assert certificate.state() == "valid"

    # A year and a bit later the certificate has expired ...
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=timezone.now() - timedelta(days=800),
        expires_at=timezone.now() - timedelta(days=35),
    )
    certificate.refresh_from_db()
    assert certificate.state() == "expired"

    # ... and passing the final quiz again renews it: same code, valid for 12 months more.
    attempt = _pass(user, final, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert certificate.state() == "valid"
    assert certificate.renewed_at == attempt.submitted_at
    assert certificate.expires_at > timezone.now() + timedelta(days=360)
    assert Certificate.objects.filter(user=user, course=course).count() == 1


def test_a_module_practice_quiz_does_not_renew(home_page, django_capture_on_commit_callbacks):
    course, lessons = make_course(home_page, lessons=1, validity_months=12)
    module = lessons[0].get_parent()
    practice = make_quiz(module, questions=[SINGLE])
    user = UserFactory()
    course_services.complete_step(user, lessons[0])
    _pass(user, practice, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(user=user, course=course)
    expired_at = timezone.now() - timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(expires_at=expired_at)

    _pass(user, practice, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert certificate.state() == "expired"
