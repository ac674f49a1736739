"""The Markdown course format: import, export, round trip, idempotency, errors."""

import filecmp
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from courses import course_format, services
from courses.course_format import CourseFormatError, import_course, register_extension
from courses.models import CoursePage, GlossaryTerm, LessonPage, ModulePage, StepCompletion
from tests.home.test_seed_demo import _snapshot

from .factories import course_index

pytestmark = pytest.mark.django_db

COURSE_TOML = """\
slug = "field-safety"
track = "documentation"
level = "beginner"
estimated_hours = 2
sequential = true
certificate = true
certificate_validity_months = 24

title = { ar = "السلامة الميدانية", en = "Field safety" }
summary = { ar = "ملخص الدورة", en = "Course summary" }

[[modules]]
slug = "before-you-go"
title = { ar = "قبل أن تذهب", en = "Before you go" }
summary = { ar = "ملخص الوحدة", en = "Module summary" }
lessons = ["plan-the-visit", "pack-light"]

[[modules]]
slug = "after-you-return"
title = { ar = "بعد العودة", en = "After you return" }
lessons = ["debrief"]
"""

GLOSSARY_TOML = """\
[[term]]
id = "informed-consent"
ar = "الموافقة المستنيرة"
en = "informed consent"
definition = { ar = "موافقة حرة بعد فهم المخاطر.", en = "Free agreement after understanding the risks." }

[[term]]
id = "debriefing"
ar = "جلسة استخلاص"
en = "debriefing"
definition = { ar = "حديث منظم بعد المهمة.", en = "A structured talk after a mission." }
"""


def lesson(title, lang, extra=""):
    text_ar = "خطط **للزيارة** مسبقًا."
    text_en = "Plan the **visit** ahead."
    return f"""+++
title = "{title}"
last_reviewed = "2026-11-23"
+++

## {"الهدف" if lang == "ar" else "Goal"}

{text_ar if lang == "ar" else text_en}

:::safety
{"لا تحمل قوائم الأسماء." if lang == "ar" else "Do not carry lists of names."}
:::

:::checklist
- {"البند الأول" if lang == "ar" else "first item"}
- {"البند الثاني" if lang == "ar" else "second item"}
:::
{extra}
:::key-terms
informed-consent
:::
"""


def write_course(root: Path) -> Path:
    folder = root / "field-safety"
    (folder / "before-you-go").mkdir(parents=True)
    (folder / "after-you-return").mkdir()
    (folder / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
    (folder / "glossary.toml").write_text(GLOSSARY_TOML, encoding="utf-8")
    for module, slug in (
        ("before-you-go", "plan-the-visit"),
        ("before-you-go", "pack-light"),
        ("after-you-return", "debrief"),
    ):
        for lang in ("ar", "en"):
            title = f"{slug} {lang}"
            (folder / module / f"{slug}.{lang}.md").write_text(
                lesson(title, lang), encoding="utf-8"
            )
    return folder


@pytest.fixture
def folder(tmp_path):
    return write_course(tmp_path / "src")


@pytest.fixture
def index(home_page):
    return course_index(home_page)


def test_import_creates_the_course(index, folder):
    result = import_course(folder)
    assert result.created == 6
    course = CoursePage.objects.get(slug="field-safety")
    assert course.live
    assert (course.title_ar, course.title_en) == ("السلامة الميدانية", "Field safety")
    assert course.track == "documentation"
    assert course.certificate_validity_months == 24
    assert course.awards_certificate and course.sequential
    assert [m.slug for m in ModulePage.objects.child_of(course).order_by("path")] == [
        "before-you-go",
        "after-you-return",
    ]
    assert [s.slug for s in services.course_steps(course)] == [
        "plan-the-visit",
        "pack-light",
        "debrief",
    ]
    plan = LessonPage.objects.get(slug="plan-the-visit")
    assert [b.block_type for b in plan.body_ar] == ["markdown", "callout", "checklist", "key_terms"]
    assert [b.block_type for b in plan.body_en] == ["markdown", "callout", "checklist", "key_terms"]
    assert plan.body_en[1].value["kind"] == "safety"
    assert list(plan.body_en[2].value) == ["first item", "second item"]
    assert list(plan.body_en[3].value) == ["informed-consent"]
    assert str(plan.last_reviewed) == "2026-11-23"
    terms = GlossaryTerm.objects.filter(course=course).order_by("sort_order")
    assert [t.term_en for t in terms] == ["informed consent", "debriefing"]


def test_reimporting_the_same_folder_changes_nothing(index, folder):
    import_course(folder)
    revisions = Revision.objects.count()
    before = _snapshot()
    result = import_course(folder)
    assert not result.changed
    assert Revision.objects.count() == revisions
    assert _snapshot() == before


def test_edited_folder_updates_in_place_and_keeps_progress(index, folder, trainee):
    import_course(folder)
    plan = LessonPage.objects.get(slug="plan-the-visit")
    services.complete_step(trainee, plan)
    path = folder / "before-you-go" / "plan-the-visit.en.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Plan the **visit**", "Prepare the **visit**"),
        encoding="utf-8",
    )
    course_toml = folder / "course.toml"
    course_toml.write_text(
        course_toml.read_text(encoding="utf-8").replace(
            'lessons = ["plan-the-visit", "pack-light"]',
            'lessons = ["pack-light", "plan-the-visit"]',
        ),
        encoding="utf-8",
    )
    result = import_course(folder)
    assert result.updated == 1
    assert result.created == 0
    updated = LessonPage.objects.get(slug="plan-the-visit")
    assert updated.pk == plan.pk
    assert "Prepare the **visit**" in updated.body_en[0].value
    course = CoursePage.objects.get(slug="field-safety")
    assert [s.slug for s in services.course_steps(course)][:2] == ["pack-light", "plan-the-visit"]
    assert StepCompletion.objects.filter(user=trainee, page_id=plan.pk).exists()


