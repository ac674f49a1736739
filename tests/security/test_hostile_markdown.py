"""Hostile Markdown through every place trainers write it: nothing executable reaches a page.
(Quiz explanations and feedback join this suite with the quizzes app.)"""

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
