"""quiz.toml in the course format: import into the course tree, idempotency, updates in
place, unpublishing, round trip through export, and errors that leave the database as it
was."""

import filecmp
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Revision

from courses import course_format, services
from courses.course_format import CourseFormatError, import_course
from courses.models import CoursePage
from quizzes.models import Choice, Question, QuizPage
from quizzes.quiz_format import read_quizzes
from tests.courses.factories import course_index
from tests.courses.test_course_format import write_course
from tests.home.test_seed_demo import _snapshot

pytestmark = pytest.mark.django_db

QUIZ_TOML = """\
[[quiz]]
slug = "before-you-go-quiz"
module = "before-you-go"
title = { ar = "اختبار قبل أن تذهب", en = "Before you go: quiz" }
intro = { ar = "مقدمة **قصيرة**", en = "A **short** intro" }
pass_mark = 60
attempts_allowed = 2
grading = "last"
shuffle_questions = true
shuffle_choices = false
draw = 0
time_limit_minutes = 10
review = "answers"

[[quiz.question]]
type = "single"
text = { ar = "ماذا تحمل؟", en = "What do you carry?" }
explanation = { ar = "احمل القليل.", en = "Carry little." }

[[quiz.question.choice]]
text = { ar = "ما تحتاجه فقط", en = "Only what you need" }
correct = true

[[quiz.question.choice]]
text = { ar = "كل الملفات", en = "Every file" }
correct = false
feedback = { ar = "لا، قد تُفتَّش.", en = "No, you may be searched." }

[[quiz.question]]
type = "multiple"
scoring = "all_or_nothing"
text = { ar = "من تخبر؟", en = "Whom do you tell?" }

[[quiz.question.choice]]
text = { ar = "زميلًا", en = "A colleague" }
correct = true

[[quiz.question.choice]]
text = { ar = "المنسق", en = "The coordinator" }
correct = true

[[quiz.question.choice]]
text = { ar = "الجميع", en = "Everyone" }
correct = false
feedback = { ar = "لا.", en = "No." }

[[quiz.question]]
type = "true_false"
text = { ar = "القوائم آمنة في الجيب.", en = "Lists are safe in a pocket." }
answer = false
feedback = { ar = "الإجابة الصحيحة: خطأ.", en = "The correct answer is false." }

[[quiz.question]]
type = "short"
text = { ar = "ما اسم الموافقة بعد الفهم؟", en = "What is consent after understanding called?" }
accepted = { ar = ["الموافقة المستنيرة", "موافقة مستنيرة"], en = ["informed consent"] }

[[quiz]]
slug = "field-safety-final"
title = { ar = "الاختبار النهائي", en = "Final quiz" }
pass_mark = 70
attempts_allowed = 0
grading = "highest"
shuffle_questions = false
shuffle_choices = true
draw = 1
time_limit_minutes = 0
review = "feedback"

[[quiz.question]]
type = "true_false"
text = { ar = "الاستخلاص مفيد.", en = "Debriefing helps." }
explanation = { ar = "نعم.", en = "Yes." }
answer = true

[[quiz.question]]
type = "single"
text = { ar = "متى تستخلص؟", en = "When do you debrief?" }

[[quiz.question.choice]]
text = { ar = "بعد المهمة", en = "After the mission" }
correct = true

[[quiz.question.choice]]
text = { ar = "أبدًا", en = "Never" }
correct = false
"""

CURRICULUM = Path(settings.BASE_DIR) / "courses" / "curriculum"
SHIPPED = [
    *sorted(p for p in CURRICULUM.iterdir() if (p / "course.toml").exists()),
    Path(settings.BASE_DIR) / "courses" / "demo" / "first-steps-in-safe-documentation",
]


@pytest.fixture
def index(home_page):
    return course_index(home_page)


@pytest.fixture
def folder(tmp_path):
    folder = write_course(tmp_path / "src")
    (folder / "quiz.toml").write_text(QUIZ_TOML, encoding="utf-8")
    return folder


def edit(folder, old, new, count=1):
    path = folder / "quiz.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def structure(quiz):
    return [
        (q.pk, q.kind, q.text_en, [(c.pk, c.text_en, c.is_correct) for c in q.choices.all()])
        for q in quiz.questions.all()
    ]


def test_import_places_practice_quizzes_after_lessons_and_the_final_quiz_last(index, folder):
    import_course(folder)
    course = CoursePage.objects.get(slug="field-safety")
    assert [s.slug for s in services.course_steps(course)] == [
        "plan-the-visit",
        "pack-light",
        "before-you-go-quiz",
        "debrief",
        "field-safety-final",
    ]
    practice = QuizPage.objects.get(slug="before-you-go-quiz")
    assert practice.live and practice.get_parent().slug == "before-you-go"
    assert QuizPage.objects.get(slug="field-safety-final").get_parent().pk == course.pk
    assert (practice.title_ar, practice.title_en) == ("اختبار قبل أن تذهب", "Before you go: quiz")
    assert practice.intro_en == "A **short** intro"
    assert (
        practice.pass_mark,
        practice.attempts_allowed,
        practice.grading,
        practice.shuffle_questions,
        practice.shuffle_choices,
        practice.draw,
        practice.time_limit_minutes,
        practice.review,
    ) == (60, 2, "last", True, False, 0, 10, "answers")
    assert practice.structure_errors() == []


