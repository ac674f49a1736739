"""What trainees see: catalogue, course page, lessons, locking, My learning, fallback."""

import pytest
from django.utils import translation

from courses import services
from courses.models import Enrollment, LessonPage, StepCompletion
from tests.accounts.factories import UserFactory

from .factories import GlossaryTermFactory, lessons_of, make_course, make_lesson, modules_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, trainee):
    client.force_login(trainee)
    return client


# --- Catalogue --------------------------------------------------------------------------------


def test_catalogue_lists_courses_and_filters_by_track(client, index):
    make_course(index, track="digital-security", title_en="Secure phones")
    make_course(index, track="advocacy", title_en="Shadow reports", modules=3)
    response = client.get("/en/courses/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secure phones" in html and "Shadow reports" in html
    assert "<bdi>3</bdi> modules" in html
    assert "<bdi>3</bdi> hours" in html
    assert 'name="track"' in html and 'method="get"' in html
    html = client.get("/en/courses/?track=advocacy").content.decode()
    assert "Shadow reports" in html and "Secure phones" not in html
    # An unknown track shows everything rather than an error.
    assert client.get("/en/courses/?track=<script>").status_code == 200


def test_catalogue_in_arabic(client, index):
    make_course(index)
    response = client.get("/ar/courses/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_unpublished_course_is_not_listed(client, index):
    course = make_course(index, title_en="Draft course")
    course.unpublish()
    assert "Draft course" not in client.get("/en/courses/").content.decode()


# --- Course page and starting ------------------------------------------------------------------


def test_course_page_for_anonymous_offers_sign_in(client, course):
    html = client.get(course.get_url().replace("/ar/", "/en/")).content.decode()
    assert "Module 1" in html and "Lesson 1.1" in html
    assert "Sign in to start this course" in html


def test_starting_is_a_post_and_idempotent(signed_in, course, trainee):
    url = f"/en/learning/start/{course.pk}/"
    assert signed_in.get(url).status_code == 405
    first_lesson = lessons_of(course)[0]
    response = signed_in.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(first_lesson.url_path.removeprefix("/home-page"))
    signed_in.post(url)
    assert Enrollment.objects.filter(user=trainee, course=course).count() == 1


def test_start_needs_sign_in(client, course):
    response = client.post(f"/en/learning/start/{course.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Enrollment.objects.exists()


def test_course_page_shows_completion_and_continue(signed_in, course, trainee):
    lessons = lessons_of(course)
    services.complete_step(trainee, lessons[0])
    html = signed_in.get("/en" + course.url_path.removeprefix("/home-page")).content.decode()
    assert "Continue where you left off" in html
    assert f'href="/en{lessons[1].url_path.removeprefix("/home-page")}"' in html
    assert "<progress" in html and "<bdi>1</bdi> of <bdi>4</bdi> steps done" in html
    assert html.count("Completed") >= 1
    assert "Locked" in html


# --- Lessons, completion and locking --------------------------------------------------------------


def _url(page, lang="en"):
    return f"/{lang}" + page.url_path.removeprefix("/home-page")


def test_lesson_needs_sign_in(client, course):
    response = client.get(_url(lessons_of(course)[0]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_lesson_page_layout(signed_in, course):
    lesson = lessons_of(course)[0]
    response = signed_in.get(_url(lesson))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Step <bdi>1</bdi> of <bdi>4</bdi>" in html
    assert "<strong>text</strong>" in html
    assert "Mark complete and continue" in html
    assert 'rel="next"' in html


def test_mark_complete_and_continue_lands_on_next_step(signed_in, course, trainee):
    lessons = lessons_of(course)
    response = signed_in.post(f"/en/learning/complete/{lessons[0].pk}/")
    assert response.status_code == 302
    assert response["Location"] == _url(lessons[1])
    assert StepCompletion.objects.filter(user=trainee, page=lessons[0]).exists()
    # Completing module 1 opens module 2: the next step is its first lesson.
    response = signed_in.post(f"/en/learning/complete/{lessons[1].pk}/")
    assert response["Location"] == _url(lessons[2])
    signed_in.post(f"/en/learning/complete/{lessons[2].pk}/")
    response = signed_in.post(f"/en/learning/complete/{lessons[3].pk}/", follow=True)
    assert "You have completed this course" in response.content.decode()
    assert Enrollment.objects.get(user=trainee, course=course).completed_at is not None


def test_complete_is_post_only(signed_in, course):
    assert signed_in.get(f"/en/learning/complete/{lessons_of(course)[0].pk}/").status_code == 405


def test_locked_lesson_is_refused_on_get_and_post(signed_in, course, trainee):
    lessons = lessons_of(course)
    locked = lessons[2]
    response = signed_in.get(_url(locked))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This step is not open yet" in html
    assert f'href="{_url(lessons[0])}"' in html  # the step that unlocks it
    assert "Module 1" in html
    response = signed_in.post(f"/en/learning/complete/{locked.pk}/")
    assert response.status_code == 403
    assert "This step is not open yet" in response.content.decode()
    assert not StepCompletion.objects.filter(user=trainee, page=locked).exists()


def test_only_lessons_are_marked_complete_by_the_button(signed_in, course):
    module = modules_of(course)[0]
    assert signed_in.post(f"/en/learning/complete/{module.pk}/").status_code == 404
    assert signed_in.post("/en/learning/complete/999999/").status_code == 404


def test_completed_lesson_says_so(signed_in, course, trainee):
    lesson = lessons_of(course)[0]
    services.complete_step(trainee, lesson)
    html = signed_in.get(_url(lesson)).content.decode()
    assert "You have completed this lesson" in html
    assert "Mark complete and continue" not in html


def test_module_url_leads_to_the_course(client, course):
    module = modules_of(course)[0]
    response = client.get(_url(module))
    assert response.status_code == 302
    assert f"#module-{module.pk}" in response["Location"]


# --- Key terms and glossary -------------------------------------------------------------------


def test_key_terms_and_glossary_page(signed_in, index):
    course = make_course(index, modules=1, lessons=0)
    GlossaryTermFactory(
        course=course,
        term_id="metadata",
        term_en="metadata",
        term_ar="البيانات الوصفية",
        definition_en="Data about data.",
    )
    GlossaryTermFactory(course=course, term_id="unused", term_en="unused term")
    lesson = make_lesson(
        "with-terms",
        "With terms",
        body_en=[("markdown", "Text"), ("key_terms", ["metadata"])],
    )
    modules_of(course)[0].add_child(instance=lesson)
    html = signed_in.get(_url(lesson)).content.decode()
    assert "Key terms" in html
    assert "metadata" in html and "Data about data." in html
    assert "unused term" not in html
    html = signed_in.get(_url(course) + "glossary/").content.decode()
    assert "البيانات الوصفية" in html and "unused term" in html


# --- Language fallback ----------------------------------------------------------------------------


def test_english_view_of_arabic_only_lesson_shows_arabic_with_notice(signed_in, index):
    course = make_course(index, modules=1, lessons=0)
    lesson = make_lesson("arabic-only", "x", body_en=[], body_ar=[("markdown", "نص عربي فقط")])
    lesson.title_en = ""
    modules_of(course)[0].add_child(instance=lesson)
    html = signed_in.get(_url(lesson, "en")).content.decode()
    assert "نص عربي فقط" in html
    assert "This page is not yet available in English" in html
    html = signed_in.get(_url(lesson, "ar")).content.decode()
    assert "نص عربي فقط" in html
    assert "This page is not yet available" not in html
    with translation.override("ar"):
        assert "ليست متاحة بعد" not in html


def test_arabic_view_of_english_only_course_shows_english_with_notice(client, index):
    # The Arabic title is required (default language); the summary may be missing.
    course = make_course(index, title_en="English only")
    type(course).objects.filter(pk=course.pk).update(summary_ar="", summary_en="English summary")
    response = client.get(_url(course, "ar"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "English summary" in html
    assert "notice-language" in html
    assert "notice-language" not in client.get(_url(course, "en")).content.decode()


# --- Markdown sanitising --------------------------------------------------------------------------


HOSTILE = """\
Hello <script>alert(1)</script> world.

<img src="x" onerror="alert(2)">

[click me](javascript:alert(3)) and [ok](https://example.org/)

<iframe src="https://evil.example/"></iframe>

<a href="#" onclick="alert(4)">x</a> ![tracker](https://tracker.example/p.png)
"""


def test_hostile_markdown_never_reaches_the_page(signed_in, index):
    course = make_course(index, modules=1, lessons=0)
    lesson = make_lesson(
        "hostile",
        "Hostile",
        body_en=[("markdown", HOSTILE), ("callout", {"kind": "tip", "text": HOSTILE})],
    )
    modules_of(course)[0].add_child(instance=lesson)
    response = signed_in.get(_url(lesson))
    assert response.status_code == 200
    body = response.content.decode().split('<main id="main"', 1)[1]
    lowered = body.lower()
    for bad in (
        "<script",
        "alert(",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "evil.example",
        "tracker.example",
        "<img",
    ):
        assert bad not in lowered, bad
    assert 'href="https://example.org/"' in body
    assert "noreferrer" in body


def test_markdown_rendering_is_cached_by_content():
    from django.core.cache import cache

    from courses.markdown import cache_key, render_markdown

    html = render_markdown("**bold**")
    assert html.strip() == "<p><strong>bold</strong></p>"
    assert cache.get(cache_key("**bold**")) == html
    # This process remembers what it rendered, without asking the shared cache again.
    cache.clear()
    assert render_markdown("**bold**") == html
    # Another process (empty memory) reads the shared cache.
    from courses import markdown

    markdown._local.clear()
    cache.set(cache_key("**bold**"), "<p>from cache</p>")
    assert render_markdown("**bold**") == "<p>from cache</p>"
    assert render_markdown("**other**").strip() == "<p><strong>other</strong></p>"


def test_image_block_needs_alt_text_in_both_languages():
    from django.core.exceptions import ValidationError

    from courses.blocks import ImageBlock

    block = ImageBlock()
    value = block.to_python(
        {"image": None, "alt_ar": "صورة", "alt_en": "", "caption_ar": "", "caption_en": ""}
    )
    with pytest.raises(ValidationError):
        block.clean(value)


# --- My learning --------------------------------------------------------------------------------


def test_my_learning_lists_courses_with_progress_and_next_step(signed_in, index, trainee):
    started = make_course(index, title_en="Started course")
    done = make_course(index, modules=1, lessons=1, title_en="Finished course")
    make_course(index, title_en="Never started")
    services.start_course(trainee, started)
    services.complete_step(trainee, lessons_of(started)[0])
    services.complete_step(trainee, lessons_of(done)[0])
    response = signed_in.get("/en/learning/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Started course" in html and "Finished course" in html
    assert "Never started" not in html
    assert '<progress max="4" value="1"' in html
    assert "<bdi>1</bdi> of <bdi>4</bdi> steps done (<bdi>25%</bdi>)" in html
    assert "Continue where you left off" in html
    assert _url(lessons_of(started)[1]) in html
    assert "Completed courses" in html


def test_my_learning_needs_sign_in(client, db):
    response = client.get("/ar/learning/")
    assert response.status_code == 302


def test_my_learning_shows_only_own_courses(signed_in, index):
    other = UserFactory()
    course = make_course(index, title_en="Someone else's course")
    services.start_course(other, course)
    assert "Someone else" not in signed_in.get("/en/learning/").content.decode()


def test_completed_course_stays_completed_in_my_learning_after_unpublishing(
    signed_in, index, trainee
):
    course = make_course(index, modules=1, lessons=2, title_en="Old course")
    for lesson in lessons_of(course):
        services.complete_step(trainee, lesson)
    LessonPage.objects.get(pk=lessons_of(course)[0].pk).unpublish()
    html = signed_in.get("/en/learning/").content.decode()
    assert "Completed courses" in html and "Old course" in html
    assert "In progress" not in html


def test_nav_links(client, home_page, trainee):
    html = client.get("/en/").content.decode()
    assert 'href="/en/courses/"' in html
    assert 'href="/en/learning/"' not in html
    client.force_login(trainee)
    html = client.get("/ar/").content.decode()
    assert 'href="/ar/courses/"' in html
    assert 'href="/ar/learning/"' in html


def test_key_terms_must_be_in_the_course_glossary(index):
    from django.core.exceptions import ValidationError

    course = make_course(index, modules=1, lessons=0)
    GlossaryTermFactory(course=course, term_id="metadata")
    lesson = make_lesson("bad-terms", "Bad", body_ar=[("key_terms", ["metadata", "not-defined"])])
    with pytest.raises(ValidationError, match="not-defined"):
        modules_of(course)[0].add_child(instance=lesson)
