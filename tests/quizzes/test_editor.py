"""Trainers author quizzes in the Wagtail editor: questions inline with their choices
nested, both languages; the answer key is checked before anything is saved."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
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


def page_form(slug="module-quiz"):
    return {
        "title_ar": "اختبار الوحدة",
        "title_en": "Module quiz",
        "slug": slug,
        "intro_ar": "",
        "intro_en": "",
        "pass_mark": "70",
        "attempts_allowed": "3",
        "grading": "highest",
        "shuffle_choices": "on",
        "draw": "0",
        "time_limit_minutes": "0",
        "review": "feedback",
    }


def page_data(questions):
    return nested_form_data({**page_form(), "questions": inline_formset(questions)})


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


# --- True/false questions: the trainer says whether the statement is true ------------------


def statement(answer="", choices=()):
    return {**question("true_false", choices), "true_false_answer": answer}


def shown(response, start: str) -> bool:
    """Whether the editor shows the error message starting with `start`, in Arabic (the
    trainer's admin language)."""
    from django.utils.html import escape

    messages = [
        "Say whether the statement is true or false (the two choices are then created for "
        "you), or add the choices “True” then “False” with one of them marked correct.",
        "The choice marked correct does not agree with the answer given for the statement: "
        "change one of them, or untick the choices.",
        "A true/false question has exactly two choices, “True” then “False”: remove the "
        "others, or remove them all to have them created.",
    ]
    (message,) = [m for m in messages if m.startswith(start)]
    html = response.content.decode()
    with translation.override("ar"):
        return escape(gettext(message)) in html or gettext(message) in html


def saved_choices(quiz_slug):
    quiz = QuizPage.objects.get(slug=quiz_slug)
    (q,) = Question.objects.filter(quiz=quiz, kind="true_false")
    return [
        (c.text_ar, c.text_en, c.is_correct)
        for c in Choice.objects.filter(question=q).order_by("sort_order")
    ]


def test_the_editor_shows_the_answer_field(client, trainer, module):
    client.force_login(trainer)
    html = client.get(add_url(module)).content.decode()
    assert "questions-__prefix__-true_false_answer" in html
    with translation.override("ar"):  # the trainer's admin speaks Arabic by default
        assert gettext("The statement is") in html


@pytest.mark.parametrize("answer, right", [("true", 0), ("false", 1)])
def test_a_true_false_question_without_choices_gets_them_created(
    client, trainer, module, answer, right
):
    client.force_login(trainer)
    response = client.post(add_url(module), page_data([statement(answer)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert saved_choices("module-quiz") == [
        ("صحيح", "True", right == 0),
        ("خطأ", "False", right == 1),
    ]
    assert QuizPage.objects.get(slug="module-quiz").structure_errors() == []


def test_choices_typed_by_the_trainer_keep_their_wording_and_get_the_answer(
    client, trainer, module
):
    client.force_login(trainer)
    data = page_data([statement("false", [choice("صح", "Right"), choice("خطأ", "Wrong")])])
    response = client.post(add_url(module), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert saved_choices("module-quiz") == [("صح", "Right", False), ("خطأ", "Wrong", True)]


def test_without_an_answer_or_choices_the_editor_says_what_to_do(client, trainer, module):
    client.force_login(trainer)
    response = client.post(add_url(module), page_data([statement("")]))
    assert response.status_code == 200
    assert shown(response, "Say whether the statement is true or false")
    assert not QuizPage.objects.filter(slug="module-quiz").exists()


@pytest.mark.parametrize(
    "choices",
    [
        [choice("صحيح", "True", True), choice("خطأ", "False")],  # ticked True, answer False
        [choice("صحيح", "True")],  # one choice
        [choice("صحيح", "True"), choice("خطأ", "False"), choice("ربما", "Maybe")],
    ],
)
def test_an_answer_that_disagrees_with_the_choices_is_refused(client, trainer, module, choices):
    client.force_login(trainer)
    response = client.post(add_url(module), page_data([statement("false", choices)]))
    assert response.status_code == 200
    assert not QuizPage.objects.filter(slug="module-quiz").exists()
    assert shown(response, "The choice marked correct does not agree") or shown(
        response, "A true/false question has exactly two choices"
    )


def test_editing_shows_the_answer_and_changing_it_keeps_the_choice_ids(client, trainer, module):
    from .factories import TRUE_FALSE

    quiz = make_quiz(module, questions=[TRUE_FALSE])
    (q,) = quiz.questions.all()
    true_choice, false_choice = q.choices.all()
    client.force_login(trainer)
    html = client.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
    checked = [
        line for line in html.split("<input") if 'name="questions-0-true_false_answer"' in line
    ]
    assert len(checked) == 2
    assert [("checked" in line, 'value="true"' in line) for line in checked] == [
        (True, True),
        (False, False),
    ]

    # The same choices (by id), unticked; the answer now says the statement is false.
    item = statement("false")
    item["id"] = q.pk
    item["choices"] = inline_formset(
        [
            {**choice("صحيح", "True"), "id": true_choice.pk},
            {**choice("خطأ", "False"), "id": false_choice.pk},
        ],
        initial=2,
    )
    data = nested_form_data(
        {**page_form(quiz.slug), "questions": inline_formset([item], initial=1)}
    )
    response = client.post(f"/admin/pages/{quiz.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    (edited,) = draft.questions.all()
    assert edited.pk == q.pk
    assert [(c.pk, c.text_en, c.is_correct) for c in edited.choices.all()] == [
        (true_choice.pk, "True", False),
        (false_choice.pk, "False", True),
    ]