def test_lesson_removed_from_the_folder_is_unpublished_not_deleted(index, folder):
    import_course(folder)
    course_toml = folder / "course.toml"
    course_toml.write_text(
        course_toml.read_text(encoding="utf-8").replace(', "pack-light"]', "]"), encoding="utf-8"
    )
    result = import_course(folder)
    assert result.unpublished == 1
    pack = LessonPage.objects.get(slug="pack-light")
    assert not pack.live


def test_round_trip(index, folder, tmp_path):
    import_course(folder)
    course = CoursePage.objects.get(slug="field-safety")
    first = tmp_path / "export1"
    second = tmp_path / "export2"
    call_command("export_course", "field-safety", str(first))
    revisions = Revision.objects.count()
    assert not import_course(first).changed
    assert Revision.objects.count() == revisions
    course_format.export_course(course, second)
    comparison = filecmp.dircmp(first, second)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for sub in comparison.subdirs.values():
        assert not sub.diff_files and not sub.left_only and not sub.right_only
    # The export says the same as the source, block for block.
    source = course_format.read_course(folder)
    exported = course_format.read_course(first)
    assert source.title == exported.title
    assert [m.slug for m in source.modules] == [m.slug for m in exported.modules]
    for a, b in zip(source.modules, exported.modules, strict=True):
        for la, lb in zip(a.lessons, b.lessons, strict=True):
            for lang in ("ar", "en"):
                assert [(x.type, x.value) for x in la.blocks[lang]] == [
                    (x.type, x.value) for x in lb.blocks[lang]
                ]
    assert [(t.id, t.term, t.definition) for t in source.glossary] == [
        (t.id, t.term, t.definition) for t in exported.glossary
    ]


def test_real_curriculum_folder_imports_idempotently(index):
    folder = Path(__file__).resolve().parents[2] / "courses" / "curriculum" / "un-advocacy"
    if not folder.exists():
        pytest.skip("curriculum not present")
    source = course_format.read_course(folder)
    assert source.modules


# --- Errors name the file and the line, and leave the database as it was ----------------------


def _break(folder: Path, relative: str, old: str, new: str):
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "where", "message"),
    [
        (
            lambda f: (f / "before-you-go" / "pack-light.en.md").unlink(),
            "course.toml:16",
            "pack-light.en.md is missing",
        ),
        (
            lambda f: _break(f, "course.toml", 'level = "beginner"', "level = beginner"),
            "course.toml:3",
            "malformed TOML",
        ),
        (
            lambda f: _break(f, "before-you-go/pack-light.ar.md", ":::checklist", ":::video"),
            "pack-light.ar.md:14",
            "unknown block :::video",
        ),
        (
            lambda f: _break(f, "before-you-go/pack-light.en.md", ":::safety", ":::tip"),
            "pack-light.en.md:10",
            "blocks differ",
        ),
        (
            lambda f: _break(
                f, "after-you-return/debrief.ar.md", "informed-consent", "no-such-term"
            ),
            "debrief.ar.md:20",
            "not defined in glossary.toml",
        ),
        (
            lambda f: _break(f, "course.toml", 'track = "documentation"', 'track = "cooking"'),
            "course.toml:2",
            "track must be one of",
        ),
        (
            lambda f: _break(
                f, "before-you-go/plan-the-visit.en.md", "\n:::\n\n:::checklist", "\n\n:::checklist"
            ),
            "plan-the-visit.en.md:13",
            "a block cannot open inside",
        ),
        (
            lambda f: _break(f, "glossary.toml", 'en = "debriefing"', 'en = ""'),
            "glossary.toml:7",
            "missing its en text",
        ),
    ],
)
def test_broken_folder_names_file_and_line_and_changes_nothing(
    index, folder, breakage, where, message
):
    import_course(folder)
    before = _snapshot()
    # An edit that would change the database, next to the breakage.
    _break(folder, "course.toml", 'en = "Field safety"', 'en = "Field safety, edited"')
    breakage(folder)
    with pytest.raises(CourseFormatError) as info:
        import_course(folder)
    assert where in str(info.value), str(info.value)
    assert message in str(info.value)
    assert _snapshot() == before


