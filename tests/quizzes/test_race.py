"""On PostgreSQL, with real threads: twenty submissions of the same attempt at once give
exactly one graded submission; twenty starts at once give one attempt."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer
from tests.accounts.factories import UserFactory
from tests.conftest import postgresql_only
from tests.courses.factories import course_index, make_course, modules_of

from .factories import form_fields, make_quiz, mixed, post_form, right_answers

THREADS = 20


def _run_threads(target, args_list):
    errors, results = [], []
    barrier = threading.Barrier(len(args_list))

    def run(*args):
        try:
            barrier.wait()
            results.append(target(*args))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors, results


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_submitting_one_attempt_grade_it_once(home_page):
    course = make_course(course_index(home_page), modules=1, lessons=1, sequential=False)
    quiz = make_quiz(modules_of(course)[0], questions=mixed(8))
    user = UserFactory()
    attempt = services.start_attempt(user, quiz)
    url = reverse("quizzes:attempt", args=[attempt.pk])
    right = form_fields(attempt, right_answers(attempt))
    # Half the threads post the right answers, half post nothing: whichever wins, the
    # attempt is graded once and never again.
    clients = []
    for i in range(THREADS):
        client = Client()
        client.force_login(user)
        clients.append((client, right if i % 2 else {"action": "submit"}))

    errors, results = _run_threads(
        lambda client, data: post_form(client, url, data).status_code, clients
    )
    assert errors == []
    assert results == [302] * THREADS
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score in (0, 100)
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 8
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_submitting_through_the_service(home_page):
    course = make_course(course_index(home_page), modules=1, lessons=1, sequential=False)
    quiz = make_quiz(modules_of(course)[0], questions=mixed(4))
    user = UserFactory()
    attempt = services.start_attempt(user, quiz)
    answers = right_answers(attempt)
    errors, results = _run_threads(
        lambda: services.submit_attempt(Attempt.objects.get(pk=attempt.pk), answers),
        [()] * THREADS,
    )
    assert errors == []
    assert sum(1 for r in results if r.graded_now) == 1
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 4


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_starting_make_one_attempt(home_page):
    course = make_course(course_index(home_page), modules=1, lessons=1, sequential=False)
    quiz = make_quiz(modules_of(course)[0], attempts_allowed=1)
    user = UserFactory()
    errors, results = _run_threads(lambda: services.start_attempt(user, quiz).pk, [()] * THREADS)
    assert errors == []
    assert len(set(results)) == 1
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 1
