"""Course trees for tests: a catalogue, courses, modules and lessons, built directly in the
page tree (published, no revisions) so that tests stay fast."""

import factory
from wagtail.models import Page

from courses.models import CoursePage, GlossaryTerm, LessonPage, ModulePage
from courses.services import ensure_course_index

_counter = iter(range(1, 10_000_000))


def course_index(home_page):
    return ensure_course_index(home_page)


def add_page(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    return page


def make_course(
    index,
    modules: int = 2,
    lessons: int = 2,
    sequential: bool = True,
    track: str = "digital-security",
    title_en: str | None = None,
    **fields,
) -> CoursePage:
    n = next(_counter)
    title_en = title_en or f"Course {n}"
    course = add_page(
        index,
        CoursePage(
            title=f"دورة {n}",
            title_ar=f"دورة {n}",
            title_en=title_en,
            slug=f"course-{n}",
            track=track,
            sequential=sequential,
            summary_ar="ملخص",
            summary_en="Summary",
            estimated_hours=3,
            **fields,
        ),
    )
    for m in range(1, modules + 1):
        module = add_page(
            course,
            ModulePage(
                title=f"وحدة {m}", title_ar=f"وحدة {m}", title_en=f"Module {m}", slug=f"module-{m}"
            ),
        )
        for i in range(1, lessons + 1):
            add_page(module, make_lesson(f"lesson-{m}-{i}", f"Lesson {m}.{i}"))
    return CoursePage.objects.get(pk=course.pk)


def make_lesson(slug, title_en, body_en=None, body_ar=None, **fields) -> LessonPage:
    return LessonPage(
        title=f"درس {title_en}",
        title_ar=f"درس {title_en}",
        title_en=title_en,
        slug=slug,
        body_ar=body_ar if body_ar is not None else [("markdown", "نص الدرس **المهم**.")],
        body_en=body_en if body_en is not None else [("markdown", "The lesson's **text**.")],
        **fields,
    )


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def modules_of(course) -> list[ModulePage]:
    return list(ModulePage.objects.child_of(course).order_by("path"))


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term_id = factory.Sequence(lambda n: f"term-{n}")
    term_ar = "مصطلح"
    term_en = "term"
    definition_ar = "تعريف"
    definition_en = "definition"
