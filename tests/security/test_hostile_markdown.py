"""Hostile Markdown through every place trainers write it: nothing executable reaches a page.
Quizzes: the intro, question explanations and choice feedback, and the plain texts."""

import pytest

from courses.markdown import render_markdown
from tests.courses.factories import course_index, make_course, make_lesson, modules_of

from .hostile import PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db


def test_corpus_is_large_enough_and_the_checker_can_fail():
    assert len(PAYLOADS) >= 40
    assert executable_parts('<p onclick="x()">a</p>') == ["p onclick="]
    assert executable_parts('<a href="javascript:alert(1)">x</a>')
    assert executable_parts('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert executable_parts("<img src=x>") == ["<img>"]
    assert executable_parts('<a href="https://example.org/">ok</a><p>text</p>') == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_renderer_neutralises(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter")
    assert executable_parts(html) == [], html
    assert "tracker.example" not in html and "evil.example/x" not in html.replace("&", "")


def test_lesson_page_with_every_payload_in_every_block(client, home_page):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    course = make_course(course_index(home_page), modules=1, lessons=0, sequential=False)
    corpus = "\n\n".join(PAYLOADS)
    body = [
        ("markdown", corpus),
        ("callout", {"kind": "warning", "text": corpus}),
        ("checklist", PAYLOADS),
    ]
    lesson = make_lesson("hostile", "Hostile", body_en=body, body_ar=body)
    modules_of(course)[0].add_child(instance=lesson)
    for language in ("ar", "en"):
        response = client.get(f"/{language}{lesson.url_path.removeprefix('/home-page')}")
        assert response.status_code == 200
        page = response.content.decode()
        # The lesson body: from its container to the step's own actions that follow it.
        body = page.split('<div class="prose lesson-body">', 1)[1].split("</main>", 1)[0]
        body = body.split('<form method="post"', 1)[0]
        assert "custom tag" in body and "hover" in body  # the payloads' text is there
        assert executable_parts(body) == [], body[:3000]
        # And the page as a whole loads scripts only from our own static files.
        scripts = [p for p in executable_parts(page, "/static/") if p.startswith("<script")]
        assert scripts == []


# --- Quizzes: intro, question explanations, choice feedback (Markdown), and the plain texts ---


def _hostile_quiz(home_page):
    from quizzes.models import Choice, Question, QuizPage
    from tests.courses.factories import add_page

    corpus = "\n\n".join(PAYLOADS)
    both = {"ar": corpus, "en": corpus}
    course = make_course(course_index(home_page), modules=1, lessons=0, sequential=False)
    quiz = add_page(
        modules_of(course)[0],
        QuizPage(
            title="اختبار عدائي",
            title_ar="اختبار عدائي",
            title_en="Hostile quiz",
            slug="hostile-quiz",
            intro=corpus,
            intro_ar=corpus,
            intro_en=corpus,
            review="feedback",
        ),
    )

    def question(kind, order, **fields):
        return Question.objects.create(
            quiz=quiz,
            kind=kind,
            sort_order=order,
            text=PAYLOADS[order],
            text_ar=PAYLOADS[order],
            text_en=PAYLOADS[order],
            explanation=corpus,
            explanation_ar=both["ar"],
            explanation_en=both["en"],
            **fields,
        )

    # Every payload as a choice's text and as its feedback; the trainee picks them all, so
    # every feedback is shown.
    many = question("multiple", 0)
    for order, payload in enumerate(PAYLOADS):
        Choice.objects.create(
            question=many,
            sort_order=order,
            text=payload,
            text_ar=payload,
            text_en=payload,
            is_correct=order == 0,
            feedback=payload,
            feedback_ar=payload,
            feedback_en=payload,
        )
    statement = question("true_false", 1)
    for order, (ar, en) in enumerate((("صحيح", "True"), ("خطأ", "False"))):
        Choice.objects.create(
            question=statement,
            sort_order=order,
            text=ar,
            text_ar=ar,
            text_en=en,
            is_correct=order == 1,
            feedback=corpus if order == 0 else "",
            feedback_ar=corpus if order == 0 else "",
            feedback_en=corpus if order == 0 else "",
        )
    lines = "\n".join(p for p in PAYLOADS if "\n" not in p)
    question(
        "short", 2, accepted_answers=lines, accepted_answers_ar=lines, accepted_answers_en=lines
    )
    return QuizPage.objects.get(pk=quiz.pk)


def _region(page: str, start: str, end: str) -> str:
    assert start in page, start
    return page.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_quiz_intro_explanations_and_feedback_with_every_payload(client, home_page, language):
    import re

    from quizzes.models import Attempt
    from tests.accounts.factories import UserFactory
    from tests.quizzes.factories import post_form

    quiz = _hostile_quiz(home_page)
    client.force_login(UserFactory())

    # The quiz page: the intro.
    page = client.get(re.sub(r"^/(ar|en)/", f"/{language}/", quiz.get_url()))
    assert page.status_code == 200
    html = page.content.decode()
    intro = _region(html, '<div class="prose quiz-intro">', '<form method="post"')
    assert "custom tag" in intro and "hover" in intro
    assert executable_parts(intro) == [], intro[:3000]
    assert [p for p in executable_parts(html, "/static/") if p.startswith("<script")] == []

    # The attempt page: question and choice texts are plain text.
    start = re.search(r'<form method="post" action="([^"]*/start/)"', html).group(1)
    attempt_url = client.post(start)["Location"]
    html = client.get(attempt_url).content.decode()
    form = _region(html, 'class="quiz-form">', "</form>")
    assert "&lt;script&gt;" in form
    own = {"<input>", "<button>"}  # the form's own controls (attributes are still checked)
    assert [p for p in executable_parts(form) if p not in own] == [], form[:3000]

    # Submit: every choice of the multiple question, the wrong statement, a hostile answer.
    attempt = Attempt.objects.get(quiz=quiz)
    data = {"action": "submit"}
    for index, qid in enumerate(attempt.question_order, start=1):
        shown = attempt.choice_order[str(qid)]
        kind = quiz.questions.get(pk=qid).kind
        if kind == "multiple":
            data[f"q{index}"] = [f"c{i}" for i in range(1, len(shown) + 1)]
        elif kind == "true_false":
            true_id = quiz.questions.get(pk=qid).choices.get(sort_order=0).pk
            data[f"q{index}"] = f"c{shown.index(true_id) + 1}"
        else:
            data[f"q{index}"] = '<img src=x onerror="alert(1)">'
    response = post_form(client, attempt_url, data)
    assert response.status_code == 302, response.content[:2000]

    # The review: explanations and feedback rendered from Markdown, texts escaped.
    html = client.get(response["Location"]).content.decode()
    review = _region(html, '<section class="quiz-review"', "</section>")
    # Every feedback that still says something once sanitised (some payloads are all
    # script and leave nothing), plus the true/false one.
    shown = sum(1 for payload in PAYLOADS if str(render_markdown(payload)).strip()) + 1
    assert review.count('class="prose choice-feedback"') == shown
    assert review.count('class="prose explanation"') == 3
    assert "custom tag" in review and "hover" in review
    assert "&lt;img src=x onerror=" in review  # the short answer, shown as text
    assert executable_parts(review) == [], review[:3000]
    assert [p for p in executable_parts(html, "/static/") if p.startswith("<script")] == []