def test_import_writes_questions_choices_and_both_languages(index, folder):
    import_course(folder)
    single, multiple, statement, short = QuizPage.objects.get(
        slug="before-you-go-quiz"
    ).questions.all()
    assert [q.kind for q in (single, multiple, statement, short)] == [
        "single",
        "multiple",
        "true_false",
        "short",
    ]
    assert (single.text_ar, single.text_en) == ("ماذا تحمل؟", "What do you carry?")
    assert single.explanation_en == "Carry little."
    assert [(c.text_en, c.is_correct, c.feedback_en) for c in single.choices.all()] == [
        ("Only what you need", True, ""),
        ("Every file", False, "No, you may be searched."),
    ]
    assert multiple.scoring == "all_or_nothing" and single.scoring == "partial"
    # true/false: "True" then "False", per the contract; feedback on the wrong one.
    assert [(c.text_ar, c.text_en, c.is_correct) for c in statement.choices.all()] == [
        ("صحيح", "True", False),
        ("خطأ", "False", True),
    ]
    assert statement.choices.all()[0].feedback_en == "The correct answer is false."
    assert short.accepted_answers_ar.splitlines() == ["الموافقة المستنيرة", "موافقة مستنيرة"]
    assert short.accepted_answers_en == "informed consent"
    assert not short.choices.exists()


def test_reimport_changes_nothing_and_creates_no_revision(index, folder):
    import_course(folder)
    revisions = Revision.objects.count()
    before = _snapshot()
    assert not import_course(folder).changed
    assert Revision.objects.count() == revisions
    assert _snapshot() == before


def test_an_edit_updates_in_place_with_one_revision_and_keeps_ids(index, folder):
    import_course(folder)
    practice = QuizPage.objects.get(slug="before-you-go-quiz")
    final = QuizPage.objects.get(slug="field-safety-final")
    before = structure(practice)
    final_revisions = Revision.objects.for_instance(final).count()
    practice_revisions = Revision.objects.for_instance(practice).count()
    edit(folder, 'en = "No, you may be searched."', 'en = "No: bags are searched."')
    result = import_course(folder)
    assert (result.created, result.updated, result.unpublished) == (0, 1, 0)
    assert not import_course(folder).changed
    practice = QuizPage.objects.get(pk=practice.pk)
    assert Revision.objects.for_instance(practice).count() == practice_revisions + 1
    assert Revision.objects.for_instance(final).count() == final_revisions
    assert structure(practice) == before  # same rows, same ids
    assert practice.questions.first().choices.all()[1].feedback_en == "No: bags are searched."
    assert practice.live and not practice.has_unpublished_changes


