"""A trainer, in Arabic: signs in with a TOTP code, writes a lesson in both languages in
the Wagtail admin (titles, slug, a Markdown block in each language), publishes it; then a
trainee opens it, in Arabic and in English. The admin needs JavaScript: JavaScript on."""

import pytest

from courses.models import LessonPage
from madafe.accounts.policy import TRAINERS_GROUP
from tests.accounts.factories import UserFactory, activate_totp
from tests.courses.factories import course_index, make_course

from .conftest import wait_for_path
from .signing_in import LOGIN, TOTP_CODE, sign_in, wait_unless_the_code_lasts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY_AR = "## خطة المقابلة\n\nاختر مكانًا **آمنًا** قبل اللقاء."
BODY_EN = "## Interview plan\n\nChoose a **safe** place before the meeting."


def add_markdown_block(page, field: str, text: str):
    """Insert a Markdown block into the StreamField `field` (body_ar or body_en)."""
    panel = page.locator(f"[data-contentpath='{field}']").first
    panel.locator("button.c-sf-add-button").first.click()
    # The block chooser lists the block types; Markdown is the first.
    page.locator("[role=option], .w-combobox__option").first.click()
    textarea = panel.locator(f"textarea[name^='{field}-0-value']")
    textarea.wait_for()
    textarea.fill(text)


def test_trainer_writes_and_publishes_a_bilingual_lesson(browser_session, journey, home_page):
    trainer = UserFactory(username="trainer-rania", groups=[TRAINERS_GROUP])
    current_code = activate_totp(trainer)
    UserFactory(username="trainee-omar")
    course = make_course(course_index(home_page), modules=1, lessons=1, sequential=False)
    module = course.get_children().first()

    page = browser_session.new_page()
    page.goto(browser_session.url("/admin/"))
    wait_for_path(page, LOGIN)
    sign_in(page, "trainer-rania")
    wait_for_path(page, TOTP_CODE)
    journey.step(page, "asks-for-code")
    wait_unless_the_code_lasts(seconds=5)
    form = page.locator("main form:has(input[name=code])")
    form.locator("input[name=code]").fill(current_code())
    form.locator("button[type=submit]").first.click()
    wait_for_path(page, "/admin/")
    page.locator("main h1").wait_for()
    journey.step(page, "admin-dashboard", ours=False)

    # A new lesson under the course's module.
    page.goto(browser_session.url(f"/admin/pages/add/courses/lessonpage/{module.pk}/"))
    page.wait_for_load_state()
    page.locator("#id_title_ar").wait_for()
    journey.step(page, "lesson-editor-empty", ours=False)
    # wagtail-modeltranslation shows one language's fields at a time: Arabic first.
    page.locator("#id_title_ar").fill("التخطيط للمقابلة بأمان")
    add_markdown_block(page, "body_ar", BODY_AR)
    journey.step(page, "lesson-editor-arabic", ours=False)
    page.locator("button.locale-toggle:visible", has_text="en").first.click()
    page.locator("#id_title_en").fill("Planning the interview safely")
    add_markdown_block(page, "body_en", BODY_EN)
    journey.step(page, "lesson-editor-english", ours=False)
    # The slug sits on the second tab, "Promote" (its id comes from the translated name).
    page.locator("a.w-tabs__tab[role=tab]").nth(1).click()
    page.locator("#id_slug").fill("planning-the-interview-safely")
    # Publish: the action menu's toggle, then "Publish".
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator("footer button[name=action-publish]").click()
    page.wait_for_url(lambda url: f"/admin/pages/{module.pk}/" in url)
    journey.step(page, "published", ours=False)

    lesson = LessonPage.objects.get(slug="planning-the-interview-safely")
    assert lesson.live
    assert (lesson.title_ar, lesson.title_en) == (
        "التخطيط للمقابلة بأمان",
        "Planning the interview safely",
    )

    # A trainee, in another browser, reads it in Arabic, then in English.
    reader = browser_session.new_context().new_page()
    reader.goto(browser_session.url(LOGIN))
    sign_in(reader, "trainee-omar")
    wait_for_path(reader, "/ar/")
    path = "/" + lesson.url_path.split("/", 2)[2]
    reader.goto(browser_session.url("/ar" + path))
    wait_for_path(reader, "/ar" + path)
    journey.step(reader, "lesson-in-arabic")
    main = reader.locator("main")
    assert "التخطيط للمقابلة بأمان" in main.inner_text()
    assert main.locator("h2", has_text="خطة المقابلة").count() == 1
    assert main.locator("strong", has_text="آمنًا").count() == 1
    reader.goto(browser_session.url("/en" + path))
    english = reader.locator("main").inner_text()
    assert "Planning the interview safely" in english
    assert "Choose a safe place before the meeting." in english
