"""The course-format extension of quizzes: imports `quiz.toml` into the course tree and
writes it back (docs/course-format.md, "quiz.toml"). Registered in `QuizzesConfig.ready()`.

- A module's practice quiz goes under the module, after its lessons; the final quiz goes
  under the course, after the last module. Quizzes are matched by slug anywhere in the course
  (a quiz listed under another module is moved there).
- Importing the same file again changes nothing and creates no revision. A changed quiz gets
  one new published revision; its questions and choices are updated in place, position by
  position, so their ids stay stable (past attempts are frozen in `AttemptAnswer` anyway).
- A quiz no longer listed is unpublished, never deleted, so nobody's attempts are lost.
"""

from __future__ import annotations

from pathlib import Path

from courses.course_format import (
    LANGS,
    _ensure_order,
    _publish,
    _sync_base_fields,
    _toml_lines,
    _toml_value,
)

from .quiz_format import (
    FILE_NAME,
    ChoiceSource,
    QuestionSource,
    QuizSource,
    read_quizzes,
    true_false_choices,
)

SETTINGS = (
    "pass_mark",
    "attempts_allowed",
    "grading",
    "shuffle_questions",
    "shuffle_choices",
    "draw",
    "time_limit_minutes",
    "review",
)


def _pair(obj, name: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{name}_{lang}") or "" for lang in LANGS}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- Canonical forms (what "unchanged" means) -----------------------------------------------


def _question_key(question: QuestionSource) -> tuple:
    return (
        question.kind,
        tuple(question.text[lang] for lang in LANGS),
        tuple(question.explanation[lang] for lang in LANGS),
        question.scoring if question.kind == "multiple" else "partial",
        tuple(tuple(question.accepted[lang]) for lang in LANGS),
        tuple(
            (
                tuple(c.text[lang] for lang in LANGS),
                c.correct,
                tuple(c.feedback[lang] for lang in LANGS),
            )
            for c in question.choices
        ),
    )


def question_source(question) -> QuestionSource:
    """A saved `Question` (with its choices) as the source it would be written from."""
    choices = [
        ChoiceSource(text=_pair(c, "text"), correct=c.is_correct, feedback=_pair(c, "feedback"))
        for c in question.choices.all()
    ]
    return QuestionSource(
        kind=question.kind,
        text=_pair(question, "text"),
        explanation=_pair(question, "explanation"),
        choices=choices,
        scoring=question.scoring if question.kind == "multiple" else "partial",
        accepted={lang: _lines(getattr(question, f"accepted_answers_{lang}")) for lang in LANGS},
    )


def quiz_source(quiz, module_slug: str | None) -> QuizSource:
    """A saved `QuizPage` as the source it would be written from."""
    return QuizSource(
        slug=quiz.slug,
        module=module_slug,
        title=_pair(quiz, "title"),
        intro=_pair(quiz, "intro"),
        **{name: getattr(quiz, name) for name in SETTINGS},
        questions=[question_source(q) for q in quiz.questions.all()],
    )


# --- Import ---------------------------------------------------------------------------------


def _set_questions(quiz, sources: list[QuestionSource]) -> bool:
    """Make the quiz's questions (in memory, saved on publish) match `sources`, reusing
    the existing rows position by position. Returns whether anything differed."""
    from .models import Choice, Question

    existing = list(quiz.questions.all()) if quiz.pk else []
    if [_question_key(question_source(q)) for q in existing] == [_question_key(s) for s in sources]:
        return False
    questions = []
    for position, source in enumerate(sources):
        question = existing[position] if position < len(existing) else Question()
        question.kind = source.kind
        question.scoring = source.scoring if source.kind == "multiple" else "partial"
        for lang in LANGS:
            setattr(question, f"text_{lang}", source.text[lang])
            setattr(question, f"explanation_{lang}", source.explanation[lang])
            setattr(question, f"accepted_answers_{lang}", "\n".join(source.accepted[lang]))
        _sync_base_fields(question, ("text", "explanation", "accepted_answers"))
        old_choices = list(question.choices.all()) if question.pk else []
        choices = []
        for index, choice_source in enumerate(source.choices):
            choice = old_choices[index] if index < len(old_choices) else Choice()
            choice.is_correct = choice_source.correct
            for lang in LANGS:
                setattr(choice, f"text_{lang}", choice_source.text[lang])
                setattr(choice, f"feedback_{lang}", choice_source.feedback[lang])
            _sync_base_fields(choice, ("text", "feedback"))
            choice.sort_order = index
            choices.append(choice)
        question.choices = choices
        question.sort_order = position
        questions.append(question)
    quiz.questions = questions
    return True


def _quiz_values(source: QuizSource) -> dict:
    values = {name: getattr(source, name) for name in SETTINGS}
    for lang in LANGS:
        values[f"title_{lang}"] = source.title[lang]
        values[f"intro_{lang}"] = source.intro[lang]
    return values


def import_quizzes(source_dir, course, modules: dict) -> dict[str, int]:
    """Create, update, move and unpublish the quizzes of `course` from `quiz.toml`
    (already validated). Returns counts: created, updated, unpublished, moved."""
    from wagtail.models import Page

    from courses.models import ModulePage

    from .models import QuizPage

    counts = {"created": 0, "updated": 0, "unpublished": 0, "moved": 0}
    sources = read_quizzes(source_dir)
    wanted: list[int] = []
    by_parent: dict[int, list] = {}
    for source in sources:
        parent = modules[source.module] if source.module else course
        quiz = QuizPage.objects.descendant_of(course).filter(slug=source.slug).first()
        if quiz is not None and quiz.get_parent().pk != parent.pk:
            quiz.move(Page.objects.get(pk=parent.pk), pos="last-child")
            quiz = QuizPage.objects.get(pk=quiz.pk)
            counts["moved"] += 1
        values = _quiz_values(source)
        if quiz is None:
            quiz = QuizPage(slug=source.slug, **values)
            _sync_base_fields(quiz, ("title", "intro"))
            _set_questions(quiz, source.questions)
            parent.add_child(instance=quiz)
            _publish(quiz)
            counts["created"] += 1
        else:
            changed = False
            for name, value in values.items():
                if getattr(quiz, name) != value:
                    setattr(quiz, name, value)
                    changed = True
            changed = _set_questions(quiz, source.questions) or changed
            if changed or not quiz.live:
                _sync_base_fields(quiz, ("title", "intro"))
                _publish(quiz)
                counts["updated"] += 1
        wanted.append(quiz.pk)
        by_parent.setdefault(parent.pk, []).append(quiz)

    # Practice quizzes after their module's lessons, the final quiz after the last module.
    for parent in [course, *modules.values()]:
        quizzes = by_parent.get(parent.pk, [])
        if not quizzes:
            continue
        children = Page.objects.child_of(parent).live().order_by("path")
        if parent.pk == course.pk:
            children = children.type(ModulePage)
        else:
            children = children.not_type(QuizPage)
        counts["moved"] += _ensure_order(parent, [*children, *quizzes])

    for quiz in QuizPage.objects.descendant_of(course).live().exclude(pk__in=wanted):
        quiz.unpublish()
        counts["unpublished"] += 1
    return counts


# --- Export ---------------------------------------------------------------------------------


def _pair_value(value: dict[str, str]) -> str:
    return _toml_value({lang: value[lang] for lang in LANGS})


def _has_text(value: dict[str, str]) -> bool:
    return any(value[lang] for lang in LANGS)


def quiz_toml(sources: list[QuizSource]) -> str:
    """The text of quiz.toml for these quizzes (the layout of docs/course-format.md)."""
    out: list[str] = []
    for quiz in sources:
        if out:
            out.append("")
        out.append("[[quiz]]")
        pairs: list[tuple[str, object]] = [("slug", quiz.slug)]
        if quiz.module:
            pairs.append(("module", quiz.module))
        pairs.append(("title", quiz.title))
        if _has_text(quiz.intro):
            pairs.append(("intro", quiz.intro))
        pairs += [(name, getattr(quiz, name)) for name in SETTINGS]
        out += _toml_lines(pairs)
        for question in quiz.questions:
            out += ["", "[[quiz.question]]", f"type = {_toml_value(question.kind)}"]
            if question.kind == "multiple" and question.scoring != "partial":
                out.append(f"scoring = {_toml_value(question.scoring)}")
            out.append(f"text = {_pair_value(question.text)}")
            if _has_text(question.explanation):
                out.append(f"explanation = {_pair_value(question.explanation)}")
            if question.kind == "true_false":
                answer = bool(question.choices and question.choices[0].correct)
                wrong = [c for c in question.choices if not c.correct]
                feedback = wrong[0].feedback if wrong else {lang: "" for lang in LANGS}
                out.append(f"answer = {_toml_value(answer)}")
                if _has_text(feedback):
                    out.append(f"feedback = {_pair_value(feedback)}")
            elif question.kind == "short":
                out.append(f"accepted = {_toml_value(question.accepted)}")
            else:
                for choice in question.choices:
                    out += ["", "[[quiz.question.choice]]"]
                    out.append(f"text = {_pair_value(choice.text)}")
                    out.append(f"correct = {_toml_value(choice.correct)}")
                    if _has_text(choice.feedback):
                        out.append(f"feedback = {_pair_value(choice.feedback)}")
    return "\n".join(out) + "\n"


def course_quiz_sources(course) -> list[QuizSource]:
    """The live quizzes of `course` as sources: each module's in module order, then the
    quizzes directly under the course."""
    from courses.models import ModulePage

    from .models import QuizPage

    sources = []
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        for quiz in QuizPage.objects.child_of(module).live().order_by("path"):
            sources.append(quiz_source(quiz, module.slug))
    for quiz in QuizPage.objects.child_of(course).live().order_by("path"):
        sources.append(quiz_source(quiz, None))
    return sources


def export_quizzes(course, target_dir) -> None:
    path = Path(target_dir) / FILE_NAME
    sources = course_quiz_sources(course)
    if sources:
        path.write_text(quiz_toml(sources), encoding="utf-8")
    elif path.exists():
        # The folder now describes a course without quizzes.
        path.unlink()


class QuizCourseExtension:
    """The object registered with `courses.course_format.register_extension`."""

    def validate(self, source_dir: Path, course_data: dict) -> None:
        read_quizzes(source_dir, course_data)

    def import_into(self, source_dir: Path, course, modules: dict) -> dict[str, int]:
        return import_quizzes(source_dir, course, modules)

    def export_from(self, course, target_dir: Path) -> None:
        export_quizzes(course, target_dir)


__all__ = [
    "QuizCourseExtension",
    "import_quizzes",
    "export_quizzes",
    "quiz_toml",
    "true_false_choices",
]
