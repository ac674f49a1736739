"""Reading and validating `quiz.toml` (docs/course-format.md, "quiz.toml") into plain
dataclasses. Pure: no database. Errors are `CourseFormatError`s naming the file and line,
like the rest of the course format; the importer and exporter live in
`quizzes.course_extension`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from courses.course_format import (
    LANGS,
    CourseFormatError,
    _bilingual,
    _check_slug,
    _header_lines,
    _key_line,
    _parse_toml,
    _read_text,
)

FILE_NAME = "quiz.toml"
KINDS = ("single", "multiple", "true_false", "short")
GRADINGS = ("highest", "last")
REVIEWS = ("score", "answers", "feedback")
SCORINGS = ("partial", "all_or_nothing")
QUIZ_KEYS = {
    "slug",
    "module",
    "title",
    "intro",
    "pass_mark",
    "attempts_allowed",
    "grading",
    "shuffle_questions",
    "shuffle_choices",
    "draw",
    "time_limit_minutes",
    "review",
    "question",
}
QUESTION_KEYS = {
    "single": {"type", "text", "explanation", "choice"},
    "multiple": {"type", "text", "explanation", "choice", "scoring"},
    "true_false": {"type", "text", "explanation", "answer", "feedback"},
    "short": {"type", "text", "explanation", "accepted"},
}
CHOICE_KEYS = {"text", "correct", "feedback"}
# The two choices of a true/false question, in this order (the quiz contract).
TRUE_TEXT = {"ar": "صحيح", "en": "True"}
FALSE_TEXT = {"ar": "خطأ", "en": "False"}
# The limits of the QuizPage fields (their validators).
MAX_ATTEMPTS, MAX_DRAW, MAX_MINUTES = 100, 500, 24 * 60


@dataclass
class ChoiceSource:
    text: dict[str, str]
    correct: bool
    feedback: dict[str, str]
    line: int = field(default=0, compare=False)


@dataclass
class QuestionSource:
    kind: str
    text: dict[str, str]
    explanation: dict[str, str]
    choices: list[ChoiceSource] = field(default_factory=list)
    scoring: str = "partial"
    accepted: dict[str, list[str]] = field(default_factory=lambda: {"ar": [], "en": []})
    line: int = field(default=0, compare=False)

    @property
    def answer(self) -> bool | None:
        """For true/false: whether the statement is true."""
        if self.kind != "true_false":
            return None
        return self.choices[0].correct


@dataclass
class QuizSource:
    slug: str
    module: str | None
    title: dict[str, str]
    intro: dict[str, str]
    pass_mark: int = 70
    attempts_allowed: int = 0
    grading: str = "highest"
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    draw: int = 0
    time_limit_minutes: int = 0
    review: str = "feedback"
    questions: list[QuestionSource] = field(default_factory=list)
    line: int = field(default=0, compare=False)


def true_false_choices(answer: bool, feedback: dict[str, str]) -> list[ChoiceSource]:
    """The two choices of a true/false question: "True" then "False"; the feedback goes
    to the wrong one (it is shown to whoever picked it)."""
    empty = {lang: "" for lang in LANGS}
    return [
        ChoiceSource(dict(TRUE_TEXT), answer, empty if answer else dict(feedback)),
        ChoiceSource(dict(FALSE_TEXT), not answer, dict(feedback) if answer else empty),
    ]


class _Lines:
    """Line numbers of the [[quiz]], [[quiz.question]] and [[quiz.question.choice]] headers,
    handed out in file order (TOML keeps the order of array-of-tables)."""

    def __init__(self, text: str):
        self.text = text
        self.queues = {
            name: _header_lines(text, name)
            for name in ("quiz", "quiz.question", "quiz.question.choice")
        }

    def next(self, name: str, default: int) -> int:
        queue = self.queues[name]
        return queue.pop(0) if queue else default

    def key(self, key: str, start: int) -> int:
        return _key_line(self.text, key, start, start)


def _int(value, what, low, high, path, line) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise CourseFormatError(
            f"{what} must be a whole number from {low} to {high} (got {value!r})", path, line
        )
    return value


def _bool(value, what, path, line) -> bool:
    if not isinstance(value, bool):
        raise CourseFormatError(f"{what} must be true or false (got {value!r})", path, line)
    return value


def _choice_of(value, what, options, path, line) -> str:
    if value not in options:
        raise CourseFormatError(
            f"{what} must be one of {', '.join(options)} (got {value!r})", path, line
        )
    return value


def _unknown(data: dict, allowed: set, what: str, lines: _Lines, start: int, path) -> None:
    unknown = set(data) - allowed
    if unknown:
        key = sorted(unknown)[0]
        raise CourseFormatError(f"unknown {what} key {key!r}", path, lines.key(key, start))


def _module_layout(course_data: dict) -> tuple[list[str], dict[str, set[str]]]:
    """Module slugs in order, and the lesson slugs of each module, from course.toml."""
    modules, lessons = [], {}
    for module in course_data.get("modules") or []:
        if isinstance(module, dict) and isinstance(module.get("slug"), str):
            modules.append(module["slug"])
            lessons[module["slug"]] = set(module.get("lessons") or [])
    return modules, lessons


def read_quizzes(source_dir, course_data: dict | None = None) -> list[QuizSource]:
    """Read and validate `source_dir/quiz.toml` (none: no quizzes). With `course_data`
    (course.toml as parsed), module references and slug clashes are checked too."""
    path = Path(source_dir) / FILE_NAME
    if not path.exists():
        return []
    text = _read_text(path)
    data = _parse_toml(text, path)
    lines = _Lines(text)
    _unknown(data, {"quiz"}, "top-level", lines, 1, path)
    quizzes_data = data.get("quiz", [])
    if not isinstance(quizzes_data, list):
        raise CourseFormatError(
            "quizzes must be written as [[quiz]] tables", path, _key_line(text, "quiz")
        )
    module_slugs, lesson_slugs = _module_layout(course_data or {})
    taken = set(module_slugs) | {slug for slugs in lesson_slugs.values() for slug in slugs}
    quizzes, seen = [], set()
    for quiz_data in quizzes_data:
        start = lines.next("quiz", 1)
        if not isinstance(quiz_data, dict):
            raise CourseFormatError("each quiz must be a [[quiz]] table", path, start)
        quiz = _read_quiz(quiz_data, path, lines, start)
        if quiz.slug in seen:
            raise CourseFormatError(f"quiz {quiz.slug!r} appears twice", path, start)
        seen.add(quiz.slug)
        if course_data is not None:
            if quiz.module is not None and quiz.module not in lesson_slugs:
                raise CourseFormatError(
                    f"module {quiz.module!r} is not a module of course.toml",
                    path,
                    lines.key("module", start),
                )
            if quiz.slug in taken:
                raise CourseFormatError(
                    f"quiz slug {quiz.slug!r} is already the slug of a module or lesson",
                    path,
                    lines.key("slug", start),
                )
        quizzes.append(quiz)
    return quizzes


def _read_quiz(data: dict, path: Path, lines: _Lines, start: int) -> QuizSource:
    _unknown(data, QUIZ_KEYS, "quiz", lines, start, path)
    if "slug" not in data:
        raise CourseFormatError("quiz without a slug", path, start)
    slug = _check_slug(data["slug"], "quiz slug", path, lines.key("slug", start))
    module = data.get("module")
    if module is not None:
        _check_slug(module, "module", path, lines.key("module", start))
    if "title" not in data:
        raise CourseFormatError(f"quiz {slug!r} has no title", path, start)
    quiz = QuizSource(
        slug=slug,
        module=module,
        title=_bilingual(data["title"], "title", path, lines.key("title", start)),
        intro=_bilingual(
            data.get("intro"), "intro", path, lines.key("intro", start), required=False
        ),
        line=start,
    )
    for key, low, high in (
        ("pass_mark", 0, 100),
        ("attempts_allowed", 0, MAX_ATTEMPTS),
        ("draw", 0, MAX_DRAW),
        ("time_limit_minutes", 0, MAX_MINUTES),
    ):
        if key in data:
            setattr(quiz, key, _int(data[key], key, low, high, path, lines.key(key, start)))
    for key in ("shuffle_questions", "shuffle_choices"):
        if key in data:
            setattr(quiz, key, _bool(data[key], key, path, lines.key(key, start)))
    if "grading" in data:
        quiz.grading = _choice_of(
            data["grading"], "grading", GRADINGS, path, lines.key("grading", start)
        )
    if "review" in data:
        quiz.review = _choice_of(
            data["review"], "review", REVIEWS, path, lines.key("review", start)
        )

    questions = data.get("question", [])
    if not isinstance(questions, list):
        raise CourseFormatError(
            "questions must be written as [[quiz.question]] tables",
            path,
            lines.key("question", start),
        )
    for question_data in questions:
        q_start = lines.next("quiz.question", start)
        if not isinstance(question_data, dict):
            raise CourseFormatError(
                "each question must be a [[quiz.question]] table", path, q_start
            )
        quiz.questions.append(_read_question(question_data, path, lines, q_start))
    if not quiz.questions:
        raise CourseFormatError(f"quiz {slug!r} has no questions", path, start)
    if quiz.draw > len(quiz.questions):
        raise CourseFormatError(
            f"draw = {quiz.draw} but the quiz has only {len(quiz.questions)} questions",
            path,
            lines.key("draw", start),
        )
    return quiz


def _read_question(data: dict, path: Path, lines: _Lines, start: int) -> QuestionSource:
    kind = data.get("type")
    if kind is None:
        raise CourseFormatError("question without a type", path, start)
    _choice_of(kind, "question type", KINDS, path, lines.key("type", start))
    _unknown(data, QUESTION_KEYS[kind], f"{kind} question", lines, start, path)
    if "text" not in data:
        raise CourseFormatError("question without a text", path, start)
    question = QuestionSource(
        kind=kind,
        text=_bilingual(data["text"], "question text", path, lines.key("text", start)),
        explanation=_bilingual(
            data.get("explanation"),
            "explanation",
            path,
            lines.key("explanation", start),
            required=False,
        ),
        line=start,
    )
    if kind in ("single", "multiple"):
        choices_data = data.get("choice", [])
        if not isinstance(choices_data, list):
            raise CourseFormatError(
                "choices must be written as [[quiz.question.choice]] tables",
                path,
                lines.key("choice", start),
            )
        for choice_data in choices_data:
            c_start = lines.next("quiz.question.choice", start)
            if not isinstance(choice_data, dict):
                raise CourseFormatError(
                    "each choice must be a [[quiz.question.choice]] table", path, c_start
                )
            _unknown(choice_data, CHOICE_KEYS, "choice", lines, c_start, path)
            if "text" not in choice_data:
                raise CourseFormatError("choice without a text", path, c_start)
            question.choices.append(
                ChoiceSource(
                    text=_bilingual(
                        choice_data["text"], "choice text", path, lines.key("text", c_start)
                    ),
                    correct=_bool(
                        choice_data.get("correct", False),
                        "correct",
                        path,
                        lines.key("correct", c_start),
                    ),
                    feedback=_bilingual(
                        choice_data.get("feedback"),
                        "feedback",
                        path,
                        lines.key("feedback", c_start),
                        required=False,
                    ),
                    line=c_start,
                )
            )
        if len(question.choices) < 2:
            raise CourseFormatError(f"a {kind} question needs at least two choices", path, start)
        correct = sum(choice.correct for choice in question.choices)
        if kind == "single" and correct != 1:
            raise CourseFormatError(
                f"a single-choice question needs exactly one correct choice (found {correct})",
                path,
                start,
            )
        if kind == "multiple" and correct < 1:
            raise CourseFormatError(
                "a multiple-choice question needs at least one correct choice", path, start
            )
        texts = [tuple(choice.text[lang] for lang in LANGS) for choice in question.choices]
        if len(set(texts)) != len(texts):
            raise CourseFormatError("two choices of this question have the same text", path, start)
        if kind == "multiple" and "scoring" in data:
            question.scoring = _choice_of(
                data["scoring"], "scoring", SCORINGS, path, lines.key("scoring", start)
            )
    elif kind == "true_false":
        if "answer" not in data:
            raise CourseFormatError(
                "a true_false question needs answer = true or answer = false", path, start
            )
        answer = _bool(data["answer"], "answer", path, lines.key("answer", start))
        feedback = _bilingual(
            data.get("feedback"), "feedback", path, lines.key("feedback", start), required=False
        )
        question.choices = true_false_choices(answer, feedback)
    else:
        question.accepted = _accepted(data.get("accepted"), path, lines.key("accepted", start))
    return question


def _accepted(value, path: Path, line: int) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise CourseFormatError(
            'a short question needs accepted = { ar = ["…"], en = ["…"] }', path, line
        )
    unknown = set(value) - set(LANGS)
    if unknown:
        raise CourseFormatError(
            f"accepted has unknown language(s): {', '.join(sorted(unknown))}", path, line
        )
    accepted = {}
    for lang in LANGS:
        answers = value.get(lang, [])
        if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
            raise CourseFormatError(f"accepted.{lang} must be a list of strings", path, line)
        cleaned = [a.strip() for a in answers]
        if any(not a or "\n" in a for a in cleaned):
            raise CourseFormatError(
                f"accepted.{lang} has an empty answer or one spanning several lines", path, line
            )
        accepted[lang] = cleaned
    if not accepted["ar"] and not accepted["en"]:
        raise CourseFormatError("a short question needs at least one accepted answer", path, line)
    return accepted
