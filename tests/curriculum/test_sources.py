"""The shipped curriculum (issue 8), checked at the source: every lesson in both languages
within the word range, every module with its practice quiz, every course with its final quiz,
every question answerable and explained, every glossary term defined in both languages."""

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from courses.course_format import read_course

CURRICULUM = Path(settings.BASE_DIR) / "courses" / "curriculum"
COURSES = sorted(p for p in CURRICULUM.iterdir() if (p / "course.toml").exists())
MIN_WORDS, MAX_WORDS = 200, 450
LANGUAGES = ("ar", "en")


def test_three_tracks_ship():
    tracks = {tomllib.loads((p / "course.toml").read_text())["track"] for p in COURSES}
    assert tracks == {"digital-security", "documentation", "advocacy"}


def _body_words(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    body = text.split("+++", 2)[2]
    return len(body.split())


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_lessons_exist_in_both_languages_within_the_word_range(course_dir):
    source = read_course(course_dir)
    assert len(source.modules) == 6
    problems = []
    for module in source.modules:
        assert 4 <= len(module.lessons) <= 5, module.slug
        for lesson in module.lessons:
            for lang in LANGUAGES:
                assert lesson.title[lang].strip(), (lesson.slug, lang)
                words = _body_words(lesson.paths[lang])
                if not MIN_WORDS <= words <= MAX_WORDS:
                    problems.append(f"{lesson.paths[lang].name}: {words} words")
            # Same structure in both languages.
            signatures = {lang: [b.signature for b in lesson.blocks[lang]] for lang in LANGUAGES}
            assert signatures["ar"] == signatures["en"], lesson.slug
    assert problems == []


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_every_lesson_has_a_last_reviewed_date(course_dir):
    for module in read_course(course_dir).modules:
        for lesson in module.lessons:
            assert lesson.last_reviewed is not None, lesson.slug


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_glossary_terms_used_in_lessons_exist_in_both_languages(course_dir):
    source = read_course(course_dir)
    glossary = {term.id: term for term in source.glossary}
    for term in glossary.values():
        for lang in LANGUAGES:
            assert term.term[lang].strip() and term.definition[lang].strip(), term.id
    used = set()
    for module in source.modules:
        for lesson in module.lessons:
            for lang in LANGUAGES:
                for block in lesson.blocks[lang]:
                    if block.type == "key_terms":
                        used.update(block.value)
    assert used, "no key terms used"
    assert used - set(glossary) == set()


def _quizzes(course_dir):
    return tomllib.loads((course_dir / "quiz.toml").read_text(encoding="utf-8"))["quiz"]


def _both(value):
    return isinstance(value, dict) and all(str(value.get(lang, "")).strip() for lang in LANGUAGES)


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_every_module_has_a_practice_quiz_and_the_course_a_final_quiz(course_dir):
    source = read_course(course_dir)
    quizzes = _quizzes(course_dir)
    by_module = {q.get("module"): q for q in quizzes}
    for module in source.modules:
        assert module.slug in by_module, f"{module.slug} has no practice quiz"
        assert len(by_module[module.slug]["question"]) >= 5
    final = by_module.get(None)
    assert final is not None, "no final quiz"
    assert len(final["question"]) >= 12
    assert final["pass_mark"] == 70


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_every_question_is_answerable_explained_and_every_choice_teaches(course_dir):
    for quiz in _quizzes(course_dir):
        for number, question in enumerate(quiz["question"], 1):
            where = f"{quiz['slug']} question {number}"
            assert _both(question["text"]) and _both(question["explanation"]), where
            kind = question["type"]
            if kind in ("single", "multiple"):
                choices = question["choice"]
                correct = [c for c in choices if c.get("correct")]
                assert correct, f"{where}: no correct choice"
                if kind == "single":
                    assert len(correct) == 1, where
                for choice in choices:
                    assert _both(choice["text"]) and _both(choice["feedback"]), where
            elif kind == "true_false":
                assert isinstance(question["answer"], bool), where
                assert _both(question["feedback"]), where
            elif kind == "short":
                accepted = question["accepted"]
                assert any(accepted.get(lang) for lang in LANGUAGES), where
            else:
                pytest.fail(f"{where}: unknown type {kind}")


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_no_stale_figures_for_facts_that_change(course_dir):
    """Deadlines and limits are written as 'check the current official page'."""
    pattern = re.compile(r"\b(deadline|page limit)s?\b[^.\n]*\b\d{1,2} (days|pages|weeks)\b", re.I)
    for path in course_dir.rglob("*.en.md"):
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            window = text[max(0, match.start() - 200) : match.end() + 200].lower()
            assert "historically" in window or "check" in window, f"{path.name}: {match.group(0)}"
