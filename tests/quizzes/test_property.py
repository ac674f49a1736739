"""Arbitrary form data thrown at the attempt view: never a 500, and a refused post never
changes the attempt."""

from urllib.parse import urlencode

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer

from .factories import make_quiz, mixed, post_form, right_answers

pytestmark = pytest.mark.django_db

NAMES = st.one_of(
    st.sampled_from(["action", "q1", "q2", "q3", "q4", "q5", "q0", "q99", "csrfmiddlewaretoken"]),
    st.text(max_size=12),
)
VALUES = st.one_of(
    st.sampled_from(["save", "submit", "c1", "c2", "c3", "c4", "c5", "c0", "", "c-1", "q1"]),
    st.text(max_size=40),
)
PAIRS = st.lists(st.tuples(NAMES, VALUES), max_size=12)
BODIES = st.one_of(
    PAIRS.map(lambda pairs: urlencode(pairs).encode()),
    st.binary(max_size=300),
    PAIRS.map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs).encode("utf-8", "replace")),
)


def _state(attempt_id):
    return (
        model_to_dict(Attempt.objects.get(pk=attempt_id)),
        AttemptAnswer.objects.filter(attempt_id=attempt_id).count(),
    )


@pytest.fixture
def setup(client, module, trainee, monkeypatch):
    from quizzes import ratelimit

    monkeypatch.setattr(ratelimit, "POST_LIMITS", ((10**9, 60),))
    quiz = make_quiz(module, questions=mixed(5), shuffle_questions=True)
    attempt = services.start_attempt(trainee, quiz)
    services.save_answers(attempt, right_answers(attempt))
    client.force_login(trainee)
    return client, attempt


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES, content_type=st.sampled_from(["form", "form", "form", "multipart", "json"]))
def test_arbitrary_posts_never_fail_or_half_apply(setup, body, content_type):
    client, attempt = setup
    url = reverse("quizzes:attempt", args=[attempt.pk])
    before = _state(attempt.pk)
    if content_type == "form":
        response = post_form(client, url, body)
    else:
        kind = "application/json" if content_type == "json" else "multipart/form-data; boundary=x"
        response = client.generic("POST", url, body, content_type=kind)
    assert response.status_code in (302, 400, 403), response.status_code
    after = _state(attempt.pk)
    if response.status_code != 302:
        assert after == before
        return
    # Accepted: a save replaced the saved answers, or a submit graded the attempt once.
    fresh = Attempt.objects.get(pk=attempt.pk)
    if fresh.submitted_at is not None:
        assert after[1] == len(fresh.question_order)
        # Re-open it for the next example (the test's own reset, not a user action).
        AttemptAnswer.objects.filter(attempt=fresh).delete()
        Attempt.objects.filter(pk=fresh.pk).update(
            submitted_at=None, score=None, passed=None, saved=before[0]["saved"]
        )
    else:
        assert set(fresh.saved) <= {str(q) for q in fresh.question_order}
