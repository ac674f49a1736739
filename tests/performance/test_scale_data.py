"""The scale data generator (size S here; M and L are for `make bench`): counts that follow
from one another, determinism, refusal under production-like settings, and every trainee
page's query count unchanged once the database holds the data set."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from certificates.models import Certificate
from courses import services
from courses.models import CoursePage, Enrollment, StepCompletion
from courses.services import course_outlines, ensure_course_index
from madafe.home import scale_data
from madafe.organisations.models import Membership, Organisation
from tests.accounts.factories import UserFactory
from tests.courses.factories import lessons_of, make_course
from tests.performance.test_course_queries import BUDGET

pytestmark = pytest.mark.django_db

SIZE = scale_data.SIZES["S"]


def _generate(seed=1, **options):
    call_command("generate_scale_data", size="S", seed=seed, verbosity=0, **options)


def _scale_users():
    return get_user_model().objects.filter(username__startswith=scale_data.USERNAME_PREFIX)


def test_counts_follow_from_one_another(home_page):
    _generate()
    assert _scale_users().count() == SIZE.trainees
    assert not any(u.has_usable_password() for u in _scale_users())
    orgs = Organisation.objects.filter(name_en__startswith=scale_data.ORG_MARK)
    assert orgs.count() == SIZE.organisations
    courses = list(CoursePage.objects.filter(enrollments__isnull=False).distinct())
    assert len(courses) == len(SIZE.curriculum) + SIZE.generated_courses
    enrolments = Enrollment.objects.filter(user__username__startswith=scale_data.USERNAME_PREFIX)
    assert SIZE.enrolments * 0.8 <= enrolments.count() <= SIZE.enrolments
    # Each association with members has exactly one coordinator.
    coordinators = (
        Membership.objects.filter(organisation__in=orgs, role="coordinator")
        .values("organisation")
        .annotate(n=Count("pk"))
    )
    assert {c["n"] for c in coordinators} == {1}
    # Completions follow the outline: a completed enrolment has every step, an open one
    # a prefix of the steps in order; certificates exactly for completed enrolments.
    outlines = course_outlines(courses)
    done = {}
    for user_id, page_id in StepCompletion.objects.filter(
        user__username__startswith=scale_data.USERNAME_PREFIX
    ).values_list("user_id", "page_id"):
        done.setdefault(user_id, set()).add(page_id)
    total = 0
    for enrolment in enrolments:
        steps = outlines[enrolment.course_id].step_ids()
        mine = [s for s in steps if s in done.get(enrolment.user_id, set())]
        assert mine == steps[: len(mine)]
        assert enrolment.steps_done == len(mine)  # the reports' counter, written with them
        total += len(mine)
        if enrolment.completed_at:
            assert mine == steps
            assert enrolment.last_step_id == steps[-1]
        else:
            assert len(mine) < len(steps)
    assert total == sum(len(v) for v in done.values())
    completed = enrolments.filter(completed_at__isnull=False)
    certificates = Certificate.objects.filter(user__username__startswith="scale-")
    assert certificates.count() == completed.count() > 0
    assert set(certificates.values_list("user_id", "course_id")) == set(
        completed.values_list("user_id", "course_id")
    )
    # Every completed quiz step has its passing attempt (when the quizzes app is there).
    attempt_model = scale_data.attempt_model()
    if attempt_model is not None:
        passed = set(
            attempt_model.objects.filter(
                user__username__startswith="scale-", passed=True
            ).values_list("user_id", "quiz_id")
        )
        quiz_ids = scale_data._quiz_ids(courses)
        assert quiz_ids
        for user_id, page_ids in done.items():
            for page_id in page_ids & quiz_ids:
                assert (user_id, page_id) in passed
        assert attempt_model.objects.filter(passed=False).exists()
        # The reports' quiz counters, filled after the attempts were written.
        from tests.quizzes.test_score_counters import recounted, stored

        assert stored() == recounted()
        assert enrolments.filter(quizzes_scored__gt=0).exists()
    # Rows only: the files are drawn at the first download.
    assert not certificates.exclude(png="").exists()
    assert services.course_progress(completed[0].user, completed[0].course).completed


def test_attempts_have_their_answers(home_page):
    """Every generated attempt has one answer per question of its quiz, in the quiz's order;
    the points add up to the score within half a point, and the picks agree with them."""
    from decimal import Decimal

    from quizzes.models import Attempt, AttemptAnswer, Choice, Question, QuizPage
    from quizzes.statistics import statistics_of_quizzes

    _generate()
    attempts = {a.pk: a for a in Attempt.objects.filter(user__username__startswith="scale-")}
    assert attempts and any(a.number > 1 for a in attempts.values())
    quiz_ids = {a.quiz_id for a in attempts.values()}
    questions = {}
    for question in Question.objects.filter(quiz_id__in=quiz_ids).order_by("sort_order", "pk"):
        questions.setdefault(question.quiz_id, []).append(question)
    good, bad = {}, {}
    for choice in Choice.objects.filter(question__quiz_id__in=quiz_ids):
        (good if choice.is_correct else bad).setdefault(choice.question_id, set()).add(choice.pk)
    answers = {}
    for answer in AttemptAnswer.objects.filter(attempt_id__in=attempts).order_by("position"):
        answers.setdefault(answer.attempt_id, []).append(answer)
    assert set(answers) == set(attempts)
    kinds = set()
    for attempt_id, rows in answers.items():
        attempt = attempts[attempt_id]
        asked = questions[attempt.quiz_id]
        assert [(a.position, a.question_id, a.kind) for a in rows] == [
            (n, q.pk, q.kind) for n, q in enumerate(asked, start=1)
        ]
        total = sum(a.points for a in rows)
        assert abs(total - attempt.score * len(asked) / 100) <= Decimal("0.5")
        for a in rows:
            right, wrong = good.get(a.question_id, set()), bad.get(a.question_id, set())
            picked = set(a.picked)
            assert len(picked) == len(a.picked)
            assert a.correct == (a.points == 1)
            if a.kind == "short":
                assert picked == set() and a.points in (0, 1)
            elif a.points == 1:
                assert picked == right
            elif a.points == 0:
                assert picked == set() or (len(picked) == 1 and picked <= wrong)
            else:
                assert a.kind == "multiple" and picked < right
                assert a.points == (Decimal(len(picked)) / len(right)).quantize(Decimal("0.0001"))
            kinds.add((a.kind, 0 < a.points < 1))
    assert ("multiple", True) in kinds  # some partial credit
    # The per-question statistics now have figures: every first attempt asked everything.
    statistics = statistics_of_quizzes(QuizPage.objects.filter(pk__in=quiz_ids))
    assert len(statistics) == len(quiz_ids)
    for stats in statistics.values():
        assert stats.first_attempts > 0
        for line in stats.questions:
            assert line.asked == stats.first_attempts
            assert line.facility is not None


def test_same_seed_same_data_other_seed_other_data(home_page):
    _generate(seed=7)
    first = scale_data.fingerprint()
    _generate(seed=7, replace=True)
    assert scale_data.fingerprint() == first
    _generate(seed=8, replace=True)
    assert scale_data.fingerprint() != first


def test_refuses_twice_without_replace(home_page):
    _generate()
    with pytest.raises(CommandError, match="already holds"):
        _generate()


def test_refuses_under_production_like_settings(home_page, settings):
    settings.MADAFE_DEMO_ACCOUNTS = False  # production settings turn demo accounts off
    with pytest.raises(CommandError, match="production"):
        _generate()
    assert not _scale_users().exists()


def test_one_passphrase_for_every_trainee(home_page):
    _generate(password="one passphrase for the bench")
    user = _scale_users().first()
    assert user.check_password("one passphrase for the bench")


def _count(client, url) -> int:
    client.get(url)  # warm what every later request finds warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _url(page):
    return "/ar" + page.url_path.removeprefix("/home-page")


def test_trainee_pages_cost_the_same_on_the_scale_data(client, home_page):
    """Every page a trainee opens: within the budget of the earlier issues, and exactly as
    many queries with the S data set loaded as on an almost empty database."""
    index = ensure_course_index(home_page)
    course = make_course(index, modules=2, lessons=3, sequential=True)
    user = UserFactory()
    lessons = lessons_of(course)
    for lesson in lessons[:2]:
        services.complete_step(user, lesson)
    client.force_login(user)
    pages = [
        _url(lessons[2]),
        _url(course),
        "/ar/courses/",
        "/ar/learning/",
        "/ar/certificates/",
        "/ar/associations/",
        "/ar/accounts/me/",
        "/ar/",
    ]
    before = {url: _count(client, url) for url in pages}
    _generate()
    # The same trainee, now one of many, with a course of the data set on top.
    scale_course = CoursePage.objects.get(slug="digital-security")
    for step in services.course_steps(scale_course)[:3]:
        services.complete_step(user, step)
    after = {url: _count(client, url) for url in pages}
    assert after == before
    assert max(after.values()) <= BUDGET, after
