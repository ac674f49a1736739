"""The quiz pages: quiz page, attempt form, submission, result and review; refusals
(400/403/404/429) that leave the attempt as it was; no answer leak; query budgets."""

import random
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer

from .factories import MULTIPLE, SINGLE, form_fields, make_quiz, mixed, post_form, right_answers

pytestmark = pytest.mark.django_db


def attempt_url(attempt):
    return reverse("quizzes:attempt", args=[attempt.pk])


def snapshot(attempt):
    attempt = Attempt.objects.get(pk=attempt.pk)
    return model_to_dict(attempt), AttemptAnswer.objects.filter(attempt=attempt).count()


@pytest.fixture
def signed_in(client, trainee):
    client.force_login(trainee)
    return client


@pytest.fixture
def attempt(quiz, trainee):
    return services.start_attempt(trainee, quiz)


# --- Quiz page ----------------------------------------------------------------------------


def test_quiz_page_shows_settings_and_start_button(signed_in, quiz):
    response = signed_in.get(quiz.get_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("quizzes:start", args=[quiz.pk]) in html
    assert 'method="post"' in html
    assert "<bdi>70%</bdi>" in html
    assert "مقدمة الاختبار" in html


def test_quiz_page_asks_anonymous_to_sign_in(client, quiz):
    response = client.get(quiz.get_url())
    assert response.status_code == 302
    assert "login" in response.url


def test_start_redirects_to_the_attempt_and_resumes(signed_in, quiz, trainee):
    url = reverse("quizzes:start", args=[quiz.pk])
    first = signed_in.post(url)
    second = signed_in.post(url)
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    assert first.url == second.url == attempt_url(attempt)
    assert signed_in.get(url).status_code == 405


def test_no_attempts_left_is_explained(signed_in, module, trainee):
    quiz = make_quiz(module, attempts_allowed=1)
    attempt = services.start_attempt(trainee, quiz)
    services.submit_attempt(attempt, {})
    with_lang = signed_in.get(quiz.get_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = with_lang.content.decode()
    assert "no-attempts-left" in html
    assert reverse("quizzes:start", args=[quiz.pk]) not in html
    response = signed_in.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 403
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 1
    result = signed_in.get(reverse("quizzes:result", args=[attempt.pk]))
    assert "no-attempts-left" in result.content.decode()


def test_locked_quiz_start_is_refused(signed_in, index, trainee):
    from tests.courses.factories import make_course, modules_of

    course = make_course(index, modules=2, lessons=1, sequential=True)
    quiz = make_quiz(modules_of(course)[1])
    assert signed_in.get(quiz.get_url()).status_code == 403
    assert signed_in.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 403
    assert not Attempt.objects.exists()


# --- Attempt page: no leak ----------------------------------------------------------------


def test_attempt_page_reveals_nothing_about_the_answers(signed_in, attempt):
    html = signed_in.get(attempt_url(attempt)).content.decode()
    lower = html.lower()
    assert "correct" not in lower
    assert "is_correct" not in lower
    assert "feedback" not in lower and "ملاحظة" not in html
    assert "explanation" not in lower and "شرح" not in html
    assert "human rights council" not in lower and "مجلس حقوق" not in html
    # Field values are positions in the order shown, never database ids.
    values = re.findall(r'type="(?:radio|checkbox)"[^>]*name="q\d+" value="([^"]*)"', html)
    assert values and all(re.fullmatch(r"c\d+", v) for v in values)
    for question in re.findall(r'name="(q\d+)" value="c', html):
        shown = re.findall(rf'name="{question}" value="c(\d+)"', html)
        assert shown == [str(i) for i in range(1, len(shown) + 1)]
    choice_ids = {str(c) for ids in attempt.choice_order.values() for c in ids}
    assert not choice_ids & set(re.findall(r'value="([^"]*)"', html))


def test_position_of_the_correct_choice_is_uniform_over_shuffles(signed_in, module, trainee):
    quiz = make_quiz(module, questions=[SINGLE, MULTIPLE], shuffle_choices=True)
    single = quiz.questions.get(kind="single")
    correct = single.choices.get(is_correct=True).pk
    seen = Counter()
    rng = random.Random(11)
    for _ in range(60):
        attempt = services.start_attempt(trainee, quiz, rng=rng)
        html = signed_in.get(attempt_url(attempt)).content.decode()
        order = attempt.choice_order[str(single.pk)]
        position = order.index(correct) + 1
        seen[position] += 1
        # The page shows that choice's text at that position, with nothing else telling.
        index = attempt.question_order.index(single.pk) + 1
        labels = re.findall(rf'for="id_q{index}_c(\d+)">([^<]*)<', html)
        assert labels[position - 1][1] == "طرابلس"
        services.submit_attempt(attempt, {})
    assert set(seen) == {1, 2, 3}
    assert min(seen.values()) >= 8  # 60 draws over 3 places: about 20 each


# --- Submitting ---------------------------------------------------------------------------


def test_submit_grades_and_shows_the_result(signed_in, attempt, trainee):
    response = post_form(
        signed_in, attempt_url(attempt), form_fields(attempt, right_answers(attempt))
    )
    assert response.status_code == 302
    assert response.url == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == 100
    page = signed_in.get(response.url).content.decode()
    assert "<bdi>100%</bdi>" in page
    # The attempt page of a submitted attempt goes to its result.
    assert signed_in.get(attempt_url(attempt)).url == response.url


def test_double_submit_and_replayed_form_change_nothing(signed_in, attempt, trainee):
    wrong = post_form(signed_in, attempt_url(attempt), {"action": "submit"})
    assert wrong.status_code == 302
    before = snapshot(attempt)
    replay = post_form(
        signed_in, attempt_url(attempt), form_fields(attempt, right_answers(attempt))
    )
    assert replay.status_code == 302
    assert snapshot(attempt) == before
    assert Attempt.objects.filter(user=trainee).count() == 1


def test_save_keeps_answers_and_the_page_shows_them(signed_in, attempt):
    answers = right_answers(attempt)
    response = post_form(signed_in, attempt_url(attempt), form_fields(attempt, answers, "save"))
    assert response.status_code == 302 and response.url == attempt_url(attempt)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.saved == answers
    html = signed_in.get(attempt_url(attempt)).content.decode()
    assert html.count(" checked") == sum(len(v) for v in answers.values() if isinstance(v, list))
    assert 'value="مجلس حقوق الإنسان"' in html


BAD_BODIES = [
    b"action=submit&q99=c1",  # unknown question
    b"action=submit&q0=c1",
    b"action=submit&foo=bar",  # unknown field
    b"action=submit&q1=c9",  # unknown choice
    b"action=submit&q1=c0",
    b"action=submit&q1=1",
    b"action=submit&q1=c1&q1=c2",  # repeated field on a single-choice question
    b"action=submit&action=save",
    b"q1=c1",  # no button
    b"action=delete",
    b"action=submit&q4=%ff%fe",  # not UTF-8
    b"action=submit&q4=\xff\xfe",
    b"action=submit&q4=a%00b",  # NUL
    b"action=save&q4=" + b"x" * 600,  # too long an answer
    b"action=save&q1=" + b"c1" * 40_000,  # oversized body
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_bad_input_is_a_clear_400_and_changes_nothing(signed_in, module, trainee, body):
    quiz = make_quiz(module, questions=[SINGLE, MULTIPLE, SINGLE, {**mixed(4)[3]}])
    attempt = services.start_attempt(trainee, quiz)
    services.save_answers(attempt, right_answers(attempt))
    before = snapshot(attempt)
    response = post_form(signed_in, attempt_url(attempt), body)
    assert response.status_code == 400
    assert (
        "Nothing was changed" in response.content.decode()
        or "لم يتغيّر" in response.content.decode()
    )
    assert snapshot(attempt) == before


def test_repeated_choice_in_multiple_and_choice_of_another_question(signed_in, module, trainee):
    quiz = make_quiz(module, questions=[MULTIPLE, {**SINGLE}], shuffle_questions=False)
    attempt = services.start_attempt(trainee, quiz)
    before = snapshot(attempt)
    for body in (b"action=submit&q1=c1&q1=c1", b"action=submit&q2=c4"):  # single has 3
        assert post_form(signed_in, attempt_url(attempt), body).status_code == 400
    assert snapshot(attempt) == before


def test_multipart_is_refused(signed_in, attempt):
    before = snapshot(attempt)
    response = signed_in.post(attempt_url(attempt), {"action": "submit"})
    assert response.status_code == 400
    assert snapshot(attempt) == before


def test_after_the_deadline_is_a_403_and_changes_nothing(signed_in, module, trainee):
    quiz = make_quiz(module, time_limit_minutes=5)
    attempt = services.start_attempt(trainee, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - services.DEADLINE_GRACE - timedelta(seconds=5)
    )
    before = snapshot(attempt)
    for action in ("submit", "save"):
        response = post_form(
            signed_in, attempt_url(attempt), form_fields(attempt, right_answers(attempt), action)
        )
        assert response.status_code == 403
        assert snapshot(attempt) == before
    # Opening it afterwards closes it with what was saved in time (nothing here).
    response = signed_in.get(attempt_url(attempt))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 0


def test_someone_elses_attempt_is_not_found(client, attempt, other):
    client.force_login(other)
    before = snapshot(attempt)
    assert client.get(attempt_url(attempt)).status_code == 404
    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 404
    response = post_form(client, attempt_url(attempt), form_fields(attempt, right_answers(attempt)))
    assert response.status_code == 404
    assert snapshot(attempt) == before


def test_anonymous_cannot_post(client, attempt):
    before = snapshot(attempt)
    response = post_form(client, attempt_url(attempt), {"action": "submit"})
    assert response.status_code == 302 and "login" in response.url
    assert snapshot(attempt) == before


def test_rate_limit_gives_429(signed_in, attempt, monkeypatch):
    from quizzes import ratelimit

    monkeypatch.setattr(ratelimit, "POST_LIMITS", ((3, 60),))
    for _ in range(3):
        response = post_form(signed_in, attempt_url(attempt), {"action": "save"})
        assert response.status_code == 302
    before = snapshot(attempt)
    response = post_form(
        signed_in, attempt_url(attempt), form_fields(attempt, right_answers(attempt))
    )
    assert response.status_code == 429
    assert snapshot(attempt) == before


# --- Result and review --------------------------------------------------------------------


def submitted(module, trainee, review, **fields):
    quiz = make_quiz(module, review=review, **fields)
    attempt = services.start_attempt(trainee, quiz)
    services.submit_attempt(attempt, right_answers(attempt))
    return attempt


def test_review_score_only(signed_in, module, trainee):
    attempt = submitted(module, trainee, "score")
    html = signed_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "<bdi>100%</bdi>" in html
    assert "review-item" not in html and "طرابلس" not in html


def test_review_with_answers(signed_in, module, trainee):
    attempt = submitted(module, trainee, "answers")
    html = signed_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "review-item" in html and "tag-correct" in html and "طرابلس" in html
    assert "ملاحظة" not in html and "explanation" not in html


def test_review_with_feedback_renders_sanitised_markdown(signed_in, module, trainee):
    hostile = {**SINGLE, "explanation_ar": "**مهم** <script>alert(1)</script>"}
    attempt = submitted(module, trainee, "feedback", questions=[hostile])
    html = signed_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "<strong>مهم</strong>" in html
    assert "<script>alert" not in html
    assert "ملاحظة 0" in html  # the picked choice's feedback


def test_review_in_english(signed_in, module, trainee):
    attempt = submitted(module, trainee, "feedback")
    html = signed_in.get(
        reverse("quizzes:result", args=[attempt.pk]).replace("/ar/", "/en/", 1)
    ).content.decode()
    assert "What is the capital of Libya?" in html and "Tripoli" in html


# --- Query budgets ------------------------------------------------------------------------
# Counted inside the test transaction: the view's own transaction shows as two savepoint
# statements (in production a BEGIN/COMMIT); callbacks after commit are not run here.


@pytest.mark.parametrize("count", [5, 40])
def test_query_budgets(signed_in, module, trainee, count, django_assert_max_num_queries):
    quiz = make_quiz(module, questions=mixed(count), shuffle_questions=True)
    with django_assert_max_num_queries(20):
        response = signed_in.get(quiz.get_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        response = signed_in.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    with django_assert_max_num_queries(20):
        response = signed_in.get(attempt_url(attempt))
    assert response.content.decode().count('class="question"') == count
    data = form_fields(attempt, right_answers(attempt), "save")
    with django_assert_max_num_queries(20):
        assert post_form(signed_in, attempt_url(attempt), data).status_code == 302
    data["action"] = "submit"
    with django_assert_max_num_queries(20):
        assert post_form(signed_in, attempt_url(attempt), data).status_code == 302
    with django_assert_max_num_queries(20):
        response = signed_in.get(reverse("quizzes:result", args=[attempt.pk]))
    assert response.status_code == 200
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == count
