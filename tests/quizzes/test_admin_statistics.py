"""The quiz statistics in the Wagtail admin (trainers, centre staff, superusers), figures on a
hand-computed data set, and centre staff's grant of one extra attempt."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format
from wagtail.users.models import UserProfile

from quizzes import services
from quizzes.models import ExtraAttempt
from quizzes.statistics import quiz_statistics
from tests.accounts.factories import UserFactory
from tests.certificates.factories import centre_staff, trainer
from tests.security.a11y import accessibility_problems

from .factories import SINGLE, TRUE_FALSE, make_quiz

pytestmark = pytest.mark.django_db


def assert_accessible(response):
    """The checks of tests/security/a11y.py on our part of the page; the skip link belongs to
    Wagtail's admin frame, which this app does not render."""
    problems = [
        p for p in accessibility_problems(response.content.decode()) if "skip link" not in p
    ]
    assert not problems, problems


def speaks(user, lang):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = lang
    profile.save()
    return user


def take(user, quiz, single_pick: int, true_false_pick: int):
    """Submit an attempt picking choice number `single_pick` (1 = the right one) of the
    single-choice question and `true_false_pick` (1 = "True", the right one)."""
    attempt = services.start_attempt(user, quiz)
    single, statement = quiz.questions.all()
    answers = {
        str(single.pk): [list(single.choices.all())[single_pick - 1].pk],
        str(statement.pk): [list(statement.choices.all())[true_false_pick - 1].pk],
    }
    return services.submit_attempt(attempt, answers).attempt


@pytest.fixture
def data_set(module):
    """Five trainees' first attempts, and one retake:

                 single  true/false  score
        A        right   right       100  (pass)
        B        right   right       100  (pass)
        C        right   wrong        50
        D        wrong2  wrong         0   then a retake, both right: 100 (pass)
        E        wrong3  right        50

    single x = [1, 1, 1, 0, 0] (mean .6); rest of test = the true/false score
    y = [1, 1, 0, 0, 1] (mean .6). dx = [.4, .4, .4, -.6, -.6], dy = [.4, .4, -.6, -.6, .4].
    Sxy = .16 + .16 - .24 + .36 - .24 = .2; Sxx = Syy = 3 × .16 + 2 × .36 = 1.2.
    r = .2 / 1.2 = 1/6 → discrimination 16.67 for both questions (they are symmetric).
    Facility .6 each. Mean first score (100 + 100 + 50 + 0 + 50) / 5 = 60.
    Picks on first attempts: single 3 / 1 / 1; true/false "True" 3, "False" 2.
    """
    quiz = make_quiz(module, questions=[SINGLE, TRUE_FALSE], pass_mark=70, attempts_allowed=0)
    people = [UserFactory(username=f"trainee-{name}") for name in "abcde"]
    for person, (single, statement) in zip(
        people, [(1, 1), (1, 1), (1, 2), (2, 2), (3, 1)], strict=True
    ):
        take(person, quiz, single, statement)
    take(people[3], quiz, 1, 1)
    return quiz


def test_statistics_match_the_hand_computed_figures(data_set):
    stats = quiz_statistics(data_set)
    assert (stats.attempts, stats.passed_attempts) == (6, 3)
    assert (stats.trainees, stats.trainees_passed, stats.first_attempts) == (5, 3, 5)
    assert stats.pass_rate == pytest.approx(0.6)
    assert stats.mean_first_score == pytest.approx(60.0)
    single, statement = stats.questions
    for line in (single, statement):
        assert line.asked == 5
        assert line.facility == pytest.approx(0.6)
        assert line.discrimination == pytest.approx(100 / 6)
    assert [c.picks for c in single.choices] == [3, 1, 1]
    assert [c.correct for c in single.choices] == [True, False, False]
    assert [c.share for c in single.choices] == pytest.approx([0.6, 0.2, 0.2])
    assert [c.picks for c in statement.choices] == [3, 2]
    assert single.other_picks == 0