def test_command_reports_errors_with_file_and_line(index, folder):
    _break(folder, "before-you-go/pack-light.ar.md", ":::checklist", ":::video")
    with pytest.raises(CommandError, match=r"pack-light\.ar\.md:14: unknown block"):
        call_command("import_course", str(folder))
    assert not CoursePage.objects.exists()


class FailingExtension:
    """An extension whose import fails after the core was written."""

    def validate(self, source_dir, course_data):
        assert course_data["slug"] == "field-safety"

    def import_into(self, source_dir, course, modules):
        assert set(modules) == {"before-you-go", "after-you-return"}
        raise CourseFormatError("quiz broken", source_dir / "quiz.toml", 3)

    def export_from(self, course, target_dir):
        (target_dir / "extra.txt").write_text("x")


class RecordingExtension:
    def __init__(self):
        self.calls = []

    def validate(self, source_dir, course_data):
        self.calls.append("validate")
        if (source_dir / "reject").exists():
            raise CourseFormatError("rejected", source_dir / "quiz.toml", 7)

    def import_into(self, source_dir, course, modules):
        self.calls.append(("import", course.slug, sorted(modules)))

    def export_from(self, course, target_dir):
        self.calls.append(("export", course.slug))


@pytest.fixture
def extensions(monkeypatch):
    monkeypatch.setattr(course_format, "_extensions", [])
    return course_format._extensions


def test_extension_failure_rolls_back_the_core(index, folder, extensions):
    register_extension(FailingExtension())
    register_extension(FailingExtension())  # twice: kept once
    assert len(extensions) == 1
    with pytest.raises(CourseFormatError, match="quiz.toml:3: quiz broken"):
        import_course(folder)
    assert not CoursePage.objects.exists()
    assert Page.objects.filter(slug="plan-the-visit").count() == 0


def test_extensions_validate_before_anything_is_written(index, folder, extensions, tmp_path):
    extension = RecordingExtension()
    register_extension(extension)
    (folder / "reject").touch()
    with pytest.raises(CourseFormatError, match="quiz.toml:7: rejected"):
        import_course(folder)
    assert extension.calls == ["validate"]
    assert not CoursePage.objects.exists()
    (folder / "reject").unlink()
    import_course(folder)
    assert extension.calls[-1] == ("import", "field-safety", ["after-you-return", "before-you-go"])
    course_format.export_course(CoursePage.objects.get(), tmp_path / "out")
    assert extension.calls[-1] == ("export", "field-safety")


def test_error_str_format():
    assert str(CourseFormatError("bad", Path("a/b.md"), 12)) == "a/b.md:12: bad"


def test_import_needs_the_catalogue(folder, db):
    with pytest.raises(CourseFormatError, match="setup_site"):
        import_course(folder)


def test_export_unknown_course_fails(index, tmp_path):
    with pytest.raises(CommandError, match="no course"):
        call_command("export_course", "nope", str(tmp_path))


def test_command_imports_and_says_unchanged(index, folder, capsys):
    call_command("import_course", str(folder))
    call_command("import_course", str(folder))
    assert "field-safety: unchanged" in capsys.readouterr().out


def test_copy_of_folder_is_independent(tmp_path, folder):
    # Guard for the fixtures above: each test writes its own folder.
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    assert (copy / "course.toml").exists()


def test_seed_demo_imports_the_demo_course(db, capsys):
    call_command("seed_demo", without_curriculum=True)
    course = CoursePage.objects.get(slug="first-steps-in-safe-documentation")
    assert course.live
    # The lessons (other apps, such as quizzes, may add steps of their own).
    steps = [s for s in services.course_steps(course) if isinstance(s, LessonPage)]
    assert len(steps) == 4
    for step in steps:
        for lang in ("ar", "en"):
            words = sum(
                len(str(b.value if b.block_type == "markdown" else "").split())
                for b in getattr(step, f"body_{lang}")
            )
            assert 100 <= words <= 250, (step.slug, lang, words)
    call_command("seed_demo", without_curriculum=True)
    assert "demo course first-steps-in-safe-documentation: unchanged" in capsys.readouterr().out


def test_demo_course_pages_render(client, db):
    call_command("seed_demo", without_curriculum=True)
    course = CoursePage.objects.get(slug="first-steps-in-safe-documentation")
    for lang in ("ar", "en"):
        response = client.get(f"/{lang}/courses/first-steps-in-safe-documentation/")
        assert response.status_code == 200
        assert (course.title_ar if lang == "ar" else course.title_en) in response.content.decode()
