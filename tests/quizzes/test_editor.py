"""Trainers author quizzes in the Wagtail editor: questions inline with their choices
nested, both languages; the answer key is checked before anything is saved."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from quizzes.models import Choice, Question, QuizPage
from tests.accounts.factories import UserFactory, activate_totp

from .factories import make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(db):
    user = UserFactory(username="quiz-trainer", groups=["Trainers"])
    activate_totp(user)
    return user


def choice(ar, en, correct=False):
    return {
        "text_ar": ar,
        "text_en": en,
        "is_correct": "on" if correct else "",
        "feedback_ar": "",
        "feedback_en": "",
    }


def question(kind, choices=(), accepted_ar="", accepted_en=""):
    return {
        "kind": kind,
        "scoring": "partial",
        "text_ar": "سؤال",
        "text_en": "Question",
        "accepted_answers_ar": accepted_ar,
        "accepted_answers_en": accepted_en,
        "explanation_ar": "",
        "explanation_en": "",
        "choices": inline_formset(list(choices)),
    }


def page_data(questions):
    return nested_form_data(
        {
            "title_ar": "اختبار الوحدة",
            "title_en": "Module quiz",
            "slug": "module-quiz",
            "intro_ar": "",
            "intro_en": "",
            "pass_mark": "70",
            "attempts_allowed": "3",
            "grading": "highest",
            "shuffle_choices": "on",
            "draw": "0",
            "time_limit_minutes": "0",
            "review": "feedback",
            "questions": inline_formset(questions),
        }
    )


def add_url(module):
    return f"/admin/pages/add/quizzes/quizpage/{module.pk}/"


def test_quiz_may_sit_under_a_module_or_a_course_only(course, module, index):
    assert QuizPage.can_exist_under(module)
    assert QuizPage.can_exist_under(course)
    assert not QuizPage.can_exist_under(index)
    quiz = make_quiz(module)
    assert not QuizPage.can_exist_under(quiz)


def test_trainer_opens_the_editor(client, trainer, module):
    quiz = make_quiz(module)
    client.force_login(trainer)
    assert client.get(add_url(module)).status_code == 200
    response = client.get(f"/admin/pages/{quiz.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    # Both languages of questions and of their nested choices.
    for name in ("questions-0-text_ar", "questions-0-text_en", "questions-0-choices-0-text_en"):
        assert f'name="{name}"' in html


def test_trainer_creates_a_quiz_with_nested_choices(client, trainer, module):
    client.force_login(trainer)
    data = page_data(
        [
            question("single", [choice("أ", "A", True), choice("ب", "B")]),
            question(
                "multiple", [choice("أ", "A", True), choice("ب", "B", True), choice("ج", "C")]
            ),
            question("true_false", [choice("صحيح", "True"), choice("خطأ", "False", True)]),
            question("short", accepted_ar="جواب", accepted_en="answer"),
        ]
    )
    response = client.post(add_url(module), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = QuizPage.objects.get(slug="module-quiz")
    assert quiz.attempts_allowed == 3
    kinds = list(
        Question.objects.filter(quiz=quiz).order_by("sort_order").values_list("kind", flat=True)
    )
    assert kinds == ["single", "multiple", "true_false", "short"]
    assert Choice.objects.filter(question__quiz=quiz).count() == 7
    assert quiz.structure_errors() == []


@pytest.mark.parametrize(
    "bad",
    [
        question("single", [choice("أ", "A", True), choice("ب", "B", True)]),  # two correct
        question("single", [choice("أ", "A"), choice("ب", "B")]),  # none correct
        question("multiple", [choice("أ", "A"), choice("ب", "B")]),  # none correct
        question("true_false", [choice("صحيح", "True", True)]),  # one choice
        question("true_false", [choice("صحيح", "True", True), choice("خطأ", "False", True)]),
        question("short"),  # no accepted answer
    ],
)
def test_a_broken_answer_key_is_refused(client, trainer, module, bad):
    client.force_login(trainer)
    good = question("single", [choice("أ", "A", True), choice("ب", "B")])
    response = client.post(add_url(module), page_data([good, bad]))
    assert response.status_code == 200  # the editor again, with the error
    assert not QuizPage.objects.filter(slug="module-quiz").exists()
    assert "question" in response.content.decode().lower()


def test_trainer_cannot_add_a_quiz_outside_the_catalogue(client, trainer, home_page, index):
    client.force_login(trainer)
    response = client.get(f"/admin/pages/add/quizzes/quizpage/{home_page.pk}/")
    assert response.status_code in (302, 403)


def test_structure_errors_for_importers(module):
    from .factories import SINGLE

    quiz = make_quiz(
        module, questions=[{**SINGLE, "choices": [("أ", "A", True), ("ب", "B", True)]}]
    )
    assert len(quiz.structure_errors()) == 1