def test_statistics_load_in_a_fixed_number_of_queries(data_set, django_assert_num_queries):
    with django_assert_num_queries(4):
        quiz_statistics(data_set)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Figures per question", "Facility", "Discrimination", "Pass rate"]),
        ("ar", ["الأرقام لكل سؤال", "معامل السهولة", "معامل التمييز", "نسبة النجاح"]),
    ],
)
def test_trainer_sees_the_statistics_in_both_languages(client, data_set, lang, words):
    client.force_login(speaks(trainer(), lang))
    response = client.get(f"/admin/quizzes/{data_set.pk}/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html
    with translation.override(lang):  # the decimal separator of the language
        discrimination = number_format(Decimal("16.67"), 2)  # 100 / 6, rounded
        mean = number_format(Decimal("60.0"), 1)
    assert f"<bdi>{discrimination}</bdi>" in html
    assert "<bdi>60%</bdi>" in html  # facility, pass rate
    assert f"<bdi>{mean}%</bdi>" in html  # mean first score
    assert "trainee-a" not in html  # nobody is named
    assert_accessible(response)


def test_statistics_view_query_budget_does_not_grow(client, module, django_assert_max_num_queries):
    client.force_login(trainer())
    small = make_quiz(module, questions=[SINGLE, TRUE_FALSE])
    big = make_quiz(module, questions=[SINGLE, TRUE_FALSE] * 10)
    for i in range(8):
        person = UserFactory(username=f"many-{i}")
        for quiz in (small, big):
            attempt = services.start_attempt(person, quiz)
            services.submit_attempt(attempt, {})
    for quiz in (small, big):
        with django_assert_max_num_queries(25):
            assert client.get(f"/admin/quizzes/{quiz.pk}/statistics/").status_code == 200
    with django_assert_max_num_queries(25):
        response = client.get("/admin/quizzes/statistics/")
    assert response.status_code == 200


def test_the_listing_under_reports(client, data_set):
    client.force_login(speaks(centre_staff(), "en"))
    response = client.get("/admin/quizzes/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/admin/quizzes/{data_set.pk}/statistics/" in html
    assert "<bdi>6</bdi>" in html and "<bdi>60%</bdi>" in html
    assert "/admin/quizzes/statistics/" in client.get("/admin/reports/").content.decode() or (
        "/admin/quizzes/statistics/" in client.get("/admin/").content.decode()
    )
    assert_accessible(response)


def test_statistics_button_on_the_quiz_page_in_the_admin(client, quiz, module):
    client.force_login(trainer())
    html = client.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
    assert f"/admin/quizzes/{quiz.pk}/statistics/" in html
    assert f"/admin/quizzes/{quiz.pk}/extra-attempt/" not in html  # trainers do not grant
    html = client.get(f"/admin/pages/{module.pk}/").content.decode()  # the listing
    assert f"/admin/quizzes/{quiz.pk}/statistics/" in html
    # Centre staff do not edit pages: they reach the grant from the statistics page.
    client.force_login(centre_staff())
    html = client.get(f"/admin/quizzes/{quiz.pk}/statistics/").content.decode()
    assert f"/admin/quizzes/{quiz.pk}/extra-attempt/" in html


def test_trainees_and_anonymous_users_see_no_statistics(client, data_set):
    url = f"/admin/quizzes/{data_set.pk}/statistics/"
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory(username="curious"))
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "16.67" not in response.content.decode()


# --- Extra attempts ----------------------------------------------------------------------------


@pytest.fixture
def limited(module):
    return make_quiz(module, questions=[SINGLE], attempts_allowed=1)


def test_centre_staff_grant_one_extra_attempt(client, limited):
    staff = speaks(centre_staff(), "en")
    person = UserFactory(username="second-chance")
    services.submit_attempt(services.start_attempt(person, limited), {})
    assert services.attempts_left(person, limited) == 0
    client.force_login(staff)
    response = client.get(f"/admin/quizzes/{limited.pk}/extra-attempt/")
    assert response.status_code == 200
    assert_accessible(response)
    response = client.post(
        f"/admin/quizzes/{limited.pk}/extra-attempt/", {"username": "Second-Chance"}, follow=True
    )
    assert response.status_code == 200
    assert services.attempts_left(person, limited) == 1
    grant = ExtraAttempt.objects.get()
    assert (grant.user, grant.quiz_id, grant.granted_by) == (person, limited.pk, staff)
    html = response.content.decode()
    assert "second-chance may now start 1 more attempt at this quiz." in html
    assert "<bdi>second-chance</bdi>" in html  # in the recent grants


def test_grant_form_in_arabic_and_with_an_unknown_username(client, limited):
    client.force_login(speaks(centre_staff(), "ar"))
    response = client.post(f"/admin/quizzes/{limited.pk}/extra-attempt/", {"username": "nobody"})
    assert response.status_code == 200
    assert "لا يوجد حساب نشط بهذا الاسم" in response.content.decode()
    assert not ExtraAttempt.objects.exists()
    response = client.post(f"/admin/quizzes/{limited.pk}/extra-attempt/", {"username": ""})
    assert response.status_code == 200 and not ExtraAttempt.objects.exists()


def test_nothing_to_grant_on_a_quiz_with_unlimited_attempts(client, quiz):
    UserFactory(username="anyone")
    client.force_login(speaks(centre_staff(), "en"))
    response = client.post(
        f"/admin/quizzes/{quiz.pk}/extra-attempt/", {"username": "anyone"}, follow=True
    )
    assert "unlimited attempts" in response.content.decode()
    assert not ExtraAttempt.objects.exists()


def test_only_centre_staff_grant(client, limited):
    UserFactory(username="hopeful")
    url = f"/admin/quizzes/{limited.pk}/extra-attempt/"
    client.force_login(trainer())
    # Wagtail's admin answers a PermissionDenied with a redirect and an error message.
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"username": "hopeful"}).status_code in (302, 403)
    assert not ExtraAttempt.objects.exists()
    assert client.get("/admin/quizzes/999999/extra-attempt/").status_code in (302, 403)
    client.force_login(centre_staff())
    assert client.get("/admin/quizzes/999999/extra-attempt/").status_code in (302, 404)