def test_questions_added_and_removed(index, folder):
    import_course(folder)
    practice = QuizPage.objects.get(slug="before-you-go-quiz")
    first_ids = [q.pk for q in practice.questions.all()]
    # Drop the short question, and turn the true/false answer round.
    text = (folder / "quiz.toml").read_text(encoding="utf-8")
    start = text.index('[[quiz.question]]\ntype = "short"')
    end = text.index("[[quiz]]", start)
    (folder / "quiz.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    edit(folder, "answer = false", "answer = true")
    import_course(folder)
    questions = list(QuizPage.objects.get(pk=practice.pk).questions.all())
    assert [q.pk for q in questions] == first_ids[:3]
    assert [c.is_correct for c in questions[2].choices.all()] == [True, False]
    assert not Question.objects.filter(pk=first_ids[3]).exists()
    assert Choice.objects.filter(question__quiz=practice).count() == 2 + 3 + 2


def test_a_removed_quiz_is_unpublished_not_deleted(index, folder):
    import_course(folder)
    text = (folder / "quiz.toml").read_text(encoding="utf-8")
    (folder / "quiz.toml").write_text(text[: text.index("[[quiz]]", 10)], encoding="utf-8")
    import_course(folder)
    final = QuizPage.objects.get(slug="field-safety-final")
    assert not final.live
    assert final.questions.count() == 2
    course = CoursePage.objects.get(slug="field-safety")
    assert "field-safety-final" not in [s.slug for s in services.course_steps(course)]
    # Listing it again brings it back.
    (folder / "quiz.toml").write_text(QUIZ_TOML, encoding="utf-8")
    import_course(folder)
    assert QuizPage.objects.get(pk=final.pk).live


def test_a_quiz_listed_under_another_module_moves_there(index, folder):
    import_course(folder)
    practice = QuizPage.objects.get(slug="before-you-go-quiz")
    edit(folder, 'module = "before-you-go"', 'module = "after-you-return"')
    import_course(folder)
    moved = QuizPage.objects.get(slug="before-you-go-quiz")
    assert moved.pk == practice.pk and moved.get_parent().slug == "after-you-return"
    course = CoursePage.objects.get(slug="field-safety")
    assert [s.slug for s in services.course_steps(course)] == [
        "plan-the-visit",
        "pack-light",
        "debrief",
        "before-you-go-quiz",
        "field-safety-final",
    ]
    assert not import_course(folder).changed


def test_a_lesson_added_later_still_comes_before_the_practice_quiz(index, folder):
    import_course(folder)
    for lang in ("ar", "en"):
        source = folder / "before-you-go" / f"pack-light.{lang}.md"
        (folder / "before-you-go" / f"check-in.{lang}.md").write_text(
            source.read_text(encoding="utf-8"), encoding="utf-8"
        )
    course_toml = folder / "course.toml"
    course_toml.write_text(
        course_toml.read_text(encoding="utf-8").replace(
            '"pack-light"]', '"pack-light", "check-in"]'
        ),
        encoding="utf-8",
    )
    import_course(folder)
    course = CoursePage.objects.get(slug="field-safety")
    assert [s.slug for s in services.course_steps(course)][:4] == [
        "plan-the-visit",
        "pack-light",
        "check-in",
        "before-you-go-quiz",
    ]


def test_round_trip_import_export_import_is_identical(index, folder, tmp_path):
    import_course(folder)
    course = CoursePage.objects.get(slug="field-safety")
    first, second = tmp_path / "export1", tmp_path / "export2"
    course_format.export_course(course, first)
    assert read_quizzes(first) == read_quizzes(folder)
    revisions = Revision.objects.count()
    before = _snapshot()
    assert not import_course(first).changed
    assert Revision.objects.count() == revisions and _snapshot() == before
    course_format.export_course(course, second)
    assert filecmp.cmp(first / "quiz.toml", second / "quiz.toml", shallow=False)


def test_export_of_a_course_without_quizzes_writes_no_quiz_file(index, folder, tmp_path):
    (folder / "quiz.toml").unlink()
    import_course(folder)
    target = tmp_path / "out"
    target.mkdir()
    (target / "quiz.toml").write_text("stale", encoding="utf-8")
    course_format.export_course(CoursePage.objects.get(slug="field-safety"), target)
    assert not (target / "quiz.toml").exists()


@pytest.mark.parametrize("course_dir", SHIPPED, ids=lambda p: p.name)
def test_shipped_courses_round_trip(index, course_dir, tmp_path):
    result = import_course(course_dir)
    course = result.course
    slug = tomllib.loads((course_dir / "course.toml").read_text(encoding="utf-8"))["slug"]
    assert course.slug == slug
    sources = read_quizzes(course_dir)
    assert QuizPage.objects.descendant_of(course).live().count() == len(sources)
    steps = services.course_steps(course)
    assert steps[-1].slug == next(q.slug for q in sources if q.module is None)
    course_format.export_course(course, tmp_path / "out")
    assert read_quizzes(tmp_path / "out") == sources
    revisions = Revision.objects.count()
    assert not import_course(tmp_path / "out").changed
    assert Revision.objects.count() == revisions


def test_a_broken_quiz_file_stops_the_import_and_changes_nothing(index, folder):
    import_course(folder)
    before = _snapshot()
    course_toml = folder / "course.toml"
    course_toml.write_text(
        course_toml.read_text(encoding="utf-8").replace('en = "Field safety"', 'en = "Edited"'),
        encoding="utf-8",
    )
    edit(folder, "correct = false\nfeedback", "correct = true\nfeedback")
    with pytest.raises(CourseFormatError) as info:
        import_course(folder)
    assert "quiz.toml:" in str(info.value)
    assert "exactly one correct choice (found 2)" in str(info.value)
    assert _snapshot() == before


def test_a_quiz_naming_an_unknown_module_is_refused_before_anything_is_written(index, folder):
    edit(folder, 'module = "before-you-go"', 'module = "before-you-leave"')
    with pytest.raises(CourseFormatError, match=r"quiz\.toml:3: module 'before-you-leave'"):
        import_course(folder)
    assert not CoursePage.objects.exists()


def test_seed_demo_imports_the_quizzes_of_the_demo_and_of_the_curriculum(db):
    from django.core.management import call_command

    call_command("seed_demo")
    for course_dir in SHIPPED:
        slug = tomllib.loads((course_dir / "course.toml").read_text(encoding="utf-8"))["slug"]
        course = CoursePage.objects.get(slug=slug)
        quizzes = list(QuizPage.objects.descendant_of(course).live())
        sources = read_quizzes(course_dir)
        assert sorted(q.slug for q in quizzes) == sorted(s.slug for s in sources)
        final = next(q for q in quizzes if q.get_parent().pk == course.pk)
        practice = [q for q in quizzes if q.pk != final.pk]
        assert practice, slug
        if course_dir.parent == CURRICULUM:  # issue 8's sizes
            assert all(q.questions.count() >= 5 for q in practice)
            assert final.questions.count() >= 12 and final.pass_mark == 70
